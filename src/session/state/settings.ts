// The user's settings, validated, kept between visits in localStorage. URL parameters (launchOptions.ts)
// override them for one visit; "Reset to defaults" clears them.

import type { Source } from './source';
import { isDetectorRange, OPTION_LIMITS, type DetectorRange } from '../../lib';
import { DEFAULT_LAUNCH_OPTIONS } from './launchOptions';

export interface Settings {
  /** Frames in each face's majority vote. */
  readonly windowLength: number;
  /** Camera shown as a mirror (selfie view). */
  readonly mirror: boolean;
  /** 'auto': both face models as needed; 'short' / 'full': the user's override. */
  readonly detectorRange: DetectorRange;
  /** Detections below this score are ignored. */
  readonly minConfidence: number;
  readonly showBoxes: boolean;
  readonly showLabels: boolean;
  /** Probability bars per face in the face panel. */
  readonly showProbabilities: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  windowLength: DEFAULT_LAUNCH_OPTIONS.windowLength,
  mirror: true,
  detectorRange: DEFAULT_LAUNCH_OPTIONS.detectorRange,
  minConfidence: DEFAULT_LAUNCH_OPTIONS.minConfidence,
  showBoxes: true,
  showLabels: true,
  showProbabilities: true,
};

/** Whether the stage shows its source mirrored: a camera as a selfie view when the user wants one; a file
 * always as it was filmed. The live view and a snapshot both follow this. */
export function shownMirrored(source: Source, settings: Pick<Settings, 'mirror'>): boolean {
  return source === 'camera' && settings.mirror;
}

export const SETTINGS_KEY = 'fer-live.settings.v2';
/**
 * Settings stored before the 'auto' detector range. Every save wrote the whole object, so their 'full' is
 * mostly the old default, not a choice: it loads as today's default. 'short' was chosen, and is kept.
 */
export const V1_SETTINGS_KEY = 'fer-live.settings.v1';

/** The limits a value must keep, with the message shown when it does not. */
export const LIMITS = {
  windowLength: {
    min: OPTION_LIMITS.windowLength.min,
    max: OPTION_LIMITS.windowLength.max,
    message: `The smoothing window must be a whole number of frames from ${OPTION_LIMITS.windowLength.min} to ${OPTION_LIMITS.windowLength.max}.`,
  },
  minConfidence: {
    min: OPTION_LIMITS.minConfidence.min,
    max: OPTION_LIMITS.minConfidence.max,
    message: `The minimum detection confidence must be from ${OPTION_LIMITS.minConfidence.min} to ${OPTION_LIMITS.minConfidence.max}.`,
  },
} as const;

/** Why `value` cannot be `key`'s new value, or null when it can. */
export function settingProblem<K extends keyof Settings>(key: K, value: Settings[K]): string | null {
  switch (key) {
    case 'windowLength': {
      const n = value as number;
      const { min, max, message } = LIMITS.windowLength;
      return Number.isInteger(n) && n >= min && n <= max ? null : message;
    }
    case 'minConfidence': {
      const c = value as number;
      const { min, max, message } = LIMITS.minConfidence;
      return Number.isFinite(c) && c >= min && c <= max ? null : message;
    }
    case 'detectorRange':
      return isDetectorRange(value) ? null : 'The detector range must be automatic, near or far.';
    default:
      return typeof value === 'boolean' ? null : `${key} must be on or off.`;
  }
}

/** Reads stored settings; anything missing, malformed or out of range falls back to its default. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | null): Settings {
  const stored = readStored(storage, SETTINGS_KEY) ?? fromV1(readStored(storage, V1_SETTINGS_KEY) ?? {});
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const value = stored[key];
    if (value !== undefined && settingProblem(key, value as never) === null) settings[key] = value;
  }
  return settings as unknown as Settings;
}

/** The stored object under `key`; null when there is none, {} when it is damaged. */
function readStored(storage: Pick<Storage, 'getItem'> | null, key: string): Record<string, unknown> | null {
  try {
    const text = storage?.getItem(key);
    if (text === null || text === undefined) return null;
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // a damaged entry is ignored: the defaults are used and rewritten on the next change
    return {};
  }
}

/** Old settings as today's: see V1_SETTINGS_KEY. */
function fromV1(stored: Record<string, unknown>): Record<string, unknown> {
  const { detectorRange, ...rest } = stored;
  return detectorRange === 'full' ? rest : stored;
}

/** Stores the settings; a full or blocked storage only means they are not remembered. */
export function saveSettings(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | null,
  settings: Settings,
): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
    storage?.removeItem(V1_SETTINGS_KEY); // superseded: it would otherwise stay forever
  } catch {
    // private mode or quota: the settings still apply to this visit
  }
}

export function clearSettings(storage: Pick<Storage, 'removeItem'> | null): void {
  try {
    storage?.removeItem(SETTINGS_KEY);
    storage?.removeItem(V1_SETTINGS_KEY);
  } catch {
    // as above
  }
}
