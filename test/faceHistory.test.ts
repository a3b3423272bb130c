// Per-face memory: held time (never negative) and a 30-second history window.

import { describe, expect, it } from 'vitest';
import { FaceHistory, HISTORY_SECONDS } from '../src/session/live/faceHistory';
import { frameOf } from './frames';

const frame = (faces: [number, string][]) =>
  frameOf(faces.map(([trackId, smoothedLabel]) => ({ trackId, smoothedLabel })));

describe('FaceHistory', () => {
  it('knows how long a face has held its label', () => {
    const h = new FaceHistory();
    h.update(frame([[1, 'happy']]), 0);
    h.update(frame([[1, 'happy']]), 4000);
    expect(h.heldSeconds(1, 5000)).toBe(5);
    h.update(frame([[1, 'angry']]), 6000);
    expect(h.heldSeconds(1, 7000)).toBe(1);
    // A card's clock reading taken before the frame that changed the label: 0 s, not "-1 s".
    h.update(frame([[1, 'sad']]), 7200);
    expect(h.heldSeconds(1, 7000)).toBe(0);
  });

  it('keeps 30 seconds of history and forgets faces that left', () => {
    const h = new FaceHistory();
    for (let t = 0; t <= 40_000; t += 1000) h.update(frame([[1, 'happy']]), t);
    const points = h.history(1);
    expect(points[0]?.time).toBe(40_000 - HISTORY_SECONDS * 1000);
    expect(points.at(-1)?.time).toBe(40_000);
    h.update(frame([[2, 'sad']]), 41_000);
    expect(h.has(1)).toBe(false);
    expect(h.history(1)).toEqual([]);
  });
});
