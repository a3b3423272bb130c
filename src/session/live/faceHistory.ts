// What the page remembers of each face beyond one frame: since when it has held its smoothed label, and its
// probabilities over the last 30 seconds (for the followed-face chart). What to announce is announcements.ts's.

import type { FrameResult } from '../../lib';
import { heldSeconds } from './holdTime';

export const HISTORY_SECONDS = 30;

export interface HistoryPoint {
  /** ms, on the clock passed to `update`. */
  readonly time: number;
  readonly probabilities: Float32Array;
  readonly smoothedLabel: string;
}

interface FaceMemory {
  label: string;
  /** When the face took its current smoothed label, ms. */
  since: number;
  points: HistoryPoint[];
}

export class FaceHistory {
  private faces = new Map<number, FaceMemory>();

  /** Records one frame's faces at `now` (ms). Faces gone from the frame are forgotten. */
  update(result: FrameResult, now: number): void {
    const seen = new Map<number, FaceMemory>();
    for (const face of result.faces) {
      let memory = this.faces.get(face.trackId);
      if (!memory) {
        memory = { label: face.smoothedLabel, since: now, points: [] };
      } else if (memory.label !== face.smoothedLabel) {
        memory.label = face.smoothedLabel;
        memory.since = now;
      }
      memory.points.push({ time: now, probabilities: face.probabilities, smoothedLabel: face.smoothedLabel });
      const cutoff = now - HISTORY_SECONDS * 1000;
      const firstKept = memory.points.findIndex((p) => p.time >= cutoff);
      if (firstKept > 0) memory.points.splice(0, firstKept);
      seen.set(face.trackId, memory);
    }
    this.faces = seen;
  }

  /** Seconds the face has held its current smoothed label (0, not less, if it changed after `now`). */
  heldSeconds(trackId: number, now: number): number {
    const memory = this.faces.get(trackId);
    return memory ? heldSeconds(memory.since, now) : 0;
  }

  /** The face's last 30 seconds, oldest first. */
  history(trackId: number): readonly HistoryPoint[] {
    return this.faces.get(trackId)?.points ?? [];
  }

  has(trackId: number): boolean {
    return this.faces.has(trackId);
  }

  reset(): void {
    this.faces.clear();
  }
}
