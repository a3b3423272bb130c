// The messages between the page and the analysis worker, both ways. Each side handles them in a `switch`
// ending in `assertNever`, so a message one side can send but the other ignores is a type error.

import type { FrameResult } from '../pipeline/frameResult';
import type { BackendChoice, BackendName, BackendProbe } from '../pipeline/backend';
import type { DetectorRangeChoice } from '../pipeline/detectorRange';
import type { ModelSpec } from '../pipeline/modelSpec';

/**
 * A frame handed to the worker, which closes it: an ImageBitmap (camera, playback, stills) or, from a
 * whole-file analysis, the decoder's own VideoFrame (no canvas draw and no bitmap copy on the way).
 */
export type FrameImage = ImageBitmap | VideoFrame;

/** Everything the worker needs to start: the launch options that concern it and where its files are. */
export interface WorkerConfig {
  /** Absolute URL folder (trailing slash) of TF.js's wasm files. */
  readonly tfjsWasmBaseUrl: string;
  /** Absolute URL folder (no trailing slash, as tasks-vision wants it) of MediaPipe's wasm files. */
  readonly mediapipeWasmBaseUrl: string;
  /** Absolute URL folder (trailing slash) of the patched face detector models. */
  readonly detectorModelBaseUrl: string;
  readonly detectorRange: DetectorRangeChoice;
  readonly minConfidence: number;
  /** Frames in each face's majority vote at the nominal 10 fps: the vote spans windowLength / 10 s. */
  readonly windowLength: number;
  /** The detector runs on every k-th frame at least (pipeline/detectSchedule.ts); 1: every frame. */
  readonly detectEvery: number;
  /** The backend asked for in the URL, if any; used when available. */
  readonly backend?: BackendName;
  /**
   * TF.js's wasm threads asked for in the URL (1 to TFJS_MAX_WASM_THREADS), instead of this machine's
   * choice (pipeline/backend.ts wasmThreads); more than one needs a cross-origin isolated page.
   */
  readonly wasmThreads?: number;
}

/** The settings the worker applies: which detector, its threshold, the vote window. */
export interface AnalysisSettings {
  readonly detectorRange: DetectorRangeChoice;
  readonly minConfidence: number;
  readonly windowLength: number;
}

/** One model's files, as the worker loads them. */
export interface ModelFiles {
  /** For messages (which member of an ensemble failed). */
  readonly name: string;
  /** Absolute URL of the model's model.json. */
  readonly modelUrl: string;
  readonly spec: ModelSpec;
}

/** What one entry of the Model menu loads: one model, or an ensemble that averages its members. */
export interface ModelLoad {
  /** One model's files, or each member's of an ensemble (pipeline/ensemble.ts). */
  readonly members: readonly ModelFiles[];
  /** Ensembles only: also classify the mirrored faces (EnsembleConfig.flipAverage). */
  readonly flipAverage: boolean;
}

/** Page → worker. Every request carries a `requestId` that the answer repeats. */
export type ToWorker =
  /**
   * `detectionPort`: the analysis worker's end of a channel to the detection worker (detection.worker.ts),
   * whose other end the page has handed that worker; transferred.
   */
  | {
      readonly type: 'init';
      readonly requestId: number;
      readonly config: WorkerConfig;
      readonly detectionPort: MessagePort;
    }
  | {
      readonly type: 'loadModel';
      readonly requestId: number;
      readonly id: string;
      readonly model: ModelLoad;
    }
  /**
   * One live frame or a file's frame; the image is transferred and the worker closes it. Tracks carry
   * over between frames; `time` (seconds: media time, or capture time for a camera) measures the vote's span.
   */
  | {
      readonly type: 'frame';
      readonly requestId: number;
      readonly image: FrameImage;
      readonly time: number;
    }
  /**
   * One still image, analysed with fresh tracks so that earlier images do not vote. Bitmap as for 'frame'.
   * `averageViews`: each face is classified at STILL_VIEW_SCALES, each crop also mirrored left to right, and
   * the views averaged; false: its one crop, once.
   */
  | {
      readonly type: 'analyzeStill';
      readonly requestId: number;
      readonly bitmap: ImageBitmap;
      readonly averageViews: boolean;
    }
  /**
   * Bare 48×48 grey images (row-major uint8) straight into the current classifier; `mirror`: each averaged
   * with its mirror image (the only other view a bare crop has).
   */
  | {
      readonly type: 'classifyGrey';
      readonly requestId: number;
      readonly pixels: Uint8Array;
      readonly count: number;
      readonly mirror: boolean;
    }
  /** New detector and smoothing settings; tracks restart. Answered by 'configured' or 'error'. */
  | { readonly type: 'configure'; readonly requestId: number; readonly settings: AnalysisSettings }
  /** The worker's TF.js memory, for the soak test and the benchmark. */
  | { readonly type: 'memory'; readonly requestId: number }
  /**
   * Fault injection for the tests: destroys the WebGPU device under TF.js, as a GPU reset or driver
   * crash would. No answer; the worker then reports 'backendChanged' like for a real loss.
   */
  | { readonly type: 'simulateGpuLoss' }
  /**
   * Forget every face (the source stopped or changed, a seek). `renumber`: the next face is Face 1 (a new
   * analysis, camera session or file). No answer.
   */
  | { readonly type: 'resetTracks'; readonly renumber: boolean }
  /** Release the runtimes and end the worker. No answer. */
  | { readonly type: 'dispose' };

/** Worker → page. */
export type FromWorker =
  /** Start-up progress for the status line, answering 'init' before 'ready'. */
  | { readonly type: 'progress'; readonly requestId: number; readonly status: string }
  | {
      readonly type: 'ready';
      readonly requestId: number;
      readonly backends: readonly BackendProbe[];
      readonly choice: BackendChoice;
    }
  | { readonly type: 'initFailed'; readonly requestId: number; readonly message: string }
  /** The model now runs; the previous one is disposed once the frame in flight is done. */
  | { readonly type: 'modelLoaded'; readonly requestId: number; readonly id: string }
  /** The model could not be loaded; the previous one keeps running. */
  | {
      readonly type: 'modelFailed';
      readonly requestId: number;
      readonly id: string;
      readonly message: string;
    }
  /** Answers 'frame' and 'analyzeStill'. */
  | { readonly type: 'result'; readonly requestId: number; readonly result: FrameResult }
  /** Answers 'classifyGrey': probabilities per image, in the order of the model's labels. */
  | { readonly type: 'greyResult'; readonly requestId: number; readonly probabilities: Float32Array[] }
  /** Answers 'configure'. */
  | { readonly type: 'configured'; readonly requestId: number }
  /** Answers 'memory'. */
  | {
      readonly type: 'memoryReport';
      readonly requestId: number;
      readonly numTensors: number;
      readonly numBytes: number;
    }
  /** The backend changed while running (the WebGPU device was lost); `choice.reason` says why. */
  | { readonly type: 'backendChanged'; readonly choice: BackendChoice }
  /** A 'frame', 'analyzeStill' or 'classifyGrey' request failed. */
  | { readonly type: 'error'; readonly requestId: number; readonly message: string };

export type Request<T extends ToWorker['type']> = Extract<ToWorker, { type: T }>;

/** The default branch of an exhaustive switch: a compile error if a message type is left unhandled. */
export function assertNever(message: never): never {
  throw new Error(`unexpected message ${JSON.stringify(message)}`);
}
