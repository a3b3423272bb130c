// The detector's last look at a frame without faces: the frame in a grey border, scaled down, and back.

import { describe, expect, it } from 'vitest';
import { greyPixels, paddedPlacement, placeFrame, unpadFaces } from '../src/pipeline/paddedFrame';

describe('paddedPlacement', () => {
  it('centres the frame in a border that makes each side 1.5 times longer', () => {
    expect(paddedPlacement({ width: 200, height: 100 }, 1.5, 512)).toEqual({
      width: 300,
      height: 150,
      x: 50,
      y: 25,
      scale: 1,
    });
  });

  it('scales a large frame down so that the padded one is at most maxSide long', () => {
    const p = paddedPlacement({ width: 4096, height: 2731 }, 1.5, 512);
    expect(p.width).toBe(512);
    expect(p.height).toBe(341);
    expect(p.scale).toBeCloseTo(512 / 6144);
    expect(p.x).toBe(85); // (512 - 341) / 2
  });
});

describe('placeFrame', () => {
  /** A 3×2 frame whose bytes count up from 1. */
  const frame = { data: Uint8ClampedArray.from({ length: 3 * 2 * 4 }, (_, i) => i + 1), width: 3, height: 2 };
  const pixelOf = (pixels: Uint8ClampedArray, width: number) => (x: number, y: number) =>
    Array.from(pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));

  it('copies every pixel of the frame to its place and leaves the border opaque mid grey', () => {
    const placement = paddedPlacement(frame, 2, 512); // 6×4, frame at (1, 1)
    const padded = greyPixels(placement.width, placement.height);
    placeFrame(padded, frame, placement);
    const pixel = pixelOf(padded, 6);
    expect(pixel(0, 0)).toEqual([128, 128, 128, 255]);
    expect(pixel(5, 3)).toEqual([128, 128, 128, 255]);
    expect(pixel(1, 1)).toEqual([1, 2, 3, 4]);
    expect(pixel(3, 2)).toEqual([21, 22, 23, 24]);
    expect(pixel(4, 1)).toEqual([128, 128, 128, 255]);
  });

  it('scales down by taking the nearest pixel', () => {
    const wide = { data: Uint8ClampedArray.from({ length: 4 * 2 * 4 }, (_, i) => i), width: 4, height: 2 };
    const placement = { width: 2, height: 1, x: 0, y: 0, scale: 0.5 };
    const padded = greyPixels(2, 1);
    placeFrame(padded, wide, placement);
    expect(Array.from(padded)).toEqual([0, 1, 2, 3, 8, 9, 10, 11]); // pixels (0, 0) and (2, 0)
  });
});

describe('unpadFaces', () => {
  it('moves and scales the faces found back into the frame, keeping their range and score', () => {
    const placement = { width: 300, height: 150, x: 50, y: 25, scale: 0.5 };
    const found = [{ box: { x: 40, y: 20, width: 60, height: 70 }, score: 0.8, range: 'short' as const }];
    expect(unpadFaces(found, placement)).toEqual([
      { box: { x: -20, y: -10, width: 120, height: 140 }, score: 0.8, range: 'short' },
    ]);
  });
});
