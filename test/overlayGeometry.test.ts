import { describe, expect, it } from 'vitest';
import { overlayLayout } from '../src/draw/overlayGeometry';

describe('overlayLayout', () => {
  it('letterboxes a 4:3 video in a wide element and scales by devicePixelRatio', () => {
    const layout = overlayLayout(640, 480, 800, 400, 2, false);
    expect(layout.canvasWidth).toBe(1600);
    // scale 400/480; video drawn 533.3 px wide, centred: left margin 133.3 px
    const box = layout.mapBox({ x: 0, y: 0, width: 640, height: 480 });
    expect(box.x).toBeCloseTo(133.33 * 2, 1);
    expect(box.width).toBeCloseTo(533.33 * 2, 1);
    expect(box.y).toBe(0);
  });

  it('mirrors boxes for the selfie view (left becomes right)', () => {
    const layout = overlayLayout(640, 480, 640, 480, 1, true);
    const box = layout.mapBox({ x: 10, y: 20, width: 100, height: 50 });
    expect(box).toEqual({ x: 530, y: 20, width: 100, height: 50 });
  });
});
