// One frame through the whole pipeline: detect → crop → classify (one batch) → track → vote.

import type { Classifier } from './classifier';
import type { DetectedFace, FaceDetectorHandle } from './faceDetector';
import { cropSquare, type Box } from './geometry';
import { facesToBatch, type RgbaFrame } from './preprocess';
import { FaceTracker, type TrackerConfig } from './tracker';

/** More faces than this in one frame are reported but not classified, to keep the frame rate usable. */
export const MAX_FACES_PER_FRAME = 64;

export interface FaceResult {
  readonly trackId: number;
  /** Detector box in source pixels. */
  readonly box: Box;
  readonly detectionScore: number;
  /** This frame's probabilities, in the order of `labels`. */
  readonly probabilities: Float32Array;
  /** Majority vote over the face's recent frames. */
  readonly smoothedLabel: string;
  readonly smoothedConfidence: number;
}

export interface StageTimings {
  readonly detectMs: number;
  readonly cropMs: number;
  readonly classifyMs: number;
}

export interface FrameResult {
  readonly faces: readonly FaceResult[];
  /** Faces found beyond MAX_FACES_PER_FRAME (not classified). */
  readonly skippedFaces: number;
  readonly labels: readonly string[];
  readonly timings: StageTimings;
  readonly frameWidth: number;
  readonly frameHeight: number;
}

export type FrameSource =
  HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageBitmap | OffscreenCanvas;

// The element classes do not exist in a worker (where `instanceof` on them would throw a ReferenceError).
function frameSize(frame: FrameSource): [number, number] {
  if (typeof HTMLVideoElement !== 'undefined' && frame instanceof HTMLVideoElement)
    return [frame.videoWidth, frame.videoHeight];
  if (typeof HTMLImageElement !== 'undefined' && frame instanceof HTMLImageElement)
    return [frame.naturalWidth, frame.naturalHeight];
  return [frame.width, frame.height];
}

/**
 * The canvas frames are read back through. `willReadFrequently` keeps it in CPU memory: TF.js's own
 * fromPixels draws into a GPU-backed canvas and waits for a readback on every frame (measured: it was
 * most of the ~40 ms per frame that no pipeline stage accounted for).
 */
let readback: OffscreenCanvasRenderingContext2D | null = null;

function readFrame(frame: FrameSource, width: number, height: number): ImageData {
  if (!readback || readback.canvas.width !== width || readback.canvas.height !== height)
    readback = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!readback) throw new Error('no 2D canvas to read the frame with');
  readback.drawImage(frame, 0, 0);
  return readback.getImageData(0, 0, width, height);
}

export class FaceAnalyzer {
  private trackerConfig: Partial<TrackerConfig>;
  tracker: FaceTracker;

  constructor(
    private detector: FaceDetectorHandle,
    private classifier: Classifier,
    trackerConfig: Partial<TrackerConfig> = {},
  ) {
    this.trackerConfig = trackerConfig;
    this.tracker = new FaceTracker(trackerConfig);
  }

  /** Swaps the detector (another range or threshold); returns the old one for the caller to close. */
  setDetector(next: FaceDetectorHandle): FaceDetectorHandle {
    const previous = this.detector;
    this.detector = next;
    this.tracker.reset();
    return previous;
  }

  /** A new smoothing window: tracks restart, each with the new window. */
  setWindowLength(windowLength: number): void {
    this.trackerConfig = { ...this.trackerConfig, windowLength };
    this.tracker = new FaceTracker(this.trackerConfig);
  }

  /** Swaps the classifier; the caller disposes the old one once no frame uses it. Tracks restart. */
  setClassifier(next: Classifier): Classifier {
    const previous = this.classifier;
    this.classifier = next;
    this.tracker.reset();
    return previous;
  }

  /** The classifier the next frame will use. */
  get activeClassifier(): Classifier {
    return this.classifier;
  }

  async analyze(frame: FrameSource): Promise<FrameResult> {
    const [frameWidth, frameHeight] = frameSize(frame);
    // One read of the frame's pixels serves both the detector and the crops.
    const t0 = performance.now();
    const image = readFrame(frame, frameWidth, frameHeight);
    const readMs = performance.now() - t0;
    const t1 = performance.now();
    const found = this.detector.detect(image);
    const detectMs = performance.now() - t1;
    return this.classifyFaces(image, found, frameWidth, frameHeight, detectMs, readMs);
  }

  /**
   * Crops, classifies (all faces in one batch), tracks and votes, given the frame's pixels and its
   * detections. Separate from `analyze` so that tests and the benchmark can drive it without a DOM.
   */
  async classifyFaces(
    pixels: RgbaFrame,
    found: readonly DetectedFace[],
    frameWidth: number,
    frameHeight: number,
    detectMs = 0,
    /** Time spent reading the frame's pixels, counted in the crop stage. */
    readMs = 0,
  ): Promise<FrameResult> {
    const classifier = this.classifier;
    const faces = found.slice(0, MAX_FACES_PER_FRAME);
    const t1 = performance.now();
    let probabilities: Float32Array[] = [];
    let t2 = t1;
    if (faces.length > 0) {
      // Each face is framed for the model whose box it has: 'auto' mixes both ranges in one frame.
      const crops = faces.map((f) => cropSquare(f.box, classifier.spec.cropFraming[f.range]));
      // The batch lives across an await, so it is disposed explicitly rather than by tf.tidy.
      const batch = facesToBatch(pixels, crops, classifier.spec);
      t2 = performance.now();
      try {
        probabilities = await classifier.predict(batch);
      } finally {
        batch.dispose();
      }
    }
    const t3 = performance.now();
    const tracks = this.tracker.update(
      probabilities.map((p, i) => ({ box: (faces[i] as DetectedFace).box, probabilities: p })),
    );
    const labels = classifier.spec.labels;
    return {
      faces: tracks.map((t, i) => ({
        trackId: t.id,
        box: t.box,
        detectionScore: faces[i]?.score ?? 0,
        probabilities: t.probabilities,
        smoothedLabel: labels[t.smoothed.label] ?? '?',
        smoothedConfidence: t.smoothed.confidence,
      })),
      skippedFaces: found.length - faces.length,
      labels,
      timings: { detectMs, cropMs: readMs + t2 - t1, classifyMs: t3 - t2 },
      frameWidth,
      frameHeight,
    };
  }
}
