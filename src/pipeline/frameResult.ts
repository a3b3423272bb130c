// What one analysed frame gives: its faces with their labels, and how long each stage took. Data only:
// this module imports no runtime (a lint rule says so), so the page, the library's users and the exports can
// use these types without loading TF.js or MediaPipe. Part of the library's public API (src/lib/types.ts).

import type { VideoBox } from './geometry';

/** One face of an analysed frame. */
export interface FaceResult {
  /**
   * The face's number: the same from frame to frame while the face is tracked (a video session), 1, 2, … in
   * a single image. Numbers count from 1 again after a session's `resetFaces({ renumber: true })`.
   */
  readonly trackId: number;
  /** Detector box in the frame's pixels. */
  readonly box: VideoBox;
  /** The detector's score, 0..1. */
  readonly detectionScore: number;
  /** This frame's probabilities, in the order of the frame's `labels`; they sum to 1. */
  readonly probabilities: Float32Array;
  /**
   * The face's steady label: the majority vote of its frames over the last `windowLength / 10` seconds,
   * which a new label replaces only when it leads clearly. A single image's is its most probable label.
   */
  readonly smoothedLabel: string;
  /** Share of the vote behind `smoothedLabel` (a single image's: its probability), 0..1. */
  readonly smoothedConfidence: number;
}

/** Milliseconds each stage of the pipeline took for one frame. */
export interface StageTimings {
  /** Finding the faces; 0 on a frame whose boxes were carried from the last detection. */
  readonly detectMs: number;
  /** Cutting and scaling the faces to the model's input. */
  readonly cropMs: number;
  /** Running the emotion model. */
  readonly classifyMs: number;
}

/** One analysed frame (or image): its faces, the model's labels, the stage times. */
export interface FrameResult {
  readonly faces: readonly FaceResult[];
  /** Faces found beyond the 64 classified per frame (counted, not labelled). */
  readonly skippedFaces: number;
  /** The model's labels, in the order of each face's `probabilities`. */
  readonly labels: readonly string[];
  readonly timings: StageTimings;
  /** Whether the detector ran on this frame (false: the last frame's boxes were carried and classified again). */
  readonly detected: boolean;
  /** The frame's size in pixels, the space of the faces' boxes. */
  readonly frameWidth: number;
  readonly frameHeight: number;
}
