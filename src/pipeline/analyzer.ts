// One frame through the whole pipeline: detect (or carry the last boxes) → crop → classify (one batch) →
// track → vote.

import type { Classifier } from './classifier';
import { DetectSchedule, type DetectScheduleConfig } from './detectSchedule';
import type { DetectedFace, FaceDetectorHandle } from './faceDetector';
import { cropSquare, videoBox } from './geometry';
import type { FrameResult } from './frameResult';
import { facesToBatch, type RgbaFrame } from './preprocess';
import { FaceTracker, type TrackerConfig } from './tracker';

/** More faces than this in one frame are reported but not classified, to keep the frame rate usable. */
export const MAX_FACES_PER_FRAME = 64;

export type FrameSource =
  HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageBitmap | OffscreenCanvas | VideoFrame;

const isVideoFrame = (frame: FrameSource): frame is VideoFrame =>
  typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame;

// The element classes do not exist in a worker (where `instanceof` on them would throw a ReferenceError).
function frameSize(frame: FrameSource): [number, number] {
  if (typeof HTMLVideoElement !== 'undefined' && frame instanceof HTMLVideoElement)
    return [frame.videoWidth, frame.videoHeight];
  if (typeof HTMLImageElement !== 'undefined' && frame instanceof HTMLImageElement)
    return [frame.naturalWidth, frame.naturalHeight];
  if (isVideoFrame(frame)) return [frame.displayWidth, frame.displayHeight];
  return [frame.width, frame.height];
}

/**
 * The canvas frames are read back through. `willReadFrequently` keeps it in CPU memory: TF.js's own
 * fromPixels draws into a GPU-backed canvas and waits for a readback on every frame (measured: it was
 * most of the ~40 ms per frame that no pipeline stage accounted for).
 */
let readback: OffscreenCanvasRenderingContext2D | null = null;
/** The pixels of the last decoder frame read (see readFrame). */
let decoded: ImageData | null = null;

async function readFrame(frame: FrameSource, width: number, height: number): Promise<ImageData> {
  // A decoder's frame converts straight to RGBA in one copy, without a canvas; one with non-square pixels
  // (visible size ≠ display size) is scaled by the canvas below instead.
  const visible = isVideoFrame(frame) ? frame.visibleRect : null;
  if (visible && visible.width === width && visible.height === height) {
    // One buffer for every frame of a size: frames are analysed one at a time (the worker's serially())
    // and nothing keeps the pixels past its frame, so a 1.2 MB allocation per frame is saved.
    if (decoded?.width !== width || decoded.height !== height) decoded = new ImageData(width, height);
    const pixels = decoded;
    try {
      await (frame as VideoFrame).copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
      return pixels;
    } catch {
      // a browser without copyTo's format conversion: the canvas does it
    }
  }
  if (!readback || readback.canvas.width !== width || readback.canvas.height !== height)
    readback = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!readback) throw new Error('no 2D canvas to read the frame with');
  readback.drawImage(frame, 0, 0, width, height);
  return readback.getImageData(0, 0, width, height);
}

/** What `classifyFaces` is told about the frame besides its pixels and faces; all optional. */
export interface FrameFacts {
  /** Detector time, ms (0: none ran). */
  readonly detectMs?: number;
  /** Time spent reading the frame's pixels, counted in the crop stage. */
  readonly readMs?: number;
  /** Whether `found` comes from the detector (true) or was carried from the last frame. */
  readonly detected?: boolean;
  /** The frame's time in seconds (FaceTracker.update). */
  readonly time?: number | undefined;
}

export class FaceAnalyzer {
  readonly tracker: FaceTracker;
  private readonly schedule: DetectSchedule;
  /** The last frame's faces (detected or carried), in the order of its tracks: what a frame carries. */
  private lastFaces: readonly DetectedFace[] = [];

  constructor(
    private detector: FaceDetectorHandle,
    private classifier: Classifier,
    trackerConfig: Partial<TrackerConfig> = {},
    scheduleConfig: Partial<DetectScheduleConfig> = {},
  ) {
    this.tracker = new FaceTracker(trackerConfig);
    this.schedule = new DetectSchedule(scheduleConfig);
  }

  /** Forget every face; the next frame runs the detector. `renumber`: faces count from 1 again. */
  reset(options: { renumber?: boolean } = {}): void {
    this.tracker.reset(options);
    this.schedule.reset();
    this.lastFaces = [];
  }

  /** Swaps the detector (another range or threshold); returns the old one for the caller to close. */
  setDetector(next: FaceDetectorHandle): FaceDetectorHandle {
    const previous = this.detector;
    this.detector = next;
    this.reset();
    return previous;
  }

  /** A new smoothing window: tracks restart, each with the new window; numbers go on. */
  setWindowLength(windowLength: number): void {
    this.tracker.setWindowLength(windowLength);
    this.reset();
  }

  /** Swaps the classifier; the caller disposes the old one once no frame uses it. Tracks restart. */
  setClassifier(next: Classifier): Classifier {
    const previous = this.classifier;
    this.classifier = next;
    this.reset();
    return previous;
  }

  /** The classifier the next frame will use. */
  get activeClassifier(): Classifier {
    return this.classifier;
  }

  /** `time`: the frame's time in seconds (media or capture time); the vote's span is measured in it. */
  async analyze(frame: FrameSource, time?: number): Promise<FrameResult> {
    const [frameWidth, frameHeight] = frameSize(frame);
    // One read of the frame's pixels serves the schedule, the detector and the crops.
    const t0 = performance.now();
    const image = await readFrame(frame, frameWidth, frameHeight);
    const readMs = performance.now() - t0;
    const t1 = performance.now();
    const frameTime = time ?? this.tracker.nextFrameTime;
    const detect = this.schedule.decide(image, frameTime, this.lastFaces.length) !== 'carry';
    const found = detect ? this.detector.detect(image) : this.lastFaces;
    const detectMs = detect ? performance.now() - t1 : 0;
    return this.classifyFaces(image, found, frameWidth, frameHeight, {
      detectMs,
      readMs,
      detected: detect,
      time,
    });
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
    frame: FrameFacts = {},
  ): Promise<FrameResult> {
    const { detectMs = 0, readMs = 0, detected = true, time } = frame;
    const classifier = this.classifier;
    const faces = found.slice(0, MAX_FACES_PER_FRAME);
    const t1 = performance.now();
    let probabilities: Float32Array[] = [];
    let t2 = t1;
    if (faces.length > 0) {
      // Each face is framed for the model whose box it has: 'auto' mixes both ranges in one frame.
      const crops = faces.map((f) => cropSquare(f.box, classifier.spec.cropFraming[f.range], f.roll));
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
      time,
    );
    this.lastFaces = faces;
    const labels = classifier.spec.labels;
    return {
      faces: tracks.map((t, i) => ({
        trackId: t.id,
        box: videoBox(t.box),
        detectionScore: faces[i]?.score ?? 0,
        probabilities: t.probabilities,
        smoothedLabel: labels[t.smoothed.label] ?? '?',
        smoothedConfidence: t.smoothed.confidence,
      })),
      skippedFaces: found.length - faces.length,
      labels,
      timings: { detectMs, cropMs: readMs + t2 - t1, classifyMs: t3 - t2 },
      detected,
      frameWidth,
      frameHeight,
    };
  }
}
