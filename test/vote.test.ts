import { describe, expect, it } from 'vitest';
import { majorityVote } from '../src/pipeline/vote';

const p = (...v: number[]) => Float32Array.from(v);

describe('majorityVote', () => {
  it('returns null for an empty window', () => {
    expect(majorityVote([])).toBeNull();
  });

  it('picks the label with the most frame votes, not the highest mean probability', () => {
    const window = [p(0.6, 0.4, 0), p(0.6, 0.4, 0), p(0, 0.0, 1)];
    const vote = majorityVote(window);
    expect(vote?.label).toBe(0);
    expect(vote?.votes).toBe(2);
    expect(vote?.confidence).toBeCloseTo(0.4);
  });

  it('breaks a tie by summed probability', () => {
    const window = [p(0.5, 0.4, 0.1), p(0.1, 0.9, 0.0)];
    expect(majorityVote(window)?.label).toBe(1);
    const reversed = [p(0.9, 0.1, 0.0), p(0.4, 0.5, 0.1)];
    expect(majorityVote(reversed)?.label).toBe(0);
  });
});
