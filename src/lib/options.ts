// Checks a recognizer's options and fills in the defaults, on a copy; the bounds and defaults themselves
// (OPTION_LIMITS, public). Pure: no DOM, no worker, so it is unit-tested in Node.

import { BACKENDS, TFJS_MAX_WASM_THREADS } from '../pipeline/backend';
import { DEFAULT_DETECT_SCHEDULE, MAX_DETECT_EVERY } from '../pipeline/detectSchedule';
import { DETECTOR_RANGE_CHOICES } from '../pipeline/detectorRange';
import { isModelId } from '../pipeline/modelSpec';
import { DEFAULT_SMOOTHING_CONFIG } from '../pipeline/smoothing';
import { MAX_FRAME_STEP } from '../video/results';
import { RecognizerError } from './errors';
import type { BackendPreference, DetectorRange, RecognizerOptions, RecognizerSettings } from './types';

/**
 * The bounds and defaults of the numeric options: `minConfidence`, `windowLength`, `detectEvery` and
 * `wasmThreads` of {@link RecognizerOptions}, `every` of {@link AnalyzeVideoOptions}. The app's settings and URL
 * parameters take the same. `whole`: only whole numbers; no `default`: the machine's choice.
 */
export const OPTION_LIMITS = {
  minConfidence: { min: 0.05, max: 0.95, default: 0.5, whole: false },
  /** Frames in each face's vote counted at `framesPerSecond`: the vote spans `windowLength / framesPerSecond` s. */
  windowLength: {
    min: 1,
    max: 60,
    default: DEFAULT_SMOOTHING_CONFIG.windowLength,
    whole: true,
    framesPerSecond: DEFAULT_SMOOTHING_CONFIG.nominalFps,
  },
  detectEvery: { min: 1, max: MAX_DETECT_EVERY, default: DEFAULT_DETECT_SCHEDULE.detectEvery, whole: true },
  every: { min: 1, max: MAX_FRAME_STEP, default: 1, whole: true },
  wasmThreads: { min: 1, max: TFJS_MAX_WASM_THREADS, whole: true },
} as const;

/** The options with every default filled in and every URL absolute. */
export interface ResolvedOptions {
  /** Absent: the app's own start choice (best measured model). */
  readonly model: string | undefined;
  readonly modelFallback: boolean;
  readonly backend: BackendPreference;
  readonly modelBaseUrl: string;
  readonly tfjsWasmBaseUrl: string;
  /** Without a trailing slash, as tasks-vision wants it. */
  readonly mediapipeWasmBaseUrl: string;
  readonly detectorModelBaseUrl: string;
  readonly detectorRange: DetectorRange;
  readonly minConfidence: number;
  readonly windowLength: number;
  readonly detectEvery: number;
  /** Absent: the machine's choice (pipeline/backend.ts wasmThreads). */
  readonly wasmThreads: number | undefined;
}

export const DEFAULT_MODEL_BASE_URL = '/models/';
const PREFERENCES: readonly BackendPreference[] = ['auto', ...BACKENDS];
const KNOWN_KEYS = new Set([
  'model',
  'modelFallback',
  'backend',
  'modelBaseUrl',
  'tfjsWasmBaseUrl',
  'mediapipeWasmBaseUrl',
  'detectorModelBaseUrl',
  'detectorRange',
  'minConfidence',
  'windowLength',
  'detectEvery',
  'wasmThreads',
  'onStatus',
  'onBackendChange',
  'onFailure',
]);
/** The options setOptions() may change. */
const SETTING_KEYS: ReadonlySet<string> = new Set<keyof RecognizerSettings>([
  'detectorRange',
  'minConfidence',
  'windowLength',
]);

function invalid(message: string): never {
  throw new RecognizerError('invalid-option', message);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return invalid(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${show(value)}`);
}

type Limited = keyof typeof OPTION_LIMITS;

/** `value` checked against `name`'s limits; its default when undefined (or `fallback`, if given), if it has one. */
export function inRange(name: Limited, value: unknown, fallback?: number): number {
  const limits: { min: number; max: number; whole: boolean; default?: number } = OPTION_LIMITS[name];
  const { min, max, whole } = limits;
  const standard = fallback ?? limits.default;
  if (value === undefined && standard !== undefined) return standard;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!whole || Number.isInteger(value));
  if (ok && value >= min && value <= max) return value;
  const kind = whole ? 'a whole number' : 'a number';
  return invalid(`${name} must be ${kind} from ${min} to ${max}; got ${show(value)}`);
}

/** Keys of `given` that are not in `known`, as an 'invalid-option' error naming them; nothing when none. */
function refuseUnknown(given: object, known: ReadonlySet<string>, what: string): void {
  const unknown = Object.keys(given).filter((k) => !known.has(k));
  if (unknown.length > 0)
    invalid(`${what} ${unknown.map((k) => `'${k}'`).join(', ')}; known: ${[...known].join(', ')}`);
}

/** `url` made absolute against `base`, as a folder (trailing slash). */
function folderUrl(name: string, url: unknown, base: string): string {
  if (typeof url !== 'string' || url === '') return invalid(`${name} must be a URL string; got ${show(url)}`);
  try {
    const href = new URL(url, base).href;
    return href.endsWith('/') ? href : `${href}/`;
  } catch {
    return invalid(`${name} is not a URL: ${show(url)}`);
  }
}

/**
 * Validates `options` and fills the defaults. `pageUrl` resolves relative URLs (the page's `location.href`).
 * Throws a RecognizerError with code `'invalid-option'` naming the field, the allowed values and the value given.
 */
export function resolveOptions(options: RecognizerOptions | undefined, pageUrl: string): ResolvedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    invalid(`the options must be an object; got ${show(options)}`);
  const given = (options ?? {}) as Record<string, unknown>;
  refuseUnknown(given, KNOWN_KEYS, 'unknown option');
  const model = given['model'];
  if (model !== undefined && (typeof model !== 'string' || !isModelId(model)))
    invalid(`model must be a model id such as 'vgg'; got ${show(model)}`);
  const modelFallback = given['modelFallback'] ?? false;
  if (typeof modelFallback !== 'boolean')
    invalid(`modelFallback must be true or false; got ${show(modelFallback)}`);
  for (const callback of ['onStatus', 'onBackendChange', 'onFailure'])
    if (given[callback] !== undefined && typeof given[callback] !== 'function')
      invalid(`${callback} must be a function; got ${show(given[callback])}`);
  const modelBaseUrl = folderUrl('modelBaseUrl', given['modelBaseUrl'] ?? DEFAULT_MODEL_BASE_URL, pageUrl);
  const beside = (name: string, folder: string) =>
    folderUrl(name, given[name] ?? `../generated/${folder}/`, modelBaseUrl);
  return {
    model: model as string | undefined,
    modelFallback,
    backend: oneOf('backend', given['backend'], PREFERENCES, 'auto'),
    modelBaseUrl,
    tfjsWasmBaseUrl: beside('tfjsWasmBaseUrl', 'tfjs'),
    mediapipeWasmBaseUrl: beside('mediapipeWasmBaseUrl', 'mediapipe').replace(/\/$/, ''),
    detectorModelBaseUrl: beside('detectorModelBaseUrl', 'models'),
    ...settingsOf(given, {}),
    detectEvery: inRange('detectEvery', given['detectEvery']),
    wasmThreads:
      given['wasmThreads'] === undefined ? undefined : inRange('wasmThreads', given['wasmThreads']),
  };
}

/** The settings of `given`, checked; one left out keeps its value in `current`, or takes its default. */
function settingsOf(
  given: Record<string, unknown>,
  current: RecognizerSettings,
): Required<RecognizerSettings> {
  const range = current.detectorRange ?? 'auto';
  return {
    detectorRange: oneOf('detectorRange', given['detectorRange'], DETECTOR_RANGE_CHOICES, range),
    minConfidence: inRange('minConfidence', given['minConfidence'], current.minConfidence),
    windowLength: inRange('windowLength', given['windowLength'], current.windowLength),
  };
}

/**
 * setOptions()'s `settings` checked and merged into `current`. Throws an 'invalid-option' RecognizerError as
 * resolveOptions does; naming an option that is fixed once the recognizer runs says so.
 */
export function resolveSettings(
  settings: unknown,
  current: Required<RecognizerSettings>,
): Required<RecognizerSettings> {
  if (typeof settings !== 'object' || settings === null)
    invalid(`the settings must be an object; got ${show(settings)}`);
  const given = settings as Record<string, unknown>;
  const fixed = Object.keys(given).filter((k) => KNOWN_KEYS.has(k) && !SETTING_KEYS.has(k));
  if (fixed.length > 0)
    invalid(
      `${fixed.map((k) => `'${k}'`).join(', ')} cannot change on a running recognizer (setModel() changes ` +
        `the model; create a new recognizer for the others); setOptions() takes ${[...SETTING_KEYS].join(', ')}`,
    );
  refuseUnknown(given, SETTING_KEYS, 'unknown setting');
  return settingsOf(given, current);
}

/** A value as a developer would type it, for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value).slice(8, -1); // "Array", "HTMLDivElement"
}
