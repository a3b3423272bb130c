import { describe, expect, it } from 'vitest';
import { DEFAULT_SMOOTHING_CONFIG, LabelSmoother, windowSeconds } from '../src/pipeline/smoothing';

const probs = (top: number) => {
  const p = new Float32Array(3).fill(0.1);
  p[top] = 0.8;
  return p;
};

/** Feeds `labels` (one per frame) at `fps`, returning the smoothed label after each. */
function run(labels: readonly number[], fps: number, config = DEFAULT_SMOOTHING_CONFIG): number[] {
  const smoother = new LabelSmoother(config);
  return labels.map((l, i) => smoother.push(i / fps, probs(l)).label);
}

describe('LabelSmoother', () => {
  it('spans windowLength frames at the nominal rate: 1 s by default', () => {
    expect(windowSeconds(DEFAULT_SMOOTHING_CONFIG)).toBe(1);
    expect(windowSeconds({ ...DEFAULT_SMOOTHING_CONFIG, windowLength: 25 })).toBe(2.5);
  });

  it('counts the frames of the last second at any frame rate', () => {
    for (const fps of [10, 25, 30]) {
      const smoother = new LabelSmoother(DEFAULT_SMOOTHING_CONFIG);
      for (let i = 0; i < 5 * fps; i++) smoother.push(i / fps, probs(0));
      expect(smoother.frames).toBe(fps);
    }
  });

  it('follows a clean switch within the same time (0.6–0.65 s with the default margin) at 10, 25 and 30 fps', () => {
    for (const fps of [10, 25, 30]) {
      const labels = [...Array<number>(3 * fps).fill(0), ...Array<number>(3 * fps).fill(1)];
      const out = run(labels, fps);
      const followed = out.findIndex((l, i) => i >= 3 * fps && l === 1);
      const delay = (followed - 3 * fps) / fps;
      expect(delay).toBeGreaterThanOrEqual(0.55);
      expect(delay).toBeLessThanOrEqual(0.7);
      expect(out.slice(followed).every((l) => l === 1)).toBe(true);
    }
  });

  it('holds its label against a challenger that only edges ahead (hysteresis)', () => {
    // After a second of 0, every second holds 4 frames of 1, 3 of 0 and 3 of 2: 1 leads by a tenth.
    const pattern = [1, 1, 1, 1, 0, 0, 0, 2, 2, 2];
    const labels = [
      ...Array<number>(10).fill(0),
      ...Array.from({ length: 30 }, (_, i) => pattern[i % 10] as number),
    ];
    const plain = run(labels, 10, { ...DEFAULT_SMOOTHING_CONFIG, switchMargin: 0 });
    const held = run(labels, 10);
    expect(plain.at(-1)).toBe(1);
    expect(held.every((l) => l === 0)).toBe(true);
  });

  it('reports the held label’s own votes and mean probability while it holds', () => {
    const smoother = new LabelSmoother(DEFAULT_SMOOTHING_CONFIG);
    const strong = Float32Array.from([0.05, 0.9, 0.05]); // wins a tie of frame votes on summed probability
    let vote = smoother.push(0, probs(0));
    for (let i = 1; i < 10; i++) vote = smoother.push(i / 10, probs(0));
    for (let i = 10; i < 15; i++) vote = smoother.push(i / 10, strong);
    // The last second: 5 frames of 0, 5 of 1 (1 ahead on probability): 0 holds, with its own figures.
    expect(vote.label).toBe(0);
    expect(vote.votes).toBe(5);
    expect(vote.confidence).toBeCloseTo((5 * 0.8 + 5 * 0.05) / 10, 5);
    expect(smoother.push(1.5, strong).label).toBe(0); // 4 against 6: a lead of 0.2 is not enough
    vote = smoother.push(1.6, strong); // 3 against 7: the lead (0.4) passes the margin (0.3)
    expect(vote.label).toBe(1);
    expect(vote.votes).toBe(7);
  });

  it('starts afresh when time goes backwards (a seek without a reset)', () => {
    const smoother = new LabelSmoother(DEFAULT_SMOOTHING_CONFIG);
    for (let i = 0; i < 10; i++) smoother.push(5 + i / 10, probs(0));
    expect(smoother.push(1, probs(2)).label).toBe(2);
    expect(smoother.frames).toBe(1);
  });
});
