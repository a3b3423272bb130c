import { describe, expect, it } from 'vitest';
import { CoverageCounter, describeCoverage } from '../src/video/coverage';

function cover(stated: number, fps: number, times: readonly number[]) {
  const counter = new CoverageCounter(stated, fps);
  times.forEach((t) => counter.add(t));
  return counter.result();
}

const frames = (n: number, fps: number, from = 0) => Array.from({ length: n }, (_, i) => from + i / fps);

describe('CoverageCounter', () => {
  it('calls a file whose frames reach its stated end complete', () => {
    const c = cover(2, 10, frames(20, 10));
    expect(c).toMatchObject({ decodedSeconds: 2, missingFrames: 0, endedEarly: false, incomplete: false });
    expect(describeCoverage(c)).toBeNull();
    // Containers round durations: a frame short of the stated end is still the whole file.
    expect(cover(2.05, 10, frames(20, 10)).incomplete).toBe(false);
  });

  it('reports a file that ends early, with how much was analysed', () => {
    const c = cover(4, 25, frames(40, 25));
    expect(c.endedEarly).toBe(true);
    expect(c.decodedSeconds).toBeCloseTo(1.6);
    expect(describeCoverage(c)).toBe(
      'the file ended early: its frames stop at 1.60 s of the 4.00 s it states (40% analysed; cut off or damaged?)',
    );
  });

  it('counts frames missing inside the file, not timing jitter', () => {
    const jitter = frames(30, 30).map((t, i) => t + (i % 2 ? 0.01 : 0));
    expect(cover(1, 30, jitter).missingFrames).toBe(0);
    const gap = [...frames(10, 10), ...frames(7, 10, 1.3)];
    const c = cover(2, 10, gap);
    expect(c).toMatchObject({ missingFrames: 3, endedEarly: false, incomplete: true });
    expect(describeCoverage(c)).toBe('3 frames are missing');
  });

  it('reports an empty decode as ended at 0 s', () => {
    expect(cover(3, 30, [])).toMatchObject({ decodedSeconds: 0, endedEarly: true });
  });
});
