// The library's public types. Data and option shapes only: this module imports no runtime, so a consumer (or
// the app) can use them without pulling TF.js, MediaPipe or the worker onto its page thread.

import type { BackendName, BackendProbe } from '../pipeline/backend';
import type { DetectorRangeChoice } from '../pipeline/detectorRange';
import type { FrameResult } from '../pipeline/frameResult';
import type { AnalysisProgress } from '../video/results';
import type { RecognizerError } from './errors';

export type { RecognizerErrorCode } from './errors';
import type { ImageAnalysis, PhotoAnalysis, VideoAnalysis } from './resultTypes';

export type { BackendName, BackendProbe };
export type * from './resultTypes';

/** The models shipped in `models/manifest.json`: three classifiers and their ensemble ("All three"). */
export type ModelId = 'cnn' | 'vgg' | 'resnet' | 'all';

/** A model's id: one of the shipped {@link ModelId}s, or any other id the manifest at `modelBaseUrl` lists. */
export type ModelName = ModelId | (string & NonNullable<unknown>);

/** Where TF.js runs the classifier. `'auto'` probes them all and takes the fastest measured (webgpu → webgl → wasm → cpu). */
export type BackendPreference = 'auto' | BackendName;

/** Which MediaPipe face model finds faces: both as needed (`'auto'`), near faces only, or far faces only. */
export type DetectorRange = DetectorRangeChoice;

/** Options of {@link createEmotionRecognizer}. Every field is optional; each names its default. */
export interface RecognizerOptions {
  /**
   * The classifier. Default: the one the app starts with (the best measured on faces outside FER2013, read
   * from the model cards; the VGG today).
   */
  readonly model?: ModelName;
  /**
   * Default `false`: a `model` that is not listed or cannot be loaded rejects the start (`'unknown-model'`,
   * `'model-unavailable'`). `true`: the recognizer starts with the next model in the default order instead, as
   * the app does with its `?model=` URL setting; {@link EmotionRecognizer.models} says why one failed.
   */
  readonly modelFallback?: boolean;
  /** Default `'auto'`. An unavailable backend falls back to the next one and says so in {@link BackendInfo.reason}. */
  readonly backend?: BackendPreference;
  /**
   * Absolute or page-relative URL of the folder holding `manifest.json` and one folder per model (the
   * package's `dist-lib/models/`). Default `'/models/'` on the page's origin. Nothing else is fetched from the
   * network except the three folders below.
   */
  readonly modelBaseUrl?: string;
  /** Folder of TF.js's `.wasm` files. Default: `../generated/tfjs/` relative to `modelBaseUrl`. */
  readonly tfjsWasmBaseUrl?: string;
  /** Folder of MediaPipe tasks-vision's wasm files. Default: `../generated/mediapipe/` relative to `modelBaseUrl`. */
  readonly mediapipeWasmBaseUrl?: string;
  /** Folder of the face detector models (`face_detection_{short,full}_range.tflite`). Default: `../generated/models/` relative to `modelBaseUrl`. */
  readonly detectorModelBaseUrl?: string;
  /** Default `'auto'`. */
  readonly detectorRange?: DetectorRange;
  /** Faces the detector scores below this are ignored; 0.05–0.95, default 0.5. */
  readonly minConfidence?: number;
  /** Each face's majority vote when tracking (video) spans `windowLength / 10` seconds; 1–60, default 10 (1 s). */
  readonly windowLength?: number;
  /**
   * With tracking (video), the face detector runs on every `detectEvery`-th frame, and sooner when the picture
   * changes or no face is carried; the frames between keep the last boxes and are classified again. 1 runs it
   * on every frame; 1–30, default 8 (labels agreed with every-frame detection on 100% of the test clips' frames).
   */
  readonly detectEvery?: number;
  /**
   * Threads of TF.js's wasm backend, 1–8; left out, the machine's choice: every logical core but one, at most
   * 4 (one on a 2-core machine, where the face detector has the other core). More than one needs a
   * cross-origin isolated page.
   */
  readonly wasmThreads?: number;
  /** Start-up progress ("Loading VGG…"), and each later model's load, for a status line. */
  readonly onStatus?: (status: string) => void;
  /**
   * The backend changed while running: the WebGPU device was lost (a GPU reset, a driver crash) and the
   * classifier moved to the next backend, whose `reason` says so. Analyses go on; none is lost.
   */
  readonly onBackendChange?: (backend: BackendInfo) => void;
  /**
   * The analysis worker died (it failed to load, crashed or ran out of memory), during start-up or later:
   * called once, with the error (code `'worker-failed'`, its `cause` the worker's own words) that every call
   * rejects with from then on. Create a new recognizer to go on.
   */
  readonly onFailure?: (error: RecognizerError) => void;
}

/**
 * The options {@link EmotionRecognizer.setOptions} changes on a running recognizer, with the bounds of
 * {@link RecognizerOptions}. Those left out keep their values.
 */
export type RecognizerSettings = Pick<RecognizerOptions, 'detectorRange' | 'minConfidence' | 'windowLength'>;

/** Options of {@link EmotionRecognizer.analyze}. */
export interface AnalyzeOptions {
  /**
   * @deprecated A {@link VideoSession} (`openVideoSession()`) analyses a stream's frames, with times in
   * milliseconds and no copy of a frame handed over. This option goes on working as before.
   *
   * `false` (default): the image stands alone, as a photo (fresh face tracks, no vote with earlier images).
   * `true`: the image is the next frame of a stream: faces keep their track ids and are labelled by the
   * majority vote of their last `windowLength / 10` seconds (see `time`), as in the app's live view.
   */
  readonly tracking?: boolean;
  /**
   * With `tracking`: the frame's time in seconds (a video's media time, a camera frame's capture time); the
   * vote spans the last `windowLength / 10` seconds of these times. Default: the page's clock when called.
   */
  readonly time?: number;
  /**
   * Classify each face six times, and label it by the mean of the views: its crop a little tighter, as framed
   * and a little wider (0.9, 1 and 1.1 times the side), each also mirrored left to right. On photos that are
   * not FER2013 (the cards' `lfw_expressions`) this labels about one more photo in a hundred right than the
   * mirror alone, and the mirror about half a point more than one view; it costs six times the classify time,
   * which for a photo is small beside decoding and detecting. Default `true` for a still, as the app labels
   * photos (and `analyzePhotos` always does); not with `tracking`, whose frames are classified once each, as
   * the live view's are (`true` there rejects with `'invalid-option'`).
   */
  readonly averageViews?: boolean;
}

/** Options of {@link EmotionRecognizer.classifyCrops}. */
export interface ClassifyCropsOptions {
  /**
   * Average each crop with its mirror image (a bare crop has no other view; see {@link
   * AnalyzeOptions.averageViews}). Default `false`: each crop once, as the model cards' main figures.
   */
  readonly mirror?: boolean;
}

/** Options of {@link EmotionRecognizer.analyzeVideo}. */
export interface AnalyzeVideoOptions {
  /** Analyse every n-th frame, 1–100; default 1 (every frame). */
  readonly every?: number;
  /** Called several times a second with frames done, frames in all, speed and time left. */
  readonly onProgress?: (progress: AnalysisProgress) => void;
  /** Aborting stops the analysis after the frame in flight; the frames analysed before are kept. */
  readonly signal?: AbortSignal;
}

/** A model listed in the manifest, with the figures of its model card. */
export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  /** Present when the model can be used. */
  readonly labels?: readonly string[];
  /**
   * Why the model cannot be used: its files are missing or damaged, or it failed to load in this recognizer
   * (a model that failed is not fetched again: {@link EmotionRecognizer.setModel} rejects at once).
   */
  readonly unavailable?: string;
  /** Accuracy on FER2013's PrivateTest faces from the card, 0..1; absent until measured. */
  readonly accuracy?: number;
  /** Balanced accuracy on lfw-expressions (faces from outside FER2013) from the card, 0..1; absent until measured. */
  readonly devAccuracy?: number;
  /** Bytes of weights to download (an ensemble's: its members'). */
  readonly sizeBytes?: number;
}

/** The backend that runs the classifier, and why it was chosen. */
export interface BackendInfo {
  readonly name: BackendName;
  /** One sentence for a person: "fastest at start-up: wasm 2.1 ms vs webgl 48 ms". */
  readonly reason: string;
}

/** Anything an image can be analysed from. */
export type ImageInput =
  | ImageBitmap
  | HTMLImageElement
  | HTMLVideoElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | VideoFrame
  | ImageData
  | Blob;

/** Options of {@link VideoSession.analyzeFrame}. */
export interface FrameOptions {
  /**
   * `true`: an `ImageBitmap` or `VideoFrame` is handed over to the worker without a copy, and closed by
   * the library (also when the call fails); the caller must not use it afterwards. Other images are copied
   * either way. Default `false`: the caller's frame stays usable (a copy goes to the worker).
   */
  readonly transfer?: boolean;
}

/**
 * A video analysed frame by frame, as MediaPipe's `detectForVideo(frame, timestampMs)` does: faces keep
 * their numbers from frame to frame and are labelled by the majority vote of their last
 * `windowLength / 10` seconds of timestamps. Made by {@link EmotionRecognizer.openVideoSession}.
 *
 * Frames go to the worker at once, without waiting for the recognizer's other calls, and are answered in
 * the order sent; several may be in flight, so that a decoder running ahead keeps both workers busy. For
 * a live source, send the next frame when the last one's result is back (drop the frames between).
 */
export interface VideoSession {
  /**
   * Analyses the stream's next frame. `timestampMs`: its time in milliseconds, a video's media time or a
   * camera frame's capture time (`requestVideoFrameCallback`'s `now`); it may jump (a seek) but should not
   * run backwards without a {@link VideoSession.resetFaces}. Rejects with a RecognizerError: `'invalid-input'`
   * (no image, a time that is not a finite number, or a `<video>` with no decoded frame yet: skip that frame;
   * the first `requestVideoFrameCallback` can come while `readyState` is still `HAVE_METADATA`),
   * `'session-closed'`, `'disposed'`, `'worker-failed'`.
   */
  analyzeFrame(frame: ImageInput, timestampMs: number, options?: FrameOptions): Promise<FrameResult>;
  /**
   * Forgets every face, so that the next frames start new votes: after a cut or a seek. `renumber: true`
   * (a new video or camera) numbers the next faces from 1 again; by default the numbers go on.
   */
  resetFaces(options?: { readonly renumber?: boolean }): void;
  /** Ends the session; its later calls reject with code `'session-closed'`. */
  close(): void;
}

/**
 * The recognizer made by {@link createEmotionRecognizer}. Its calls run one at a time, in the order made,
 * except a video session's frames, which go to the worker at once (see {@link VideoSession}). The worker
 * has one set of face tracks: a still image (`analyze()` without tracking, `analyzePhotos()`) analysed
 * between a session's frames starts the session's faces afresh, and `analyzeVideo()`, which runs on a session of
 * its own, closes it.
 */
export interface EmotionRecognizer {
  /** The model in use. */
  readonly model: ModelInfo & { readonly labels: readonly string[] };
  /** Every model of the manifest, usable or not, with its card's figures. */
  readonly models: readonly ModelInfo[];
  readonly backend: BackendInfo;
  /** Every backend probed at start-up: which could run here, why not, and how fast a small network ran on each. */
  readonly backends: readonly BackendProbe[];
  /** The faces in one image or video frame. The caller's image stays usable (a copy goes to the worker). */
  analyze(image: ImageInput, options?: AnalyzeOptions): Promise<ImageAnalysis>;
  /**
   * Starts analysing a video (a camera, a playing file) frame by frame, with fresh faces numbered from 1.
   * One session at a time: opening another closes this one.
   */
  openVideoSession(): VideoSession;
  /** Every n-th frame of a video file, decoded as fast as the machine allows; the app's whole-file analysis. */
  analyzeVideo(file: File, options?: AnalyzeVideoOptions): Promise<VideoAnalysis>;
  /** Photo files labelled one after the other; a file that cannot be read gets a row with the reason. */
  analyzePhotos(files: readonly File[]): Promise<PhotoAnalysis>;
  /** Switches to another model; if it fails, the previous one stays and the promise rejects. */
  setModel(model: ModelName): Promise<void>;
  /**
   * Changes the detector and the vote on the running recognizer (faces start new votes; their numbers go on). An
   * invalid value rejects with `'invalid-option'` and changes nothing.
   */
  setOptions(settings: RecognizerSettings): Promise<void>;
  /**
   * Face crops that are already cut and grey, as FER2013's are, straight through the model: no detection, no
   * tracking. `pixels`: `count` images of the model's input size (48×48 for the shipped models), row-major,
   * 0–255, one after the other. Resolves with each image's probabilities, in the order of `model.labels`.
   */
  classifyCrops(pixels: Uint8Array, count: number, options?: ClassifyCropsOptions): Promise<Float32Array[]>;
  /** TF.js's tensor count and bytes in the worker, after the calls before: for leak checks. */
  memory(): Promise<{ readonly numTensors: number; readonly numBytes: number }>;
  /**
   * Fault injection, for testing a page's fallback: destroys the worker's WebGPU device as a GPU reset
   * would (like WebGL's `WEBGL_lose_context`). On WebGPU the recognizer moves to the next backend and calls
   * `onBackendChange`; on another backend nothing happens.
   */
  simulateGpuLoss(): void;
  /** Stops the worker and frees its memory; every later call rejects with code `'disposed'`. */
  dispose(): void;
}
