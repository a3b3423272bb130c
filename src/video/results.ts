// The results of analysing a whole video file, or of a recorded camera session: one row per processed
// frame, each with its faces, and the per-face summaries that the timeline, the on-screen table and the
// exports are built from.

import type { FrameResult } from '../pipeline/analyzer';
import type { Box } from '../pipeline/geometry';

export interface FaceRow {
  readonly trackId: number;
  /** Detector box in source pixels. */
  readonly box: Box;
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
}

export interface TrackSummary {
  readonly trackId: number;
  /** Processed frames in which the face was seen. */
  readonly frames: number;
  readonly firstTime: number;
  readonly lastTime: number;
  /** Share of the face's frames per smoothed label, in the order of `labels`; sums to 1. */
  readonly share: readonly number[];
  /** The label held most often. */
  readonly dominantLabel: string;
}

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
        box: { x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height },
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

  /** One summary per face track, in order of first appearance. */
  summary(): TrackSummary[] {
    const labels = this.meta.labels;
    const tracks = new Map<number, { frames: number; first: number; last: number; counts: number[] }>();
    for (const row of this.rows) {
      for (const face of row.faces) {
        let t = tracks.get(face.trackId);
        if (!t) {
          t = { frames: 0, first: row.mediaTime, last: row.mediaTime, counts: labels.map(() => 0) };
          tracks.set(face.trackId, t);
        }
        t.frames += 1;
        t.last = row.mediaTime;
        const k = labels.indexOf(face.smoothedLabel);
        if (k >= 0) t.counts[k] = (t.counts[k] ?? 0) + 1;
      }
    }
    return [...tracks].map(([trackId, t]) => {
      const best = t.counts.reduce((b, c, i) => (c > (t.counts[b] ?? 0) ? i : b), 0);
      return {
        trackId,
        frames: t.frames,
        firstTime: t.first,
        lastTime: t.last,
        share: t.counts.map((c) => c / t.frames),
        dominantLabel: labels[best] ?? '?',
      };
    });
  }
}
