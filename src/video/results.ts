// The results of analysing a whole video file, or of a recorded camera session: one row per processed
// frame, each with its faces, and the per-face summaries that the timeline, the on-screen table and the
// exports are built from.

import type { FrameResult } from '../pipeline/frameResult';
import type { VideoBox } from '../pipeline/geometry';
import type { Coverage } from './coverage';

/** The model that labels a frame, a file's analysis or a recording, with its label order. */
export interface ModelRef {
  readonly id: string;
  readonly name: string;
  readonly labels: readonly string[];
}

/** Frame steps a user may choose (`ResultsMeta.frameStep`): every frame up to every 100th. */
export const MAX_FRAME_STEP = 100;

/** Why `step` cannot be a frame step, or null when it can. */
export function validateFrameStep(step: number): string | null {
  return Number.isInteger(step) && step >= 1 && step <= MAX_FRAME_STEP
    ? null
    : `The frame step must be a whole number from 1 to ${MAX_FRAME_STEP}.`;
}

/** How far a whole-file analysis has got. */
export interface AnalysisProgress {
  /** Frames analysed so far. */
  readonly processed: number;
  /** Frames that will be analysed in all (an estimate until the end). */
  readonly total: number;
  /** Media time of the last analysed frame, seconds. */
  readonly mediaTime: number;
  /** Seconds left at the speed so far; null until there is a speed to go by. */
  readonly etaSeconds: number | null;
  /** Analysed frames per second of wall time. */
  readonly framesPerSecond: number;
}

export interface FaceRow {
  readonly trackId: number;
  /** Detector box in the frame's pixels. */
  readonly box: VideoBox;
  readonly detectionScore: number;
  /** This frame's probabilities, in the order of the results' `labels`. */
  readonly probabilities: readonly number[];
  readonly smoothedLabel: string;
  readonly smoothedConfidence: number;
}

export interface FrameRow {
  /** Index of the frame among all decoded frames of the file (0-based, in presentation order); for the
   * camera, among the frames analysed since the recording started. */
  readonly frameIndex: number;
  /** Presentation time in the file, seconds; for the camera, seconds since the recording started. */
  readonly mediaTime: number;
  readonly faces: readonly FaceRow[];
}

/** What the results were made from; written into every export. */
export interface ResultsMeta {
  readonly source: 'file' | 'camera';
  /** The file's name; a recording's name, made from its start time, for the camera. */
  readonly fileName: string;
  readonly fileBytes: number;
  readonly durationSeconds: number;
  readonly frameRate: number;
  readonly width: number;
  readonly height: number;
  readonly modelId: string;
  readonly modelName: string;
  readonly appVersion: string;
  /** Every n-th frame was analysed. */
  readonly frameStep: number;
  readonly labels: readonly string[];
  /** A file's analysis, once it ended: how much of the file its frames covered (an incomplete file says so). */
  readonly coverage?: Coverage;
}

export interface TrackSummary {
  readonly trackId: number;
  /** Processed frames in which the face was seen. */
  readonly frames: number;
  readonly firstTime: number;
  readonly lastTime: number;
  /** Share of the face's time per smoothed label (each frame weighted by its span), in the order of
   * `labels`; sums to 1. */
  readonly share: readonly number[];
  /** The label held most often. */
  readonly dominantLabel: string;
}

/**
 * A gap between processed frames of more than this many nominal frame spans means the analysis paused (a
 * hidden tab, a busy machine): the frame before it then stands for one nominal span, not for the pause.
 */
const PAUSE_SPANS = 4;

export class AnalysisResults {
  private rows: FrameRow[] = [];

  constructor(readonly meta: ResultsMeta) {}

  get frames(): readonly FrameRow[] {
    return this.rows;
  }

  /** The same rows under amended metadata (a recording's length is known when it ends); add to it, not to this. */
  withMeta(changes: Partial<ResultsMeta>): AnalysisResults {
    const amended = new AnalysisResults({ ...this.meta, ...changes });
    amended.rows = this.rows;
    return amended;
  }

  /** Adds the next processed frame; frames must come in presentation order. */
  add(frameIndex: number, mediaTime: number, result: FrameResult): FrameRow {
    const last = this.rows.at(-1);
    if (last && mediaTime < last.mediaTime) throw new Error('frames must be added in presentation order');
    const row: FrameRow = {
      frameIndex,
      mediaTime,
      faces: result.faces.map((f) => ({
        trackId: f.trackId,
        box: f.box,
        detectionScore: f.detectionScore,
        probabilities: Array.from(f.probabilities),
        smoothedLabel: f.smoothedLabel,
        smoothedConfidence: f.smoothedConfidence,
      })),
    };
    this.rows.push(row);
    return row;
  }

  /** The last processed frame at or before `time` (what the video shows then), or null before the first. */
  frameAt(time: number): FrameRow | null {
    let lo = 0;
    let hi = this.rows.length - 1;
    let found: FrameRow | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const row = this.rows[mid] as FrameRow;
      if (row.mediaTime <= time) {
        found = row;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /**
   * Seconds each processed frame stands for, in the order of `frames`: until the next processed frame (a
   * camera's frames come at uneven times), or one nominal span (`frameStep / frameRate`) for the last frame
   * and before a pause.
   */
  spans(): number[] {
    const nominal = this.meta.frameRate > 0 ? this.meta.frameStep / this.meta.frameRate : 0;
    return this.rows.map((row, i) => {
      const next = this.rows[i + 1];
      if (!next) return nominal;
      const gap = next.mediaTime - row.mediaTime;
      return nominal > 0 && gap > PAUSE_SPANS * nominal ? nominal : gap;
    });
  }

  /** One summary per face track, in order of first appearance. */
  summary(): TrackSummary[] {
    const labels = this.meta.labels;
    const spans = this.spans();
    type Tally = { frames: number; first: number; last: number; seconds: number[]; counts: number[] };
    const tracks = new Map<number, Tally>();
    this.rows.forEach((row, i) => {
      for (const face of row.faces) {
        let t = tracks.get(face.trackId);
        if (!t) {
          const zeros = labels.map(() => 0);
          t = { frames: 0, first: row.mediaTime, last: row.mediaTime, seconds: zeros, counts: [...zeros] };
          tracks.set(face.trackId, t);
        }
        t.frames += 1;
        t.last = row.mediaTime;
        const k = labels.indexOf(face.smoothedLabel);
        if (k < 0) continue;
        t.counts[k] = (t.counts[k] ?? 0) + 1;
        t.seconds[k] = (t.seconds[k] ?? 0) + (spans[i] ?? 0);
      }
    });
    return [...tracks].map(([trackId, t]) => {
      // Frames stand in for time when the spans are unknown (a single frame of a recording).
      const total = t.seconds.reduce((a, b) => a + b, 0);
      const weights = total > 0 ? t.seconds : t.counts;
      const sum = total > 0 ? total : t.frames;
      const best = weights.reduce((b, w, i) => (w > (weights[b] ?? 0) ? i : b), 0);
      return {
        trackId,
        frames: t.frames,
        firstTime: t.first,
        lastTime: t.last,
        share: weights.map((w) => w / sum),
        dominantLabel: labels[best] ?? '?',
      };
    });
  }
}
