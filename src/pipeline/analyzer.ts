// The second half of the pipeline, given frames whose faces were found (faceLocator.ts): crop → classify
// (every face of the frames given, in one batch) → track → vote, frame after frame.

import type { Classifier } from './classifier';
import type { DetectedFace } from './faceDetector';
import { cropSquare, LEVEL_DEADBAND, levellingTurn, videoBox } from './geometry';
import type { FrameResult } from './frameResult';
import { cropsToBatch, type RgbaFrame } from './preprocess';
import { FaceTracker, type TrackerConfig } from './tracker';

export { MAX_FACES_PER_FRAME } from './faceLocator';

/** One frame to classify: its pixels and faces (a LocatedFrame fits), and its time. */
export interface FrameFaces {
  readonly pixels: RgbaFrame;
  /** The faces to classify (the locator keeps them to MAX_FACES_PER_FRAME). */
  readonly faces: readonly DetectedFace[];
  /** Faces found but not classified. Default 0. */
  readonly skippedFaces?: number;
  /** Whether `faces` come from the detector (true, the default) or were carried from the last frame. */
  readonly detected?: boolean;
  /** Detector time, ms (0, the default: none ran). */
  readonly detectMs?: number;
  /** Time spent reading the frame's pixels, counted in the crop stage. */
  readonly readMs?: number;
  /** The frame's time in seconds (FaceTracker.update); none: the tracker's own frame clock. */
  readonly time?: number | undefined;
  /** A still (a photo), not a frame of a video or camera: its crops turn by the eye line's whole slope. */
  readonly still?: boolean;
}

export class FaceAnalyzer {
  readonly tracker: FaceTracker;

  constructor(
    private classifier: Classifier,
    trackerConfig: Partial<TrackerConfig> = {},
  ) {
    this.tracker = new FaceTracker(trackerConfig);
  }

  /** Forget every face. `renumber`: faces count from 1 again. */
  reset(options: { renumber?: boolean } = {}): void {
    this.tracker.reset(options);
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

  /**
   * Classifies the frames' faces in one batch, then tracks and votes frame after frame: the results, in
   * the frames' order, are those of one call per frame. A frame's classify time is its share of the
   * batch's, by faces.
   */
  async classifyFrames(frames: readonly FrameFaces[]): Promise<FrameResult[]> {
    const classifier = this.classifier;
    const t0 = performance.now();
    // Each face is framed for the model whose box it has: 'auto' mixes both ranges in one frame.
    // A frame's crops turn only beyond the dead band (the eye keypoints wander from frame to frame); a
    // still's by the whole slope.
    const crops = frames.map(({ pixels, faces, still }) => ({
      frame: pixels,
      crops: faces.map((f) =>
        cropSquare(
          f.box,
          classifier.spec.cropFraming[f.range],
          levellingTurn(f.roll ?? 0, still ? 0 : LEVEL_DEADBAND),
        ),
      ),
    }));
    const faceCount = crops.reduce((n, f) => n + f.crops.length, 0);
    let probabilities: Float32Array[] = [];
    let t1 = performance.now();
    let t2 = t1;
    if (faceCount > 0) {
      // The batch lives across an await, so it is disposed explicitly rather than by tf.tidy.
      const batch = cropsToBatch(crops, classifier.spec);
      t1 = performance.now();
      try {
        probabilities = await classifier.predict(batch);
      } finally {
        batch.dispose();
      }
      t2 = performance.now();
    }
    const share = (faces: number) => (faceCount > 0 ? faces / faceCount : 1 / frames.length);
    let next = 0;
    return frames.map((frame) => {
      const own = probabilities.slice(next, next + frame.faces.length);
      next += frame.faces.length;
      const part = share(frame.faces.length);
      return this.track(frame, own, classifier.spec.labels, {
        cropMs: (frame.readMs ?? 0) + (t1 - t0) * part,
        classifyMs: (t2 - t1) * part,
      });
    });
  }

  private track(
    frame: FrameFaces,
    probabilities: readonly Float32Array[],
    labels: readonly string[],
    { cropMs, classifyMs }: { cropMs: number; classifyMs: number },
  ): FrameResult {
    const { faces, pixels } = frame;
    const tracks = this.tracker.update(
      probabilities.map((p, i) => ({ box: (faces[i] as DetectedFace).box, probabilities: p })),
      frame.time,
    );
    return {
      faces: tracks.map((t, i) => ({
        trackId: t.id,
        box: videoBox(t.box),
        detectionScore: faces[i]?.score ?? 0,
        probabilities: t.probabilities,
        smoothedLabel: labels[t.smoothed.label] ?? '?',
        smoothedConfidence: t.smoothed.confidence,
      })),
      skippedFaces: frame.skippedFaces ?? 0,
      labels,
      timings: { detectMs: frame.detectMs ?? 0, cropMs, classifyMs },
      detected: frame.detected ?? true,
      frameWidth: pixels.width,
      frameHeight: pixels.height,
    };
  }
}
