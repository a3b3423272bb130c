// The app's door to the engine: what this repository's page takes from src/pipeline and src/worker beyond the
// public API (index.ts). The page drives the worker frame by frame (a live camera, backend and settings changes,
// fault injection), which the public recognizer rightly hides. Not in package.json's exports, not built into
// dist-lib, no semver promise: a developer's code uses index.ts. A lint rule keeps every other import of the
// pipeline and the worker out of the app.

/** The page's client of the analysis worker: typed calls, one failure when the worker dies. */
export { AnalysisClient, type AnalysisEvents } from '../worker/analysisClient';
/** An image the worker takes (transferred, closed there). */
export type { FrameImage } from '../worker/protocol';

/** One analysed frame: faces with boxes in the frame's pixels, labels, votes, stage times. */
export type { FaceResult, FrameResult, StageTimings } from '../pipeline/frameResult';
export type { Box, VideoBox } from '../pipeline/geometry';

/** The manifest's models, with what the worker loads for each. */
export { listModels, type ModelOption, type ModelRef } from './models';

/** Backends, as the worker probes and picks them; the page shows the choice and its reason. */
export {
  isBackendName,
  TFJS_MAX_WASM_THREADS,
  type BackendChoice,
  type BackendName,
  type BackendProbe,
} from '../pipeline/backend';

/** Defaults and bounds the page's settings share with the worker, so that they are stated once. */
export { isDetectorRangeChoice, type DetectorRangeChoice } from '../pipeline/detectorRange';
export { DEFAULT_DETECT_SCHEDULE, MAX_DETECT_EVERY } from '../pipeline/detectSchedule';
export { DEFAULT_SMOOTHING_CONFIG } from '../pipeline/smoothing';

/** The words of a thrown value, for a message. */
export { errorMessage } from '../pipeline/errorMessage';
