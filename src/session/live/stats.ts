// Frame rate and per-stage times, averaged and published a few times a second (not every frame).

import type { StageTimings } from '../../lib';

export interface StatsSnapshot {
  readonly fps: number;
  readonly detectMs: number;
  readonly cropMs: number;
  readonly classifyMs: number;
  readonly frames: number;
}

const PUBLISH_EVERY_MS = 500;

export class FrameStats {
  private sum = { detectMs: 0, cropMs: 0, classifyMs: 0 };
  private count = 0;
  private total = 0;
  private windowStart = 0;

  reset(): void {
    this.sum = { detectMs: 0, cropMs: 0, classifyMs: 0 };
    this.count = 0;
    this.total = 0;
    this.windowStart = 0;
  }

  /** Adds one frame; returns a snapshot when it is time to publish one. */
  add(t: StageTimings, now = performance.now()): StatsSnapshot | null {
    if (this.windowStart === 0) this.windowStart = now;
    this.sum.detectMs += t.detectMs;
    this.sum.cropMs += t.cropMs;
    this.sum.classifyMs += t.classifyMs;
    this.count += 1;
    this.total += 1;
    const elapsed = now - this.windowStart;
    if (elapsed < PUBLISH_EVERY_MS) return null;
    const n = this.count;
    const snapshot = {
      fps: (n * 1000) / elapsed,
      detectMs: this.sum.detectMs / n,
      cropMs: this.sum.cropMs / n,
      classifyMs: this.sum.classifyMs / n,
      frames: this.total,
    };
    this.sum = { detectMs: 0, cropMs: 0, classifyMs: 0 };
    this.count = 0;
    this.windowStart = now;
    return snapshot;
  }
}
