// Starting the analysis: the worker's runtimes and the model manifest in parallel, then the first model; and
// what the page says when start-up fails or the worker dies later (nothing works until a reload).

import { type AnalysisClient, errorMessage, listModels } from '../lib/internal';
import type { AppState } from './state/appState';
import type { LaunchOptions } from './state/launchOptions';
import type { ModelChoice } from './state/modelChoice';
import { problem } from './state/problem';
import type { Store } from './state/store';

const BASE = import.meta.env.BASE_URL;
/** Absolute, because the worker would resolve a relative URL against its own script's folder. */
const appUrl = (path: string) => new URL(`${BASE}${path}`, location.href).href;
/** Start-up failed (the worker or every model): nothing works until a reload. */
const COULD_NOT_START =
  'The app could not start: face analysis is not available in this browser tab. Reload the page to try again, or try another browser.';

/**
 * Starts the worker with the app's files and `options` (the backends it probed and chose are shown as soon as
 * known), then loads the first model; rejects if either fails.
 */
export async function startAnalysis(
  state: Store<AppState>,
  analysis: AnalysisClient,
  models: ModelChoice,
  options: LaunchOptions,
): Promise<void> {
  // The manifest is read here while the worker starts its runtimes.
  const [started, listed] = await Promise.all([
    analysis.init({
      tfjsWasmBaseUrl: appUrl('generated/tfjs/'),
      mediapipeWasmBaseUrl: appUrl('generated/mediapipe'),
      detectorModelBaseUrl: appUrl('generated/models/'),
      detectorRange: options.detectorRange,
      minConfidence: options.minConfidence,
      windowLength: options.windowLength,
      detectEvery: options.detectEvery,
      ...(options.backend ? { backend: options.backend } : {}),
      ...(options.wasmThreads ? { wasmThreads: options.wasmThreads } : {}),
    }),
    listModels(`${BASE}models/`),
  ]);
  state.set({ backends: started.backends, backend: started.choice });
  await models.loadFirst(listed, options.model);
}

/** The page's state after start-up failed with `error`. */
export function startFailed(error: unknown): Partial<AppState> {
  return {
    phase: 'failed',
    status: 'The app could not start.',
    failure: problem(COULD_NOT_START, errorMessage(error)),
  };
}

/** The page's state once the worker died (`message`: why), during start-up or after. */
export function analysisStopped(starting: boolean, message: string): Partial<AppState> {
  return {
    phase: 'failed',
    status: 'Face analysis stopped.',
    failure: problem(
      starting
        ? COULD_NOT_START
        : 'Face analysis stopped: nothing can be labelled until the page is reloaded. Reload the page to start again.',
      message,
    ),
  };
}
