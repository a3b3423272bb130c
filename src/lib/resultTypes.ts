// The library's public result types: what its calls resolve with. Data only, like types.ts (which re-exports
// them): this module imports no runtime.

import type { FrameResult } from '../pipeline/frameResult';
import type { FrameRow, ResultsMeta, TrackSummary } from '../video/results';
import type { PhotoRow } from '../video/photoTable';

export type { AnalysisProgress, FrameRow, ResultsMeta, TrackSummary } from '../video/results';
export type { PhotoFace, PhotoRow } from '../video/photoTable';
export type { FaceResult, FrameResult, StageTimings } from '../pipeline/frameResult';
export type { Box, VideoBox } from '../pipeline/geometry';

/** A face box in the pixels of the analysed image (origin top-left). */
export interface FaceBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One face found in an image or frame. */
export interface RecognizedFace {
  /** Stable across frames with {@link AnalyzeOptions.tracking}; 1, 2, … per image otherwise. */
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
  /**
   * The same analysis as a {@link VideoSession} frame's result: each face's probabilities as a
   * `Float32Array` in `labels` order, and the stage times.
   */
  readonly frameResult: FrameResult;
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
