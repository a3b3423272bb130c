// Where a video-pixel box lands on the overlay canvas: object-fit letterboxing, selfie mirroring, DPR.

import type { Box, VideoBox } from '../pipeline/geometry';

declare const canvasPixels: unique symbol;

/**
 * A box in the overlay canvas's device pixels, mirrored as shown. Only {@link OverlayLayout.mapBox} makes
 * one, so a box in the video's pixels cannot be drawn unmapped, nor a mapped one mapped again.
 */
export type CanvasBox = Box & { readonly [canvasPixels]: true };

/** A width and a height. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** What the overlay is laid over. */
export interface OverlayPlacement {
  /** The analysed video's (or photo's) own size, the space its face boxes are in. */
  readonly video: Size;
  /** The element the video is fitted into (object-fit: contain), in CSS pixels. */
  readonly element: Size;
  /** Device pixels per CSS pixel: the canvas's backing store is this much larger than the element. */
  readonly dpr: number;
  /** Whether the video is shown mirrored (the selfie view). */
  readonly mirrored: boolean;
}

/** A frame drawn on at (about) its own size: a snapshot, a video export's frame. */
export interface FramePlacement {
  readonly video: Size;
  /** The canvas's size in its own pixels. */
  readonly canvas: Size;
  readonly mirrored: boolean;
}

export interface OverlayLayout {
  /** Canvas backing-store size in device pixels. */
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  /** Maps a box in video pixels to canvas device pixels (already mirrored when `mirrored`). */
  mapBox(box: VideoBox): CanvasBox;
  /** Device pixels per CSS pixel, for font sizes and line widths. */
  readonly dpr: number;
}

export function overlayLayout({ video, element, dpr, mirrored }: OverlayPlacement): OverlayLayout {
  const scale =
    video.width > 0 && video.height > 0
      ? Math.min(element.width / video.width, element.height / video.height)
      : 0;
  const offsetX = (element.width - video.width * scale) / 2;
  const offsetY = (element.height - video.height * scale) / 2;
  return {
    canvasWidth: Math.round(element.width * dpr),
    canvasHeight: Math.round(element.height * dpr),
    dpr,
    mapBox(box) {
      const width = box.width * scale;
      const left = offsetX + box.x * scale;
      const x = mirrored ? element.width - left - width : left;
      const mapped: Box = {
        x: x * dpr,
        y: (offsetY + box.y * scale) * dpr,
        width: width * dpr,
        height: box.height * scale * dpr,
      };
      return mapped as CanvasBox;
    },
  };
}

/**
 * The layout for drawing onto a frame at (about) its own size, `canvas` pixels (a snapshot, a video
 * export's frames): boxes in the video's pixels, text and lines as large relative to the frame as on a
 * 640-pixel-wide screen, or larger.
 */
export function frameLayout({ video, canvas, mirrored }: FramePlacement): OverlayLayout {
  const scale = Math.max(1, canvas.width / 640);
  const element = { width: canvas.width / scale, height: canvas.height / scale };
  return overlayLayout({ video, element, dpr: scale, mirrored });
}
