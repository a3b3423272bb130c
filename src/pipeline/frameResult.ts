// What one analysed frame gives: its faces with their labels, and how long each stage took. Data only:
// this module imports no runtime (a lint rule says so), so the page, the library's users and the exports can
// use these types without loading TF.js or MediaPipe.

import type { VideoBox } from './geometry';

export interface FaceResult {
  readonly trackId: number;
  /** Detector box in the frame's pixels. */
  readonly box: VideoBox;
  readonly detectionScore: number;
  /** This frame's probabilities, in the order of `labels`. */
  readonly probabilities: Float32Array;
  /** Majority vote over the face's recent frames. */
  readonly smoothedLabel: string;
  readonly smoothedConfidence: number;
}

export interface StageTimings {
  /** 0 on a frame whose boxes were carried from the last detection. */
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
  /** Whether the detector ran on this frame (false: the last frame's boxes were carried). */
  readonly detected: boolean;
  readonly frameWidth: number;
  readonly frameHeight: number;
}
