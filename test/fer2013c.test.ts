// bench/fer2013c.mjs: FER2013-C's figures from per-condition accuracies, as training/fer2013c.py reports them
// (every corruption and severity weighs the same in the mean), and the side-by-side table of targets.
import { describe, expect, it } from 'vitest';
import { robustnessTable, summariseRobustness } from '../bench/fer2013c.mjs';

const scored = [
  { name: 'clean', severity: 0, accuracy: 0.8 },
  { name: 'jpeg', severity: 1, accuracy: 0.7 },
  { name: 'jpeg', severity: 2, accuracy: 0.6 },
  { name: 'jpeg', severity: 3, accuracy: 0.5 },
  { name: 'motion_blur', severity: 1, accuracy: 0.8 },
  { name: 'motion_blur', severity: 2, accuracy: 0.8 },
  { name: 'motion_blur', severity: 3, accuracy: 0.2 },
];

describe('FER2013-C in the browser', () => {
  it('averages the severities per corruption, and all conditions but clean for the mean', () => {
    const r = summariseRobustness(scored);
    expect(r.clean).toBe(0.8);
    expect(r.corruptions['jpeg']?.severities).toEqual([0.7, 0.6, 0.5]);
    expect(r.corruptions['jpeg']?.mean).toBeCloseTo(0.6, 12);
    expect(r.corruptions['motion_blur']?.mean).toBeCloseTo(0.6, 12);
    expect(r.mean).toBeCloseTo(3.6 / 6, 12);
    expect(r.relative).toBeCloseTo(0.6 / 0.8, 12);
  });

  it('keeps a severity in its place whatever the order the conditions come in', () => {
    const r = summariseRobustness([...scored].reverse());
    expect(r.corruptions['jpeg']?.severities).toEqual([0.7, 0.6, 0.5]);
  });

  it('refuses a run without the clean faces or without a corruption', () => {
    expect(() => summariseRobustness(scored.slice(1))).toThrow(/clean/);
    expect(() => summariseRobustness(scored.slice(0, 1))).toThrow(/clean/);
  });

  it('puts the targets side by side and lists the ones that failed', () => {
    const fer2013c = { images: 32, seed: 1337, ...summariseRobustness(scored) };
    const table = robustnessTable([
      { name: 'ours VGG', fer2013c },
      { name: 'Human', fer2013c: { ...fer2013c, mean: 0.3, relative: 0.375 } },
      { name: 'face-api', error: 'page crashed' },
    ]);
    expect(table).toContain('first 32 PrivateTest faces (seed 1337');
    expect(table).toContain('|  | ours VGG | Human |');
    expect(table).toContain('| motion blur | 60.0% | 60.0% |');
    expect(table).toContain('| **mean over corruptions** | **60.0%** | **30.0%** |');
    expect(table).toContain('| mean ÷ clean | 0.750 | 0.375 |');
    expect(table).toContain('- face-api: page crashed');
  });
});
