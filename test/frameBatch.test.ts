import { describe, expect, it } from 'vitest';
import { batchLength, type QueuedFrame } from '../src/worker/frameBatch';

const located = (epoch = 0): QueuedFrame => ({ epoch, faces: {} });
const locating = (epoch = 0): QueuedFrame => ({ epoch, faces: null });

describe('batchLength', () => {
  it('takes the head and the located frames after it', () => {
    expect(batchLength([located(), located(), located()], 8)).toBe(3);
    expect(batchLength([located()], 8)).toBe(1);
    expect(batchLength([], 8)).toBe(0);
  });

  it('stops at a frame still being located, even with located ones behind it', () => {
    expect(batchLength([located(), located(), locating(), located()], 8)).toBe(2);
    // The head is the caller's to wait for: it is taken located or not.
    expect(batchLength([locating(), located()], 8)).toBe(2);
  });

  it('never reaches across another job', () => {
    expect(batchLength([located(0), located(0), located(1), located(1)], 8)).toBe(2);
  });

  it('takes at most `max` frames', () => {
    expect(
      batchLength(
        Array.from({ length: 20 }, () => located()),
        8,
      ),
    ).toBe(8);
    expect(batchLength([located(), located()], 1)).toBe(1);
  });
});
