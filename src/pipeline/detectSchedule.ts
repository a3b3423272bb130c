// Which frames run the face detector. The detector is most of a frame's time (25–28 ms of ~38 ms on two
// cores), and faces move little between frames: between detections the last boxes are carried and
// classified again. The detector runs on every k-th frame, and at once whenever the picture has changed
// since the last detection (a face moved, turned or came in, the scene cut), when no face is carried, or
// when too much time has passed.

import type { RgbaFrame } from './cropInput';

export interface DetectScheduleConfig {
  /**
   * Run the detector on every k-th frame at least (1: every frame, as before). Default 8: the largest k
   * measured whose labels agreed with every-frame detection on all frames of the test clips (6, 8: 100%;
   * 12: 90.7% on the still two-face clip; bench/labelsOverTime.mjs, README).
   */
  readonly detectEvery: number;
  /** ...and at least this often, in seconds of the frames' own time, at any frame rate. Default 0.5. */
  readonly maxSecondsBetween: number;
  /**
   * Share of the frame's thumbnail cells that may change since the last detection before the boxes are
   * no longer trusted. Default 0.01 (8 of 768 cells: a face of 30 px moving by half its width).
   */
  readonly changedCellShare: number;
  /**
   * A cell has changed when its mean grey level moved by more than this (0–255) beyond the change of the
   * whole frame's mean (so that a camera's exposure drift is not motion). Default 12.
   */
  readonly cellThreshold: number;
}

/** The largest `detectEvery` a setting may ask for (the app's URL, the library's option). */
export const MAX_DETECT_EVERY = 30;

export const DEFAULT_DETECT_SCHEDULE: DetectScheduleConfig = {
  detectEvery: 8,
  maxSecondsBetween: 0.5,
  changedCellShare: 0.01,
  cellThreshold: 12,
};

/** The thumbnail's grid: 32 × 24 cells, the 4:3 of a camera frame. */
export const THUMB_COLUMNS = 32;
export const THUMB_ROWS = 24;
/** Pixels read per cell along each axis: 16 per cell, enough to average a camera's noise out. */
const SAMPLES_PER_AXIS = 4;

/** Mean grey level of each cell of a THUMB_COLUMNS × THUMB_ROWS grid over the frame, from a few pixels each. */
export function frameThumbnail(frame: RgbaFrame): Float32Array {
  const cells = new Float32Array(THUMB_COLUMNS * THUMB_ROWS);
  const { data, width, height } = frame;
  const cellWidth = width / THUMB_COLUMNS;
  const cellHeight = height / THUMB_ROWS;
  for (let row = 0; row < THUMB_ROWS; row++) {
    for (let col = 0; col < THUMB_COLUMNS; col++) {
      let sum = 0;
      for (let sy = 0; sy < SAMPLES_PER_AXIS; sy++) {
        const y = Math.floor((row + (sy + 0.5) / SAMPLES_PER_AXIS) * cellHeight);
        for (let sx = 0; sx < SAMPLES_PER_AXIS; sx++) {
          const x = Math.floor((col + (sx + 0.5) / SAMPLES_PER_AXIS) * cellWidth);
          const i = (y * width + x) * 4;
          // The same grey weights as the classifier's input are not needed here: any fixed mix will do.
          sum += ((data[i] ?? 0) + 2 * (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 4;
        }
      }
      cells[row * THUMB_COLUMNS + col] = sum / (SAMPLES_PER_AXIS * SAMPLES_PER_AXIS);
    }
  }
  return cells;
}

/** Share of cells whose level moved by more than `threshold` beyond the frame's mean change. */
export function changedShare(before: Float32Array, after: Float32Array, threshold: number): number {
  if (before.length !== after.length || before.length === 0) return 1;
  let meanChange = 0;
  for (let i = 0; i < after.length; i++) meanChange += (after[i] ?? 0) - (before[i] ?? 0);
  meanChange /= after.length;
  let changed = 0;
  for (let i = 0; i < after.length; i++)
    if (Math.abs((after[i] ?? 0) - (before[i] ?? 0) - meanChange) > threshold) changed += 1;
  return changed / after.length;
}

/** Why a frame runs the detector (for tests and the benchmark), or 'carry' when it does not. */
export type DetectDecision = 'first' | 'every-k' | 'time' | 'no-face' | 'changed' | 'carry';

export class DetectSchedule {
  private framesSince = 0;
  private lastTime = 0;
  private reference: Float32Array | null = null;
  private readonly config: DetectScheduleConfig;

  constructor(config: Partial<DetectScheduleConfig> = {}) {
    this.config = { ...DEFAULT_DETECT_SCHEDULE, ...config };
    const k = this.config.detectEvery;
    if (!Number.isInteger(k) || k < 1)
      throw new RangeError(`detectEvery must be a whole number ≥ 1, got ${k}`);
  }

  /**
   * Decides for the frame at `time` (seconds) whether the detector runs, given how many faces the last
   * frame left to carry; records a detection when it does.
   */
  decide(frame: RgbaFrame, time: number, carriedFaces: number): DetectDecision {
    const { detectEvery, maxSecondsBetween, changedCellShare, cellThreshold } = this.config;
    // Every frame detected: no thumbnail needed, the cost stays what it was.
    if (detectEvery === 1) return 'every-k';
    const thumbnail = frameThumbnail(frame);
    const decision = ((): DetectDecision => {
      if (!this.reference || time < this.lastTime) return 'first';
      if (carriedFaces === 0) return 'no-face';
      if (this.framesSince + 1 >= detectEvery) return 'every-k';
      if (time - this.lastTime >= maxSecondsBetween) return 'time';
      if (changedShare(this.reference, thumbnail, cellThreshold) > changedCellShare) return 'changed';
      return 'carry';
    })();
    if (decision === 'carry') {
      this.framesSince += 1;
    } else {
      this.framesSince = 0;
      this.lastTime = time;
      this.reference = thumbnail;
    }
    return decision;
  }

  /** The next frame detects (a new source, a seek, a new detector). */
  reset(): void {
    this.reference = null;
    this.framesSince = 0;
  }
}
