// Face boxes in video pixels, and the square crop that frames a face the way FER2013 framed its faces.

/** An axis-aligned box in the source video's pixel space (origin top-left). */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How FER2013 frames a face relative to the detector's box; measured, stored in each model's spec.json. */
export interface CropFraming {
  /** Crop side divided by the detector box width. */
  readonly scale: number;
  /** Crop centre minus box centre, in box widths (x) and box heights (y). */
  readonly offsetX: number;
  readonly offsetY: number;
}

/** The square crop for a detected face. It may extend past the frame: the pixels there are padded, not dropped. */
export function cropSquare(box: Box, framing: CropFraming): Box {
  const side = box.width * framing.scale;
  const cx = box.x + box.width / 2 + framing.offsetX * box.width;
  const cy = box.y + box.height / 2 + framing.offsetY * box.height;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** Intersection over union of two boxes; 0 when they do not overlap. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * A crop box as TF.js `cropAndResize` wants it: [y1, x1, y2, x2] normalised to the frame size,
 * values outside 0..1 meaning outside the frame (filled with the extrapolation value).
 */
export function normalisedCorners(
  crop: Box,
  frameWidth: number,
  frameHeight: number,
): [number, number, number, number] {
  return [
    crop.y / frameHeight,
    crop.x / frameWidth,
    (crop.y + crop.height) / frameHeight,
    (crop.x + crop.width) / frameWidth,
  ];
}
