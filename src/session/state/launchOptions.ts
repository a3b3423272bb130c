// Settings a URL can carry (?model=vgg&backend=wasm&range=auto&window=10&minConfidence=0.5&detectEvery=3
// &threads=2), validated.

import {
  type BackendName,
  DEFAULT_DETECT_SCHEDULE,
  type DetectorRangeChoice,
  MAX_DETECT_EVERY,
  TFJS_MAX_WASM_THREADS,
  isBackendName,
  isDetectorRangeChoice,
} from '../../lib/internal';

export interface LaunchOptions {
  readonly model?: string;
  readonly backend?: BackendName;
  readonly detectorRange: DetectorRangeChoice;
  readonly minConfidence: number;
  /** Frames in each face's majority vote at the nominal 10 fps (pipeline/smoothing.ts). */
  readonly windowLength: number;
  /** The detector runs on every k-th frame at least (pipeline/detectSchedule.ts); 1: every frame. */
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
  // Faces at every distance: full range, and short range when a face is near (pipeline/detectorRange.ts).
  detectorRange: 'auto',
  minConfidence: 0.5,
  windowLength: 10,
  detectEvery: DEFAULT_DETECT_SCHEDULE.detectEvery,
};

/** `defaults`: what applies where the URL says nothing (the user's stored settings). */
export function parseLaunchOptions(search: string, defaults = DEFAULT_LAUNCH_OPTIONS): ParsedLaunchOptions {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  let options: LaunchOptions = defaults;
  const model = params.get('model');
  if (model !== null) {
    if (/^[a-z0-9_-]{1,32}$/i.test(model)) options = { ...options, model };
    else problems.push(`model "${model}" is not a model name`);
  }
  const backend = params.get('backend');
  if (backend !== null) {
    if (isBackendName(backend)) options = { ...options, backend };
    else problems.push(`backend "${backend}" is not one of webgpu, webgl, wasm, cpu`);
  }
  const range = params.get('range');
  if (range !== null) {
    if (isDetectorRangeChoice(range)) options = { ...options, detectorRange: range };
    else problems.push(`range "${range}" must be auto, short or full`);
  }
  const windowText = params.get('window');
  if (windowText !== null) {
    const n = Number(windowText);
    if (Number.isInteger(n) && n >= 1 && n <= 60) options = { ...options, windowLength: n };
    else problems.push(`window "${windowText}" must be a whole number from 1 to 60`);
  }
  const everyText = params.get('detectEvery');
  if (everyText !== null) {
    const k = Number(everyText);
    if (Number.isInteger(k) && k >= 1 && k <= MAX_DETECT_EVERY) options = { ...options, detectEvery: k };
    else problems.push(`detectEvery "${everyText}" must be a whole number from 1 to ${MAX_DETECT_EVERY}`);
  }
  const threadsText = params.get('threads');
  if (threadsText !== null) {
    const n = Number(threadsText);
    if (Number.isInteger(n) && n >= 1 && n <= TFJS_MAX_WASM_THREADS) options = { ...options, wasmThreads: n };
    else problems.push(`threads "${threadsText}" must be a whole number from 1 to ${TFJS_MAX_WASM_THREADS}`);
  }
  const conf = params.get('minConfidence');
  if (conf !== null) {
    const c = Number(conf);
    if (conf.trim() !== '' && Number.isFinite(c) && c >= 0.05 && c <= 0.95)
      options = { ...options, minConfidence: c };
    else problems.push(`minConfidence "${conf}" must be a number from 0.05 to 0.95`);
  }
  return { options, problems };
}
