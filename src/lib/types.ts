// The library's public types. Data and option shapes only: this module imports no runtime, so a consumer (or
// the app) can use them without pulling TF.js, MediaPipe or the worker onto its page thread.

import type { AnalysisProgress, FrameRow, ResultsMeta, TrackSummary } from '../video/results';
import type { PhotoRow } from '../video/photoTable';

export type { AnalysisProgress, FrameRow, PhotoRow, ResultsMeta, TrackSummary };

/** The models shipped in `models/manifest.json`: three classifiers and their ensemble ("All three"). */
export type ModelId = 'cnn' | 'vgg' | 'resnet' | 'all';

/** Where TF.js runs the classifier. `'auto'` probes them all and takes the fastest measured (webgpu → webgl → wasm → cpu). */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Which MediaPipe face model finds faces: both as needed (`'auto'`), near faces only, or far faces only. */
export type DetectorRange = 'auto' | 'short' | 'full';

/** Options of {@link createEmotionRecognizer}. Every field is optional; each names its default. */
export interface RecognizerOptions {
  /**
   * The classifier. Default: the one the app starts with (the best measured on faces outside FER2013, read
   * from the model cards; the VGG today).
   */
  readonly model?: ModelId;
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
  /** Start-up progress ("Loading VGG…"), for a status line. */
  readonly onStatus?: (status: string) => void;
}

/** A face box in the pixels of the analysed image (origin top-left). */
export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One face found in an image or frame. */
export interface RecognizedFace {
  /** Stable across frames while {@link AnalyzeOptions.tracking} is on; 1, 2, … per image otherwise. */
  readonly trackId: number;
  readonly box: FaceBox;
  /** The detector's score, 0..1. */
  readonly detectionScore: number;
  /** The label: this image's most probable one, or with tracking the majority vote of the face's last frames. */
  readonly label: string;
  /** Share of the vote (tracking) or the probability (single image) behind `label`, 0..1. */
  readonly confidence: number;
  /** Every label's probability for this image, summing to 1. */
  readonly probabilities: Readonly<Record<string, number>>;
}

/** What {@link EmotionRecognizer.analyze} returns. */
export interface ImageAnalysis {
  readonly faces: readonly RecognizedFace[];
  /** Faces found beyond the 64 classified per image (reported, not labelled). */
  readonly skippedFaces: number;
  /** The model's labels, in the order of its outputs. */
  readonly labels: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Options of {@link EmotionRecognizer.analyze}. */
export interface AnalyzeOptions {
  /**
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

/** A whole video file's analysis: the table the app shows and exports. */
export interface VideoAnalysis {
  /** `'failed'`: the file stopped decoding midway (`message` says where); the frames before are kept. */
  readonly outcome: 'done' | 'cancelled' | 'failed';
  /** What the app would say about it ("Analysed 20 frames of “clip.mp4”."). */
  readonly message: string;
  readonly meta: ResultsMeta;
  /** One row per analysed frame, each with its faces. */
  readonly frames: readonly FrameRow[];
  /** One summary per face track: frames seen, first and last time, share of time per label. */
  readonly summary: readonly TrackSummary[];
  /** The app's CSV export, byte for byte (one row per frame per face). */
  toCsv(): string;
  /** The app's JSON export, byte for byte. */
  toJson(): string;
}

/** Photos labelled one after the other: the table the app makes of several photos. */
export interface PhotoAnalysis {
  /** One row per photo, in the order given; a photo that could not be read has `error` set. */
  readonly rows: readonly PhotoRow[];
  readonly labels: readonly string[];
  /** The app's CSV export of the photos, byte for byte (one row per face). */
  toCsv(): string;
  /** The app's JSON export of the photos, byte for byte. */
  toJson(): string;
}

/** A model listed in the manifest. */
export interface ModelInfo {
  readonly id: string;
  readonly name: string;
  /** Present when the model can be used. */
  readonly labels?: readonly string[];
  /** Why the model cannot be used (missing or damaged files). */
  readonly unavailable?: string;
}

/** The backend that runs the classifier, and why it was chosen. */
export interface BackendInfo {
  readonly name: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
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

/** What went wrong, for code that branches on it; the message says it for a person. */
export type RecognizerErrorCode =
  | 'invalid-option'
  | 'unknown-model'
  | 'model-unavailable'
  | 'start-failed'
  | 'invalid-input'
  | 'unreadable-file'
  | 'disposed'
  | 'worker-failed';

/** The recognizer made by {@link createEmotionRecognizer}. Calls run one at a time, in the order made. */
export interface EmotionRecognizer {
  /** The model in use. */
  readonly model: ModelInfo & { readonly labels: readonly string[] };
  /** Every model of the manifest, usable or not. */
  readonly models: readonly ModelInfo[];
  readonly backend: BackendInfo;
  /** The faces in one image or video frame. The caller's image stays usable (a copy goes to the worker). */
  analyze(image: ImageInput, options?: AnalyzeOptions): Promise<ImageAnalysis>;
  /** Every n-th frame of a video file, decoded as fast as the machine allows; the app's whole-file analysis. */
  analyzeVideo(file: File, options?: AnalyzeVideoOptions): Promise<VideoAnalysis>;
  /** Photo files labelled one after the other; a file that cannot be read gets a row with the reason. */
  analyzePhotos(files: readonly File[]): Promise<PhotoAnalysis>;
  /** Switches to another model; if it fails, the previous one stays and the promise rejects. */
  setModel(model: ModelId): Promise<void>;
  /** Stops the worker and frees its memory; every later call rejects with code `'disposed'`. */
  dispose(): void;
}
