import { describe, expect, it } from 'vitest';
import { frameLayout, overlayLayout, type CanvasBox } from '../src/draw/overlayGeometry';
import { videoBox } from '../src/pipeline/geometry';

describe('overlayLayout', () => {
  it('letterboxes a 4:3 video in a wide element and scales by devicePixelRatio', () => {
    const layout = overlayLayout({
      video: { width: 640, height: 480 },
      element: { width: 800, height: 400 },
      dpr: 2,
      mirrored: false,
    });
    expect(layout.canvasWidth).toBe(1600);
    // scale 400/480; video drawn 533.3 px wide, centred: left margin 133.3 px
    const box = layout.mapBox(videoBox({ x: 0, y: 0, width: 640, height: 480 }));
    expect(box.x).toBeCloseTo(133.33 * 2, 1);
    expect(box.width).toBeCloseTo(533.33 * 2, 1);
    expect(box.y).toBe(0);
  });

  it('mirrors boxes for the selfie view (left becomes right)', () => {
    const size = { width: 640, height: 480 };
    const layout = overlayLayout({ video: size, element: size, dpr: 1, mirrored: true });
    const box = layout.mapBox(videoBox({ x: 10, y: 20, width: 100, height: 50 }));
    expect(box).toEqual({ x: 530, y: 20, width: 100, height: 50 });
  });
});

describe('frameLayout', () => {
  it('draws on a wide frame in its own pixels, with text and lines scaled as on a 640-pixel screen', () => {
    const size = { width: 1280, height: 720 };
    const layout = frameLayout({ video: size, canvas: size, mirrored: false });
    expect(layout.dpr).toBe(2);
    expect(layout.canvasWidth).toBe(1280);
    const box = layout.mapBox(videoBox({ x: 100, y: 50, width: 200, height: 100 }));
    expect(box).toEqual({ x: 100, y: 50, width: 200, height: 100 });
  });
});

describe('box spaces', () => {
  // tsc -b checks this file: without the brands on VideoBox and CanvasBox, the lines below would compile and
  // each @ts-expect-error would itself be the error.
  it('keeps boxes in video pixels and boxes in canvas pixels apart', () => {
    const size = { width: 640, height: 480 };
    const layout = overlayLayout({ video: size, element: size, dpr: 1, mirrored: false });
    const inVideo = videoBox({ x: 10, y: 20, width: 100, height: 50 });
    // @ts-expect-error -- a box in video pixels is not on the canvas until mapped
    const unmapped: CanvasBox = inVideo;
    const onCanvas = layout.mapBox(inVideo);
    // @ts-expect-error -- a box on the canvas is mapped already: mapping it again would place it twice
    layout.mapBox(onCanvas);
    // @ts-expect-error -- a bare box says no space: only videoBox() or the pipeline make one
    layout.mapBox({ x: 10, y: 20, width: 100, height: 50 });
    expect(unmapped).toEqual(onCanvas);
  });
});
