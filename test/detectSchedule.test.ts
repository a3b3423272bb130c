import { describe, expect, it } from 'vitest';
import {
  changedShare,
  DetectSchedule,
  frameThumbnail,
  THUMB_COLUMNS,
  THUMB_ROWS,
  type DetectDecision,
} from '../src/pipeline/detectSchedule';
import type { RgbaFrame } from '../src/pipeline/cropInput';

/** A 320×240 grey frame with a bright square (a stand-in face) at x, and an overall level. */
function frame(x: number, level = 100): RgbaFrame {
  const width = 320;
  const height = 240;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let c = 0; c < width; c++) {
      const inside = c >= x && c < x + 60 && y >= 90 && y < 150;
      data.fill(inside ? level + 100 : level, (y * width + c) * 4, (y * width + c) * 4 + 3);
    }
  return { data, width, height };
}

/** Decisions for frames at 30 fps, each with one carried face. */
function decisions(schedule: DetectSchedule, frames: readonly RgbaFrame[], carried = 1): DetectDecision[] {
  return frames.map((f, i) => schedule.decide(f, i / 30, carried));
}

describe('DetectSchedule', () => {
  it('detects on every k-th frame of a still scene, and carries the boxes between', () => {
    const still = Array.from({ length: 7 }, () => frame(100));
    expect(decisions(new DetectSchedule({ detectEvery: 3 }), still)).toEqual([
      'first',
      'carry',
      'carry',
      'every-k',
      'carry',
      'carry',
      'every-k',
    ]);
    expect(decisions(new DetectSchedule({ detectEvery: 1 }), still).every((d) => d !== 'carry')).toBe(true);
  });

  it('detects at once when the picture changed (a face moved or came in), not for a brightness drift', () => {
    const schedule = new DetectSchedule({ detectEvery: 10 });
    expect(schedule.decide(frame(100), 0, 1)).toBe('first');
    expect(schedule.decide(frame(100, 110), 1 / 30, 1)).toBe('carry'); // exposure drift
    expect(schedule.decide(frame(160), 2 / 30, 1)).toBe('changed'); // moved by its width
  });

  it('detects every frame while no face is carried, after too long, and after a jump back in time', () => {
    const schedule = new DetectSchedule({ detectEvery: 100, maxSecondsBetween: 0.5 });
    expect(schedule.decide(frame(100), 0, 0)).toBe('first');
    expect(schedule.decide(frame(100), 0.1, 0)).toBe('no-face');
    expect(schedule.decide(frame(100), 0.2, 1)).toBe('carry');
    expect(schedule.decide(frame(100), 0.6, 1)).toBe('time');
    expect(schedule.decide(frame(100), 0.1, 1)).toBe('first');
    schedule.reset();
    expect(schedule.decide(frame(100), 0.2, 1)).toBe('first');
  });

  it('rejects a k that is not a whole number ≥ 1', () => {
    expect(() => new DetectSchedule({ detectEvery: 0 })).toThrow(RangeError);
    expect(() => new DetectSchedule({ detectEvery: 1.5 })).toThrow(RangeError);
  });
});

describe('frameThumbnail / changedShare', () => {
  it('averages cells and ignores a uniform change of level', () => {
    const a = frameThumbnail(frame(100));
    expect(a).toHaveLength(THUMB_COLUMNS * THUMB_ROWS);
    expect(Math.min(...a)).toBe(100);
    expect(Math.max(...a)).toBe(200);
    expect(changedShare(a, frameThumbnail(frame(100, 130)), 12)).toBe(0);
    expect(changedShare(a, frameThumbnail(frame(200)), 12)).toBeGreaterThan(0.05);
  });
});
