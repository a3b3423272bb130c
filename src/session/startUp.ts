// Starting the analysis: the library's recognizer with the app's files and launch options (the worker's runtimes
// and the model manifest in parallel, then the first model that loads); and what the page says when start-up
// fails or the worker dies later (nothing works until a reload).

import { createEmotionRecognizer, type EmotionRecognizer, type RecognizerOptions } from '../lib';
import type { AppState } from './state/appState';
import type { LaunchOptions } from './state/launchOptions';
import { failureDetail, problem } from './state/problem';

/** Start-up failed (the worker or every model): nothing works until a reload. */
const COULD_NOT_START =
  'The app could not start: face analysis is not available in this browser tab. Reload the page to try again, or try another browser.';

/** What the page hears from the recognizer while it runs. */
export type RecognizerEvents = Pick<RecognizerOptions, 'onStatus' | 'onBackendChange' | 'onFailure'>;

/**
 * The recognizer, started with the app's files and `options`: the model asked for in the URL, or the next that
 * loads (a model that fails is marked unavailable, with why); rejects if the worker or every model fails.
 */
export function startAnalysis(options: LaunchOptions, events: RecognizerEvents): Promise<EmotionRecognizer> {
  return createEmotionRecognizer({
    // The runtimes' wasm files and the face detector's models are served beside it, under generated/.
    modelBaseUrl: `${import.meta.env.BASE_URL}models/`,
    ...(options.model !== undefined ? { model: options.model } : {}),
    modelFallback: true,
    ...(options.backend ? { backend: options.backend } : {}),
    detectorRange: options.detectorRange,
    minConfidence: options.minConfidence,
    windowLength: options.windowLength,
    detectEvery: options.detectEvery,
    ...(options.wasmThreads !== undefined ? { wasmThreads: options.wasmThreads } : {}),
    ...events,
  });
}

/** The page's state after start-up failed with `error`. */
export function startFailed(error: unknown): Partial<AppState> {
  return {
    phase: 'failed',
    status: 'The app could not start.',
    failure: problem(COULD_NOT_START, failureDetail(error)),
  };
}

/** The page's state once the worker died (`error`: why), during start-up or after. */
export function analysisStopped(starting: boolean, error: unknown): Partial<AppState> {
  return {
    phase: 'failed',
    status: 'Face analysis stopped.',
    failure: problem(
      starting
        ? COULD_NOT_START
        : 'Face analysis stopped: nothing can be labelled until the page is reloaded. Reload the page to start again.',
      failureDetail(error),
    ),
  };
}
