// What the page remembers of each face beyond one frame: since when it has held its smoothed label, its
// probabilities over the last 30 seconds (for the followed-face chart), and which label changes to
// announce to screen readers (only changes, never every frame).

import type { FrameResult } from '../pipeline/analyzer';

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

  /**
   * Records one frame's faces; returns the announcements it warrants, one per face that appeared or
   * changed its smoothed label ("Face 2: now happy"). Faces gone from the frame are forgotten.
   */
  update(result: FrameResult, now: number): string[] {
    const announcements: string[] = [];
    const seen = new Map<number, FaceMemory>();
    for (const face of result.faces) {
      let memory = this.faces.get(face.trackId);
      if (!memory) {
        memory = { label: face.smoothedLabel, since: now, points: [] };
        announcements.push(`Face ${face.trackId} appeared: ${face.smoothedLabel}`);
      } else if (memory.label !== face.smoothedLabel) {
        memory.label = face.smoothedLabel;
        memory.since = now;
        announcements.push(`Face ${face.trackId}: now ${face.smoothedLabel}`);
      }
      memory.points.push({ time: now, probabilities: face.probabilities, smoothedLabel: face.smoothedLabel });
      const cutoff = now - HISTORY_SECONDS * 1000;
      const firstKept = memory.points.findIndex((p) => p.time >= cutoff);
      if (firstKept > 0) memory.points.splice(0, firstKept);
      seen.set(face.trackId, memory);
    }
    this.faces = seen;
    return announcements;
  }

  /** Seconds the face has held its current smoothed label. */
  heldSeconds(trackId: number, now: number): number {
    const memory = this.faces.get(trackId);
    return memory ? (now - memory.since) / 1000 : 0;
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
