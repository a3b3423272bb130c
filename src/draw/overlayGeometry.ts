// Where a video-pixel box lands on the overlay canvas: object-fit letterboxing, selfie mirroring, DPR.

import type { Box } from '../lib/internal';

export interface OverlayLayout {
  /** Canvas backing-store size in device pixels. */
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  /** Maps a box in video pixels to canvas device pixels (already mirrored when `mirrored`). */
  mapBox(box: Box): Box;
  /** Device pixels per CSS pixel, for font sizes and line widths. */
  readonly dpr: number;
}

export function overlayLayout(
  videoWidth: number,
  videoHeight: number,
  elementWidth: number,
  elementHeight: number,
  dpr: number,
  mirrored: boolean,
): OverlayLayout {
  const scale =
    videoWidth > 0 && videoHeight > 0 ? Math.min(elementWidth / videoWidth, elementHeight / videoHeight) : 0;
  const offsetX = (elementWidth - videoWidth * scale) / 2;
  const offsetY = (elementHeight - videoHeight * scale) / 2;
  return {
    canvasWidth: Math.round(elementWidth * dpr),
    canvasHeight: Math.round(elementHeight * dpr),
    dpr,
    mapBox(box) {
      const width = box.width * scale;
      const left = offsetX + box.x * scale;
      const x = mirrored ? elementWidth - left - width : left;
      return {
        x: x * dpr,
        y: (offsetY + box.y * scale) * dpr,
        width: width * dpr,
        height: box.height * scale * dpr,
      };
    },
  };
}

/**
 * The layout for drawing onto a frame at (about) its own size, `width`×`height` canvas pixels (a snapshot,
 * a video export's frames): boxes in the video's pixels, text and lines as large relative to the frame as
 * on a 640-pixel-wide screen, or larger.
 */
export function frameLayout(
  videoWidth: number,
  videoHeight: number,
  width: number,
  height: number,
  mirrored: boolean,
): OverlayLayout {
  const scale = Math.max(1, width / 640);
  return overlayLayout(videoWidth, videoHeight, width / scale, height / scale, scale, mirrored);
}
