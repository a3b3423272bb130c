import { describe, expect, it } from 'vitest';
import {
  cropSquare,
  eyeLineRoll,
  iou,
  LEVEL_DEADBAND,
  levellingTurn,
  normalisedCorners,
  scaledCrop,
  videoBox,
} from '../src/pipeline/geometry';

describe('cropSquare', () => {
  it('scales the box about its centre and makes it square', () => {
    const crop = cropSquare({ x: 100, y: 50, width: 40, height: 40 }, { scale: 1.5, offsetX: 0, offsetY: 0 });
    expect(crop).toEqual({ x: 90, y: 40, width: 60, height: 60, roll: 0 });
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

describe('cropSquare on a tilted face', () => {
  it("takes the framing offset along the face's own axes", () => {
    const box = { x: 0, y: 0, width: 100, height: 100 };
    const framing = { scale: 1, offsetX: 0, offsetY: -0.2 };
    // Turned a quarter clockwise, the face's "up" points to the frame's +x.
    const crop = cropSquare(box, framing, Math.PI / 2);
    expect(crop.x + crop.width / 2).toBeCloseTo(70);
    expect(crop.y + crop.height / 2).toBeCloseTo(50);
    expect(crop.roll).toBeCloseTo(Math.PI / 2);
    expect(crop.width).toBe(100);
  });
});

describe('scaledCrop', () => {
  it('scales a crop about its centre and keeps its turn', () => {
    const crop = { x: 10, y: 20, width: 100, height: 100, roll: 0.3 };
    const numbers = ({ x, y, width, height, roll }: ReturnType<typeof scaledCrop>) => [
      x,
      y,
      width,
      height,
      roll,
    ];
    const near = (values: number[]) => values.map((v) => expect.closeTo(v, 9));
    expect(numbers(scaledCrop(crop, 0.9))).toEqual(near([15, 25, 90, 90, 0.3]));
    expect(numbers(scaledCrop(crop, 1.1))).toEqual(near([5, 15, 110, 110, 0.3]));
  });
});

describe('levellingTurn', () => {
  it('leaves eye lines within the dead band level, and turns by the excess beyond it, either way', () => {
    expect(levellingTurn(0)).toBe(0);
    expect(levellingTurn(LEVEL_DEADBAND * 0.9)).toBe(0);
    expect(levellingTurn(-LEVEL_DEADBAND * 0.9)).toBe(0);
    expect(levellingTurn(LEVEL_DEADBAND + 0.2)).toBeCloseTo(0.2);
    expect(levellingTurn(-LEVEL_DEADBAND - 0.2)).toBeCloseTo(-0.2);
    // Continuous at the edge of the band: no jump as a head tilts through it.
    expect(levellingTurn(LEVEL_DEADBAND + 1e-9)).toBeCloseTo(0, 8);
    // A still's dead band is 0: the whole slope.
    expect(levellingTurn(0.05, 0)).toBeCloseTo(0.05);
    expect(levellingTurn(-0.3, 0)).toBeCloseTo(-0.3);
  });
});

describe('eyeLineRoll', () => {
  it("is the slope of the eye line in the frame's pixels, positive when the left eye is lower", () => {
    expect(eyeLineRoll({ x: 0.4, y: 0.5 }, { x: 0.6, y: 0.5 }, 640, 480)).toBe(0);
    // 0.2 × 400 px across, 0.2 × 400 px down: 45°.
    expect(eyeLineRoll({ x: 0.4, y: 0.4 }, { x: 0.6, y: 0.6 }, 400, 400)).toBeCloseTo(Math.PI / 4);
    // The same normalised points on a wide frame: across counts more than down.
    expect(eyeLineRoll({ x: 0.4, y: 0.4 }, { x: 0.6, y: 0.6 }, 800, 400)).toBeCloseTo(Math.atan2(80, 160));
    expect(eyeLineRoll({ x: 0.6, y: 0.5 }, { x: 0.4, y: 0.6 }, 100, 100)).toBeCloseTo(Math.atan2(10, -20));
  });

  it('is 0 without both eyes', () => {
    expect(eyeLineRoll(undefined, { x: 0.6, y: 0.5 }, 640, 480)).toBe(0);
    expect(eyeLineRoll({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }, 640, 480)).toBe(0);
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

describe('videoBox', () => {
  it("keeps a box's four numbers only (a crop's roll stays behind), in a copy", () => {
    const crop = cropSquare(
      { x: 10, y: 20, width: 40, height: 40 },
      { scale: 1, offsetX: 0, offsetY: 0 },
      0.2,
    );
    const box = videoBox(crop);
    expect(box).toEqual({ x: crop.x, y: crop.y, width: 40, height: 40 });
    expect(box).not.toBe(crop);
  });
});
