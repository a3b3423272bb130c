// A frame set in a mid-grey border and scaled down, for the detector's last look at a frame where no face
// was found (detectorRange.ts, AutoRangeConfig.retryPadding), and the way back to the frame's pixels.

import type { DetectedFace, FrameSize } from './detectorRange';
import type { RgbaFrame } from './cropInput';

/** The padded frame's size, the frame's top-left corner in it and the frame's scale there. */
export interface Placement {
  readonly width: number;
  readonly height: number;
  readonly x: number;
  readonly y: number;
  /** Padded-frame pixels per frame pixel, at most 1. */
  readonly scale: number;
}

/** Each side `padding` times longer, then scaled so that the longer side is at most `maxSide`. */
export function paddedPlacement(frame: FrameSize, padding: number, maxSide: number): Placement {
  const scale = Math.min(1, maxSide / (padding * Math.max(frame.width, frame.height)));
  const width = Math.round(frame.width * padding * scale);
  const height = Math.round(frame.height * padding * scale);
  return {
    width,
    height,
    x: Math.floor((width - Math.round(frame.width * scale)) / 2),
    y: Math.floor((height - Math.round(frame.height * scale)) / 2),
    scale,
  };
}

/** Opaque mid grey for the border: flat, so nothing in it looks like a face. */
export function greyPixels(width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(width * height * 4).fill(128);
  for (let i = 3; i < pixels.length; i += 4) pixels[i] = 255;
  return pixels;
}

/**
 * Draws `frame` into `target` (RGBA, `placement`'s size) at its place and scale; the border is left as it
 * is. Nearest pixel: the detector scales the result down to 128×128 again, so finer resampling buys nothing.
 */
export function placeFrame(target: Uint8ClampedArray, frame: RgbaFrame, placement: Placement): void {
  const { x, y, scale } = placement;
  // One 32-bit word per RGBA pixel: a pixel is copied in one step.
  const from = new Uint32Array(frame.data.buffer, frame.data.byteOffset, frame.width * frame.height);
  const to = new Uint32Array(target.buffer, target.byteOffset, placement.width * placement.height);
  const width = Math.round(frame.width * scale);
  const height = Math.round(frame.height * scale);
  const sourceColumns = Array.from({ length: width }, (_, c) =>
    Math.min(frame.width - 1, Math.floor(c / scale)),
  );
  for (let row = 0; row < height; row++) {
    const sourceRow = Math.min(frame.height - 1, Math.floor(row / scale)) * frame.width;
    const targetRow = (y + row) * placement.width + x;
    sourceColumns.forEach((column, c) => (to[targetRow + c] = from[sourceRow + column] ?? 0));
  }
}

/** Faces found in a padded frame, in the frame's own pixels (a box may reach past its edges). */
export function unpadFaces(faces: readonly DetectedFace[], placement: Placement): DetectedFace[] {
  const { x, y, scale } = placement;
  return faces.map((f) => ({
    ...f,
    box: {
      x: (f.box.x - x) / scale,
      y: (f.box.y - y) / scale,
      width: f.box.width / scale,
      height: f.box.height / scale,
    },
  }));
}
