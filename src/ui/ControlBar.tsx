// The one compact bar of controls: camera, file, snapshot, model, backend. The camera button is one
// element whose text swaps (Start ↔ Stop), and the Model menu stays enabled while a model loads, so the
// keyboard focus stays where the person left it.

import { useRef } from 'react';
import type { Session } from '../session/controller';
import { describeModel } from '../session/state/modelMessages';
import { RecordButton } from './RecordingPanel';
import { useStore } from './useStore';

/** The Start/Stop camera button, which a Retry hands the focus to. */
export const CAMERA_BUTTON_ID = 'camera-button';

function switchBackend(name: string): void {
  const url = new URL(location.href);
  url.searchParams.set('backend', name);
  location.assign(url.toString());
}

interface Props {
  readonly session: Session;
  readonly openFiles: (files: File[]) => void;
}

export function ControlBar({ session, openFiles }: Props) {
  const state = useStore(session.state);
  const jobs = useStore(session.jobs.state);
  const photosBusy = useStore(session.photos.state).status === 'labelling';
  const recording = useStore(session.capture.recorder.state).recording;
  const fileInput = useRef<HTMLInputElement>(null);
  const ready = state.phase === 'ready';
  const camera = state.source === 'camera';
  const fileBusy = jobs.status === 'analysing' || jobs.exportProgress !== null;
  return (
    <div className="controls" role="group" aria-label="Controls">
      <button
        id={CAMERA_BUTTON_ID}
        type="button"
        disabled={!camera && !ready}
        onClick={() => (camera ? session.stopSource() : void session.startCamera())}
      >
        {camera ? 'Stop camera' : 'Start camera'}
      </button>
      {camera && <RecordButton session={session} />}
      {state.cameras.length > 1 && (
        <label>
          Camera{' '}
          <select
            value={state.cameraId ?? ''}
            onChange={(e) => void session.startCamera(e.target.value || null)}
          >
            <option value="">Default (front)</option>
            {state.cameras.map((c) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" disabled={!ready} onClick={() => fileInput.current?.click()}>
        Open video or photo
      </button>
      {state.source !== 'none' && (
        <button type="button" onClick={() => void session.capture.saveSnapshot()}>
          Snapshot
        </button>
      )}
      <input
        ref={fileInput}
        type="file"
        accept="video/*,image/*"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = ''; // the same file can be chosen again
          if (files.length > 0) openFiles(files);
        }}
      />
      <label>
        Model{' '}
        <select
          value={state.loadingModel ?? state.selectedModel ?? ''}
          // Not disabled while a model loads: a disabled select drops the focus to the page.
          disabled={!ready || fileBusy || recording || photosBusy}
          aria-busy={state.modelLoading}
          title={recording ? 'A recording keeps one model: stop it to change the model' : undefined}
          onChange={(e) => void session.selectModel(e.target.value)}
        >
          {state.models.map((m) => (
            <option key={m.id} value={m.id} disabled={Boolean(m.unavailable)}>
              {describeModel(m)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Backend{' '}
        <select
          value={state.backend?.name ?? ''}
          disabled={!ready}
          onChange={(e) => switchBackend(e.target.value)}
        >
          {state.backends.map((b) => (
            <option key={b.name} value={b.name} disabled={!b.available}>
              {b.name}
              {b.available ? '' : ' (unavailable)'}
              {b.threads && b.threads > 1 ? ` (${b.threads} threads)` : ''}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
