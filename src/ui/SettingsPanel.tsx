// Settings users of such tools ask for, kept between visits; each value validated with a message.

import { useState } from 'react';
import { isDetectorRange, OPTION_LIMITS, type DetectorRange } from '../lib';
import type { Session } from '../session/controller';
import { LIMITS, type Settings } from '../session/state/settings';
import { useStore } from './useStore';

type NumberKey = 'windowLength' | 'minConfidence';
type SwitchKey = 'mirror' | 'showBoxes' | 'showLabels' | 'showProbabilities';

/** The detector ranges in the user's words, the default first. */
const RANGES: [DetectorRange, string][] = [
  ['auto', 'Automatic (near and far)'],
  ['short', 'Near (selfie distance)'],
  ['full', 'Far (small and turned faces)'],
];

const SWITCHES: [SwitchKey, string][] = [
  ['mirror', 'Mirror the camera'],
  ['showBoxes', 'Show boxes'],
  ['showLabels', 'Show labels on the video'],
  ['showProbabilities', 'Show probabilities'],
];

/** A number field that keeps what the user typed until it is valid, then applies it. */
function NumberSetting(props: {
  readonly session: Session;
  readonly name: NumberKey;
  readonly label: string;
  readonly step: number;
  readonly value: number;
}) {
  const { session, name, label, step, value } = props;
  const [text, setText] = useState(String(value));
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // the setting changed elsewhere (reset to defaults): show the new value
    setShown(value);
    setText(String(value));
  }
  const limits = LIMITS[name];
  return (
    <label>
      {label}{' '}
      <input
        type="number"
        min={limits.min}
        max={limits.max}
        step={step}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          void session.updateSetting(
            name,
            e.target.value.trim() === '' ? Number.NaN : Number(e.target.value),
          );
        }}
      />
    </label>
  );
}

export function SettingsPanel({ session }: { readonly session: Session }) {
  const { settings, settingsMessage } = useStore(session.state);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    void session.updateSetting(key, value);
  return (
    <details className="settings">
      <summary>Settings</summary>
      <div className="settings-grid">
        <NumberSetting
          session={session}
          name="windowLength"
          // The vote spans seconds: the frames are counted at the nominal rate, whatever the camera's.
          label={`Smoothing window (frames), counted at ${OPTION_LIMITS.windowLength.framesPerSecond} fps: ${OPTION_LIMITS.windowLength.framesPerSecond} = the last second`}
          step={1}
          value={settings.windowLength}
        />
        <NumberSetting
          session={session}
          name="minConfidence"
          label="Minimum detection confidence"
          step={0.05}
          value={settings.minConfidence}
        />
        <label>
          Detector range{' '}
          <select
            value={settings.detectorRange}
            onChange={(e) => {
              if (isDetectorRange(e.target.value)) set('detectorRange', e.target.value);
            }}
          >
            {RANGES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {SWITCHES.map(([key, label]) => (
          <label key={key}>
            <input type="checkbox" checked={settings[key]} onChange={(e) => set(key, e.target.checked)} />{' '}
            {label}
          </label>
        ))}
      </div>
      {settingsMessage && (
        <p className="notice" role="alert">
          {settingsMessage}
        </p>
      )}
      <button type="button" onClick={() => void session.resetSettings()}>
        Reset to defaults
      </button>
    </details>
  );
}
