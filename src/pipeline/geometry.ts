// Face boxes in video pixels, and the square crop that frames a face the way FER2013 framed its faces.

/**
 * An axis-aligned box in some image's pixels (origin top-left). A box that leaves the pipeline says which
 * pixels by its type: {@link VideoBox} here, `CanvasBox` where the overlay draws.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

declare const videoPixels: unique symbol;

/**
 * A box in the pixels of the analysed video frame or image, as the detector saw it: what a face result
 * carries. Read it as a plain {@link Box}; only {@link videoBox} makes one, so that a box in another space
 * (the overlay canvas's) cannot be passed where this one is wanted, or the reverse.
 */
export type VideoBox = Box & { readonly [videoPixels]: true };

/** `box`'s four numbers as a box in video pixels (a copy: a crop's `roll` and the like stay behind). */
export function videoBox({ x, y, width, height }: Box): VideoBox {
  return { x, y, width, height } as VideoBox;
}

/** How FER2013 frames a face relative to the detector's box; measured, stored in each model's spec.json. */
export interface CropFraming {
  /** Crop side divided by the detector box width. */
  readonly scale: number;
  /** Crop centre minus box centre, in box widths (x) and box heights (y). */
  readonly offsetX: number;
  readonly offsetY: number;
}

/**
 * A square crop, turned by `roll` radians about its centre: its top edge runs along the direction
 * (cos roll, sin roll) of the video's pixels (y down), so a face whose eye line has that slope comes out
 * level. `roll` 0: the axis-aligned box itself.
 */
export interface Crop extends Box {
  readonly roll: number;
}

/**
 * The square crop for a detected face, level with its eye line (`roll`, radians: the slope of the line
 * from the face's right eye to its left as the video shows them). The framing's offset is taken along
 * the face's own axes. It may extend past the frame: the pixels there are padded, not dropped.
 */
export function cropSquare(box: Box, framing: CropFraming, roll = 0): Crop {
  const side = box.width * framing.scale;
  const dx = framing.offsetX * box.width;
  const dy = framing.offsetY * box.height;
  const cos = Math.cos(roll);
  const sin = Math.sin(roll);
  const cx = box.x + box.width / 2 + cos * dx - sin * dy;
  const cy = box.y + box.height / 2 + sin * dx + cos * dy;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side, roll };
}

/** `crop` `scale` times as wide, about the same centre and turned as it is (a still's other views). */
export function scaledCrop(crop: Crop, scale: number): Crop {
  const side = crop.width * scale;
  const grow = (side - crop.width) / 2;
  return { x: crop.x - grow, y: crop.y - grow, width: side, height: side, roll: crop.roll };
}

/**
 * Eye lines within this slope of level (radians, 10°) are not turned: the models were trained on faces
 * turned up to 10° either way, and the detector's eye keypoints wander by a few degrees from frame to frame,
 * which would shake the crop of a face held still (measured: the still clip's smoothed label changed
 * 0.4 times a second with every slope turned, 0 before).
 */
export const LEVEL_DEADBAND = (10 * Math.PI) / 180;

/**
 * How far a face's crop turns for an eye line of slope `roll`: nothing within ±`deadBand`, the excess beyond
 * it (so the crop turns continuously, from 0, as a head tilts further). A still (a photo) is analysed once,
 * with nothing to shake: its faces take a dead band of 0 and turn by the whole slope.
 */
export function levellingTurn(roll: number, deadBand = LEVEL_DEADBAND): number {
  const excess = Math.abs(roll) - deadBand;
  return excess > 0 ? Math.sign(roll) * excess : 0;
}

/**
 * The eye line's slope in radians from the detector's right-eye and left-eye keypoints (normalised to
 * the frame, as MediaPipe gives them), in the frame's pixels; 0 without both eyes.
 */
export function eyeLineRoll(
  rightEye: { x: number; y: number } | undefined,
  leftEye: { x: number; y: number } | undefined,
  frameWidth: number,
  frameHeight: number,
): number {
  if (!rightEye || !leftEye) return 0;
  const dx = (leftEye.x - rightEye.x) * frameWidth;
  const dy = (leftEye.y - rightEye.y) * frameHeight;
  return dx === 0 && dy === 0 ? 0 : Math.atan2(dy, dx);
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
