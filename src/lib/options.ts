// Checks a recognizer's options and fills in the defaults, on a copy. Pure: no DOM, no worker, so it is
// unit-tested in Node.

import { DEFAULT_DETECT_SCHEDULE, MAX_DETECT_EVERY } from '../pipeline/detectSchedule';
import { RecognizerError } from './errors';
import type { BackendPreference, DetectorRange, RecognizerOptions } from './types';

/** The options with every default filled in and every URL absolute. */
export interface ResolvedOptions {
  /** Absent: the app's own start choice (best measured model). */
  readonly model: string | undefined;
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
}

export const DEFAULT_MODEL_BASE_URL = '/models/';
const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const RANGES: readonly DetectorRange[] = ['auto', 'short', 'full'];
/** The same bounds as the app's settings and URL parameters (session/state/launchOptions.ts). */
const CONFIDENCE = { min: 0.05, max: 0.95, default: 0.5 };
const WINDOW = { min: 1, max: 60, default: 10 };
const DETECT_EVERY = { min: 1, max: MAX_DETECT_EVERY, default: DEFAULT_DETECT_SCHEDULE.detectEvery };
const KNOWN_KEYS = new Set([
  'model',
  'backend',
  'modelBaseUrl',
  'tfjsWasmBaseUrl',
  'mediapipeWasmBaseUrl',
  'detectorModelBaseUrl',
  'detectorRange',
  'minConfidence',
  'windowLength',
  'detectEvery',
  'onStatus',
]);

function invalid(message: string): never {
  throw new RecognizerError('invalid-option', message);
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return invalid(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}; got ${show(value)}`);
}

function inRange(name: string, value: unknown, bounds: typeof CONFIDENCE, whole: boolean): number {
  if (value === undefined) return bounds.default;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!whole || Number.isInteger(value));
  if (ok && value >= bounds.min && value <= bounds.max) return value;
  const kind = whole ? 'a whole number' : 'a number';
  return invalid(`${name} must be ${kind} from ${bounds.min} to ${bounds.max}; got ${show(value)}`);
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
  const unknown = Object.keys(given).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0)
    invalid(
      `unknown option ${unknown.map((k) => `'${k}'`).join(', ')}; known: ${[...KNOWN_KEYS].join(', ')}`,
    );
  const model = given['model'];
  if (model !== undefined && (typeof model !== 'string' || !/^[a-z0-9_-]{1,32}$/i.test(model)))
    invalid(`model must be a model id such as 'vgg'; got ${show(model)}`);
  if (given['onStatus'] !== undefined && typeof given['onStatus'] !== 'function')
    invalid(`onStatus must be a function; got ${show(given['onStatus'])}`);
  const modelBaseUrl = folderUrl('modelBaseUrl', given['modelBaseUrl'] ?? DEFAULT_MODEL_BASE_URL, pageUrl);
  const beside = (name: string, folder: string) =>
    folderUrl(name, given[name] ?? `../generated/${folder}/`, modelBaseUrl);
  return {
    model: model as string | undefined,
    backend: oneOf('backend', given['backend'], BACKENDS, 'auto'),
    modelBaseUrl,
    tfjsWasmBaseUrl: beside('tfjsWasmBaseUrl', 'tfjs'),
    mediapipeWasmBaseUrl: beside('mediapipeWasmBaseUrl', 'mediapipe').replace(/\/$/, ''),
    detectorModelBaseUrl: beside('detectorModelBaseUrl', 'models'),
    detectorRange: oneOf('detectorRange', given['detectorRange'], RANGES, 'auto'),
    minConfidence: inRange('minConfidence', given['minConfidence'], CONFIDENCE, false),
    windowLength: inRange('windowLength', given['windowLength'], WINDOW, true),
    detectEvery: inRange('detectEvery', given['detectEvery'], DETECT_EVERY, true),
  };
}

/** A value as a developer would type it, for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  return Object.prototype.toString.call(value).slice(8, -1); // "Array", "HTMLDivElement"
}
