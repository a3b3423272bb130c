// 'auto' detector range: when the short-range model runs, and how its faces join the full-range ones.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_AUTO_RANGE_CONFIG,
  isDetectorRangeChoice,
  mergeRanges,
  needsShortRange,
  type DetectedFace,
  type DetectorRange,
} from '../src/pipeline/detectorRange';

/** A 640×480 frame: its shorter side is 480, so a near face is wider than 0.4 × 480 = 192 px. */
const FRAME = { width: 640, height: 480 };

function face(range: DetectorRange, x: number, y: number, side: number, score = 0.9): DetectedFace {
  return { box: { x, y, width: side, height: side }, score, range };
}

describe('needsShortRange', () => {
  it('runs short range when full range finds no face', () => {
    expect(needsShortRange([], FRAME)).toBe(true);
  });

  it('does not when every face full range finds is at a normal size (the cheap path)', () => {
    expect(needsShortRange([face('full', 10, 10, 80), face('full', 300, 100, 190)], FRAME)).toBe(false);
  });

  it('does when one face is near: its side above 40% of the shorter side, whatever the frame shape', () => {
    expect(needsShortRange([face('full', 10, 10, 80), face('full', 300, 100, 200)], FRAME)).toBe(true);
    const portrait = { width: 480, height: 640 };
    expect(needsShortRange([face('full', 0, 0, 190)], portrait)).toBe(false);
    expect(needsShortRange([face('full', 0, 0, 200)], portrait)).toBe(true);
    // A tall box counts by its longer side.
    const tall: DetectedFace = { box: { x: 0, y: 0, width: 150, height: 200 }, score: 0.9, range: 'full' };
    expect(needsShortRange([tall], FRAME)).toBe(true);
  });

  it('follows the configured share', () => {
    const config = { ...DEFAULT_AUTO_RANGE_CONFIG, nearFaceShare: 0.2 };
    expect(needsShortRange([face('full', 0, 0, 100)], FRAME, config)).toBe(true);
  });
});

describe('mergeRanges', () => {
  it('keeps short range faces as they are when full range found none', () => {
    const short = [face('short', 100, 50, 300), face('short', 500, 50, 100)];
    expect(mergeRanges([], short, FRAME)).toEqual(short);
  });

  it('keeps a near face once, with the short-range box', () => {
    const full = [face('full', 200, 100, 260, 0.55)];
    const short = [face('short', 210, 115, 240, 0.92)];
    expect(mergeRanges(full, short, FRAME)).toEqual(short);
  });

  it('keeps a face at a normal size once, with the full-range box', () => {
    // Another face was near, so short range ran and found this one too.
    const full = [face('full', 0, 0, 250), face('full', 400, 100, 100)];
    const short = [face('short', 405, 104, 92), face('short', 5, 5, 240)];
    expect(mergeRanges(full, short, FRAME)).toEqual([short[1], full[1]]);
  });

  it('adds the faces only one model found, full range first', () => {
    const full = [face('full', 0, 0, 250), face('full', 450, 300, 60)];
    const short = [face('short', 10, 10, 230), face('short', 300, 50, 200)];
    expect(mergeRanges(full, short, FRAME)).toEqual([short[0], full[1], short[1]]);
  });

  it('pairs each face once, by best overlap, and only above the IoU threshold', () => {
    const full = [face('full', 0, 0, 300)];
    // Both overlap the full-range box; the better one is its twin, the other is a second face.
    const short = [face('short', 60, 60, 300), face('short', 10, 10, 280)];
    expect(mergeRanges(full, short, FRAME)).toEqual([short[1], short[0]]);
    // Barely touching boxes are two faces.
    const apart = [face('short', 280, 0, 300)];
    expect(mergeRanges(full, apart, FRAME)).toEqual([full[0], apart[0]]);
  });

  it('follows the configured IoU threshold', () => {
    const full = [face('full', 0, 0, 300)];
    const short = [face('short', 100, 0, 300)]; // IoU 0.5
    const config = (sameFaceIou: number) => ({ ...DEFAULT_AUTO_RANGE_CONFIG, sameFaceIou });
    expect(mergeRanges(full, short, FRAME, config(0.6))).toHaveLength(2);
    expect(mergeRanges(full, short, FRAME, config(0.4))).toEqual(short);
  });
});

describe('isDetectorRangeChoice', () => {
  it('accepts auto, short and full only', () => {
    for (const ok of ['auto', 'short', 'full']) expect(isDetectorRangeChoice(ok)).toBe(true);
    for (const bad of ['near', 'Auto', '', null, 1, undefined])
      expect(isDetectorRangeChoice(bad)).toBe(false);
  });
});
