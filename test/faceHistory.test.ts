// Per-face memory: announcements only when a face appears or its smoothed label changes, held time,
// and a 30-second history window.

import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../src/pipeline/analyzer';
import { FaceHistory, HISTORY_SECONDS } from '../src/session/faceHistory';

function frame(faces: [number, string][]): FrameResult {
  return {
    faces: faces.map(([trackId, label]) => ({
      trackId,
      box: { x: 0, y: 0, width: 10, height: 10 },
      detectionScore: 1,
      probabilities: new Float32Array(7),
      smoothedLabel: label,
      smoothedConfidence: 0.6,
    })),
    skippedFaces: 0,
    labels: [],
    timings: { detectMs: 0, cropMs: 0, classifyMs: 0 },
    detected: true,
    frameWidth: 100,
    frameHeight: 100,
  };
}

describe('FaceHistory', () => {
  it('announces a face when it appears and when its label changes, never on unchanged frames', () => {
    const h = new FaceHistory();
    expect(h.update(frame([[1, 'happy']]), 0)).toEqual(['Face 1 appeared: happy']);
    for (let t = 1; t < 20; t++) expect(h.update(frame([[1, 'happy']]), t * 100)).toEqual([]);
    expect(
      h.update(
        frame([
          [1, 'sad'],
          [2, 'neutral'],
        ]),
        2000,
      ),
    ).toEqual(['Face 1: now sad', 'Face 2 appeared: neutral']);
    expect(
      h.update(
        frame([
          [1, 'sad'],
          [2, 'neutral'],
        ]),
        2100,
      ),
    ).toEqual([]);
  });

  it('knows how long a face has held its label', () => {
    const h = new FaceHistory();
    h.update(frame([[1, 'happy']]), 0);
    h.update(frame([[1, 'happy']]), 4000);
    expect(h.heldSeconds(1, 5000)).toBe(5);
    h.update(frame([[1, 'angry']]), 6000);
    expect(h.heldSeconds(1, 7000)).toBe(1);
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
