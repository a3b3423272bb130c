import { describe, expect, it } from 'vitest';
import { cropSquare, iou, normalisedCorners } from '../src/pipeline/geometry';

describe('cropSquare', () => {
  it('scales the box about its centre and makes it square', () => {
    const crop = cropSquare({ x: 100, y: 50, width: 40, height: 40 }, { scale: 1.5, offsetX: 0, offsetY: 0 });
    expect(crop).toEqual({ x: 90, y: 40, width: 60, height: 60 });
  });

  it('shifts the centre by the measured offsets, in box widths and heights', () => {
    const crop = cropSquare(
      { x: 0, y: 0, width: 100, height: 80 },
      { scale: 1, offsetX: 0.1, offsetY: -0.25 },
    );
    expect(crop.x + crop.width / 2).toBeCloseTo(60);
    expect(crop.y + crop.height / 2).toBeCloseTo(20);
    expect(crop.width).toBe(100);
    expect(crop.height).toBe(100);
  });

  it('keeps crops that extend past the frame (they are padded later, not clipped)', () => {
    const crop = cropSquare({ x: -10, y: -10, width: 40, height: 40 }, { scale: 2, offsetX: 0, offsetY: 0 });
    expect(crop.x).toBeLessThan(0);
    expect(crop.width).toBe(80);
  });
});

describe('iou', () => {
  it('is 1 for identical boxes, 0 for disjoint ones, and symmetric', () => {
    const a = { x: 0, y: 0, width: 10, height: 10 };
    expect(iou(a, a)).toBe(1);
    expect(iou(a, { x: 20, y: 0, width: 10, height: 10 })).toBe(0);
    const b = { x: 5, y: 0, width: 10, height: 10 };
    expect(iou(a, b)).toBeCloseTo(50 / 150);
    expect(iou(b, a)).toBeCloseTo(iou(a, b));
  });
});

describe('normalisedCorners', () => {
  it('gives [y1, x1, y2, x2] over frame size, beyond 0..1 outside the frame', () => {
    expect(normalisedCorners({ x: -64, y: 0, width: 128, height: 96 }, 640, 480)).toEqual([
      0, -0.1, 0.2, 0.1,
    ]);
  });
});
