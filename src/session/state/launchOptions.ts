// Settings a URL can carry (?model=vgg&backend=wasm&range=auto&window=10&minConfidence=0.5&detectEvery=3
// &threads=2), validated.

import {
  isBackendName,
  isDetectorRange,
  isModelId,
  OPTION_LIMITS,
  type BackendName,
  type DetectorRange,
} from '../../lib';

export interface LaunchOptions {
  readonly model?: string;
  readonly backend?: BackendName;
  readonly detectorRange: DetectorRange;
  readonly minConfidence: number;
  /** Frames in each face's majority vote, counted at 10 fps (OPTION_LIMITS.windowLength). */
  readonly windowLength: number;
  /** The detector runs on every k-th frame at least; 1: every frame. */
  readonly detectEvery: number;
  /** TF.js's wasm threads, instead of the machine's choice (for measuring it: bench/threads.mjs). */
  readonly wasmThreads?: number;
}

export interface ParsedLaunchOptions {
  readonly options: LaunchOptions;
  /** One message per rejected parameter; the default is used instead. */
  readonly problems: readonly string[];
}

export const DEFAULT_LAUNCH_OPTIONS: LaunchOptions = {
  // Faces at every distance: full range, and short range when a face is near.
  detectorRange: 'auto',
  minConfidence: OPTION_LIMITS.minConfidence.default,
  windowLength: OPTION_LIMITS.windowLength.default,
  detectEvery: OPTION_LIMITS.detectEvery.default,
};

/** `defaults`: what applies where the URL says nothing (the user's stored settings). */
export function parseLaunchOptions(search: string, defaults = DEFAULT_LAUNCH_OPTIONS): ParsedLaunchOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let options: LaunchOptions = defaults;
  const model = params.get('model');
  if (model !== null) {
    if (isModelId(model)) options = { ...options, model };
    else problems.push(`model "${model}" is not a model name`);
  }
  const backend = params.get('backend');
  if (backend !== null) {
    if (isBackendName(backend)) options = { ...options, backend };
    else problems.push(`backend "${backend}" is not one of webgpu, webgl, wasm, cpu`);
  }
  const range = params.get('range');
  if (range !== null) {
    if (isDetectorRange(range)) options = { ...options, detectorRange: range };
    else problems.push(`range "${range}" must be auto, short or full`);
  }
  // The numbers: the URL's name for each, and the option (with its bounds) it sets.
  const numbers = [
    ['window', 'windowLength'],
    ['detectEvery', 'detectEvery'],
    ['minConfidence', 'minConfidence'],
    ['threads', 'wasmThreads'],
  ] as const;
  for (const [param, name] of numbers) {
    const text = params.get(param);
    if (text === null) continue;
    const value = limited(param, text, name);
    if (typeof value === 'number') options = { ...options, [name]: value };
    else problems.push(value);
  }
  return { options, problems };
}

/** `text` as the value of option `name` (within OPTION_LIMITS), or the problem with it, naming `param`. */
function limited(param: string, text: string, name: keyof typeof OPTION_LIMITS): number | string {
  const { min, max, whole } = OPTION_LIMITS[name];
  const n = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(n) && (!whole || Number.isInteger(n));
  if (ok && n >= min && n <= max) return n;
  return `${param} "${text}" must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`;
}
