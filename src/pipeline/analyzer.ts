// The second half of the pipeline, given frames whose faces were found (faceLocator.ts) and cropped
// (cropInput.ts): classify (every face of the frames given, in one batch) → track → vote, frame after frame.

import type { Classifier } from './classifier';
import type { DetectedFace } from './faceDetector';
import { videoBox } from './geometry';
import type { FrameResult } from './frameResult';
import { meanProbabilities } from './ensemble';
import { inputBatch } from './preprocess';
import { FaceTracker, type TrackerConfig } from './tracker';

export { MAX_FACES_PER_FRAME } from './faceLocator';

/** One frame to classify: its faces, cropped for the classifier, and its time. */
export interface FrameFaces {
  /**
   * The classifier's input for `faces`, in their order: inputSize² values each (cropInput.ts), made with the
   * spec of the classifier that classifies them.
   */
  readonly input: Float32Array;
  /**
   * Inputs per face (a still's crop scales, cropFaces), each face's together: its probabilities are their
   * mean. Default 1.
   */
  readonly viewsPerFace?: number;
  /** The faces to classify (the locator keeps them to MAX_FACES_PER_FRAME). */
  readonly faces: readonly DetectedFace[];
  /** Faces found but not classified. Default 0. */
  readonly skippedFaces?: number;
  /** Whether `faces` come from the detector (true, the default) or were carried from the last frame. */
  readonly detected?: boolean;
  /** Detector time, ms (0, the default: none ran). */
  readonly detectMs?: number;
  /** Time spent reading the frame's pixels and cropping its faces, ms. */
  readonly cropMs?: number;
  /** The frame's size in pixels. */
  readonly width: number;
  readonly height: number;
  /** The frame's time in seconds (FaceTracker.update); none: the tracker's own frame clock. */
  readonly time?: number | undefined;
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
   * batch's, by faces. `classifier`: the one whose spec the frames were cropped with (a frame sent before a
   * model switch is classified by the model it was cropped for); default the active one.
   */
  async classifyFrames(
    frames: readonly FrameFaces[],
    classifier: Classifier = this.classifier,
  ): Promise<FrameResult[]> {
    const faceCount = frames.reduce((n, f) => n + f.faces.length, 0);
    const views = (frame: FrameFaces) => frame.viewsPerFace ?? 1;
    let probabilities: Float32Array[] = [];
    let classifyMs = 0;
    if (faceCount > 0) {
      const t0 = performance.now();
      // The batch lives across an await, so it is disposed explicitly rather than by tf.tidy.
      const batch = inputBatch(
        frames.map((f) => f.input),
        classifier.spec,
      );
      try {
        probabilities = await classifier.predict(batch);
      } finally {
        batch.dispose();
      }
      classifyMs = performance.now() - t0;
    }
    const share = (faces: number) => (faceCount > 0 ? faces / faceCount : 1 / frames.length);
    let next = 0;
    return frames.map((frame) => {
      const rows = frame.faces.length * views(frame);
      const own = meanPerFace(probabilities.slice(next, next + rows), views(frame));
      next += rows;
      return this.track(frame, own, classifier.spec.labels, {
        cropMs: frame.cropMs ?? 0,
        classifyMs: classifyMs * share(frame.faces.length),
      });
    });
  }

  private track(
    frame: FrameFaces,
    probabilities: readonly Float32Array[],
    labels: readonly string[],
    { cropMs, classifyMs }: { cropMs: number; classifyMs: number },
  ): FrameResult {
    const { faces } = frame;
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
      frameWidth: frame.width,
      frameHeight: frame.height,
    };
  }
}

/**
 * Each face's probabilities, the mean of its `views` consecutive rows: view v of every face is one run of the
 * ensemble's mean (summed in float64, as the members' probabilities are).
 */
function meanPerFace(rows: readonly Float32Array[], views: number): Float32Array[] {
  if (views === 1) return [...rows];
  return meanProbabilities(Array.from({ length: views }, (_, v) => rows.filter((_, i) => i % views === v)));
}
