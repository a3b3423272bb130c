// The classifier's input from a frame's pixels, computed exactly as training prepared FER2013 images: each
// face's square crop (framed for its detector's box, levelled by its eye line) sampled with the positions
// and bilinear weights of tf.image.cropAndResize, turned grey, averaged down and normalised. Plain arrays,
// no TF.js: it runs in the detection worker, so that only these small arrays travel to the classifier.

import type { DetectedFace } from './detectorRange';
import {
  cropSquare,
  LEVEL_DEADBAND,
  levellingTurn,
  normalisedCorners,
  scaledCrop,
  type Box,
  type Crop,
} from './geometry';
import type { ModelSpec } from './modelSpec';

/**
 * Crops are sampled at SUPERSAMPLE × the input size and then averaged down, so that shrinking a
 * 300 px face to 48 px averages its pixels (like an area resize) instead of picking a few of them.
 */
export const SUPERSAMPLE = 4;
/** log2(SUPERSAMPLE): a sample's output pixel is its index shifted right by this. */
const SUPERSAMPLE_SHIFT = 2;

/** A frame's pixels as ImageData holds them: RGBA bytes, row-major. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** What cropping needs of a model's spec: every model in the manifest may frame and scale its faces its own way. */
export type CropSpec = Pick<ModelSpec, 'inputSize' | 'greyWeights' | 'normalisation' | 'cropFraming'>;

/**
 * Each face's square crop, framed for the model whose box it has ('auto' mixes both ranges in one frame)
 * and turned to level its eye line: a frame's crops only beyond the dead band (the eye keypoints wander from
 * frame to frame), a still's (a photo's) by the whole slope.
 */
export function faceCrops(
  faces: readonly DetectedFace[],
  framing: CropSpec['cropFraming'],
  still: boolean,
): Crop[] {
  return faces.map((f) =>
    cropSquare(f.box, framing[f.range], levellingTurn(f.roll ?? 0, still ? 0 : LEVEL_DEADBAND)),
  );
}

/**
 * The crop scales at which a still's faces are classified when its views are averaged (each view mirrored
 * too): the crop a little tighter and a little wider than its framing. Chosen on FER2013's PublicTest
 * (training/experiments/crop_tta.py: scales and mirror +0.7 / 0.0 / +0.5 points over the mirror alone for
 * CNN / VGG / ResNet; shifts of ±2 px less); the dev set then measured it (training/logs/generalize/crop-tta.md).
 */
export const STILL_VIEW_SCALES: readonly number[] = [0.9, 1, 1.1];

/**
 * The classifier's input for every face of one frame (faceCrops, then cropInput): what the detection worker
 * sends the analysis worker in place of the frame's pixels. `still`: a photo (see faceCrops). `scales`: the
 * crops of each face, face by face (every face's views together, in this order), its framing's side × each.
 */
export function cropFaces(
  frame: RgbaFrame,
  faces: readonly DetectedFace[],
  spec: CropSpec,
  still: boolean,
  scales: readonly number[] = [1],
): Float32Array {
  const crops = faceCrops(faces, spec.cropFraming, still);
  return cropInput(
    frame,
    crops.flatMap((crop) => scales.map((scale) => scaledCrop(crop, scale))),
    spec,
  );
}

/**
 * The classifier's input for `crops` of one frame: crops.length images of inputSize² values, row-major,
 * read straight from the frame's RGBA bytes. Each crop is sampled at SUPERSAMPLE × the input size with the
 * sample positions and bilinear weights of tf.image.cropAndResize, turned grey with the spec's weights,
 * averaged down to the input size and normalised as training normalised FER2013's pixels. Samples outside
 * the frame are mid grey (the value that normalises to 0).
 */
export function cropInput(frame: RgbaFrame, crops: readonly (Box | Crop)[], spec: CropSpec): Float32Array {
  const { inputSize: size, greyWeights, normalisation } = spec;
  const weightSum = greyWeights.reduce((a, b) => a + b, 0);
  const padding = (normalisation.mean / normalisation.scale) * weightSum;
  const out = new Float32Array(crops.length * size * size);
  crops.forEach((crop, face) =>
    accumulateCrop(frame, crop, greyWeights, { out, offset: face * size * size, size, padding }),
  );
  const toInput = normalisation.scale / SUPERSAMPLE ** 2;
  for (let k = 0; k < out.length; k++)
    out[k] = ((out[k] as number) * toInput - normalisation.mean) / normalisation.std;
  return out;
}

/**
 * The sample positions of one crop along one axis, as cropAndResize places them (corner-aligned over
 * `side` samples), resolved once into the two pixels each sample reads, its weight on the second, and
 * whether it falls inside the frame (`limit` pixels long).
 */
interface AxisTaps {
  /** Every sample's position in pixels, inside the frame or not. */
  readonly at: Float64Array;
  readonly low: Int32Array;
  readonly high: Int32Array;
  readonly fraction: Float64Array;
  readonly inside: Uint8Array;
  /** The first and last pixel any inside sample reads (first > last: none). */
  readonly first: number;
  readonly last: number;
}

function axisTaps(start: number, end: number, limit: number, side: number): AxisTaps {
  const step = ((end - start) * (limit - 1)) / (side - 1);
  const positions = new Float64Array(side);
  const low = new Int32Array(side);
  const high = new Int32Array(side);
  const fraction = new Float64Array(side);
  const inside = new Uint8Array(side);
  let first = limit;
  let last = -1;
  for (let i = 0; i < side; i++) {
    const at = start * (limit - 1) + i * step;
    positions[i] = at;
    if (at < 0 || at > limit - 1) continue;
    low[i] = Math.floor(at);
    high[i] = Math.ceil(at);
    fraction[i] = at - Math.floor(at);
    inside[i] = 1;
    first = Math.min(first, Math.floor(at));
    last = Math.max(last, Math.ceil(at));
  }
  return { at: positions, low, high, fraction, inside, first, last };
}

/** The grey levels of the frame rectangle a crop reads (each pixel once), in a buffer reused across calls. */
let greyScratch = new Float32Array(0);

/** The pixels first..last (inclusive) of one axis that a crop reads. */
interface Span {
  readonly first: number;
  readonly last: number;
}

function greyRegion(frame: RgbaFrame, rows: Span, cols: Span, weights: readonly number[]): Float32Array {
  const { width, data } = frame;
  const [wr = 0, wg = 0, wb = 0] = weights;
  const height = rows.last - rows.first + 1;
  const stride = cols.last - cols.first + 1;
  if (height <= 0 || stride <= 0) return greyScratch;
  if (greyScratch.length < height * stride) greyScratch = new Float32Array(height * stride);
  const grey = greyScratch;
  for (let r = 0; r < height; r++) {
    let k = ((rows.first + r) * width + cols.first) * 4;
    const end = r * stride + stride;
    for (let g = r * stride; g < end; g++, k += 4)
      grey[g] = wr * (data[k] as number) + wg * (data[k + 1] as number) + wb * (data[k + 2] as number);
  }
  return grey;
}

/**
 * Adds every bilinear sample of one crop into its output pixel (SUPERSAMPLE² samples each) of the
 * size × size image at `out[offset…]`; samples outside the frame add `padding`. The inner loops read only
 * typed arrays (an output column per sample resolved once): this runs for every face of every frame.
 */
function accumulateSamples(
  rows: AxisTaps,
  cols: AxisTaps,
  grey: Float32Array,
  padding: number,
  size: number,
  out: Float32Array,
  offset: number,
): void {
  const stride = cols.last - cols.first + 1;
  const side = cols.inside.length;
  const { inside, low, high, fraction } = cols;
  for (let i = 0; i < rows.inside.length; i++) {
    const outRow = offset + (i >> SUPERSAMPLE_SHIFT) * size;
    if (!rows.inside[i]) {
      for (let j = 0; j < side; j++) {
        const o = outRow + (j >> SUPERSAMPLE_SHIFT);
        out[o] = (out[o] as number) + padding;
      }
      continue;
    }
    const top = ((rows.low[i] as number) - rows.first) * stride - cols.first;
    const bottom = ((rows.high[i] as number) - rows.first) * stride - cols.first;
    const dy = rows.fraction[i] as number;
    for (let j = 0; j < side; j++) {
      const o = outRow + (j >> SUPERSAMPLE_SHIFT);
      if (!inside[j]) {
        out[o] = (out[o] as number) + padding;
        continue;
      }
      const left = low[j] as number;
      const right = high[j] as number;
      const dx = fraction[j] as number;
      const tl = grey[top + left] as number;
      const bl = grey[bottom + left] as number;
      const upper = tl + ((grey[top + right] as number) - tl) * dx;
      const lower = bl + ((grey[bottom + right] as number) - bl) * dx;
      out[o] = (out[o] as number) + (upper + (lower - upper) * dy);
    }
  }
}

/** Where a crop's samples go: the size × size image at `out[offset…]`; outside the frame they add `padding`. */
interface CropTarget {
  readonly out: Float32Array;
  readonly offset: number;
  readonly size: number;
  readonly padding: number;
}

/**
 * The same samples as accumulateSamples for a crop turned by `roll` about its centre: each sample's
 * position is cropAndResize's for the level crop, rotated, and read bilinearly from `grey` (the frame's
 * pixels `rows` × `cols`); samples outside the frame add `padding`.
 */
function accumulateTurnedSamples(
  rows: AxisTaps,
  cols: AxisTaps,
  turned: { readonly centreX: number; readonly centreY: number; readonly roll: number },
  frame: { readonly width: number; readonly height: number },
  region: { readonly rows: Span; readonly cols: Span; readonly grey: Float32Array },
  into: CropTarget,
): void {
  const cos = Math.cos(turned.roll);
  const sin = Math.sin(turned.roll);
  const { centreX, centreY } = turned;
  const { grey } = region;
  const { out, offset, size, padding } = into;
  const stride = region.cols.last - region.cols.first + 1;
  const firstRow = region.rows.first;
  const firstCol = region.cols.first;
  const maxX = frame.width - 1;
  const maxY = frame.height - 1;
  const side = rows.at.length;
  // x = (centreX + cos·u) − sin·v and y = (centreY + sin·u) + cos·v: the bracketed halves depend on the
  // column alone, so they are made once per column, in the same floating-point steps.
  const columnX = new Float64Array(side);
  const columnY = new Float64Array(side);
  for (let j = 0; j < side; j++) {
    const u = (cols.at[j] as number) - centreX;
    columnX[j] = centreX + cos * u;
    columnY[j] = centreY + sin * u;
  }
  for (let i = 0; i < side; i++) {
    const outRow = offset + (i >> SUPERSAMPLE_SHIFT) * size;
    const v = (rows.at[i] as number) - centreY;
    const sinV = sin * v;
    const cosV = cos * v;
    for (let j = 0; j < side; j++) {
      const o = outRow + (j >> SUPERSAMPLE_SHIFT);
      const x = (columnX[j] as number) - sinV;
      const y = (columnY[j] as number) + cosV;
      if (x < 0 || y < 0 || x > maxX || y > maxY) {
        out[o] = (out[o] as number) + padding;
        continue;
      }
      // x, y ≥ 0 here: truncation is the floor; the next pixel is the ceiling unless x (y) is whole.
      const left = x | 0;
      const top = y | 0;
      const right = x > left ? left + 1 : left;
      const bottom = y > top ? top + 1 : top;
      const dx = x - left;
      const dy = y - top;
      const upperRow = (top - firstRow) * stride - firstCol;
      const lowerRow = (bottom - firstRow) * stride - firstCol;
      const tl = grey[upperRow + left] as number;
      const bl = grey[lowerRow + left] as number;
      const upper = tl + ((grey[upperRow + right] as number) - tl) * dx;
      const lower = bl + ((grey[lowerRow + right] as number) - bl) * dx;
      out[o] = (out[o] as number) + (upper + (lower - upper) * dy);
    }
  }
}

/** The pixels (inclusive, within the frame) that a crop turned by `roll` about its centre can read. */
function turnedSpan(
  centre: number,
  halfU: number,
  halfV: number,
  cos: number,
  sin: number,
  limit: number,
): Span {
  const reach = Math.abs(cos) * halfU + Math.abs(sin) * halfV;
  return {
    first: Math.max(0, Math.floor(centre - reach)),
    last: Math.min(limit - 1, Math.ceil(centre + reach)),
  };
}

/**
 * One crop's samples added into `into` (see cropInput): level crops straight from the frame's rows and
 * columns, a turned one (`roll`) through accumulateTurnedSamples.
 */
function accumulateCrop(
  frame: RgbaFrame,
  crop: Box | Crop,
  greyWeights: readonly number[],
  into: CropTarget,
): void {
  const { size, out, offset, padding } = into;
  const [y1, x1, y2, x2] = normalisedCorners(crop, frame.width, frame.height);
  const rows = axisTaps(y1, y2, frame.height, size * SUPERSAMPLE);
  const cols = axisTaps(x1, x2, frame.width, size * SUPERSAMPLE);
  const roll = 'roll' in crop ? crop.roll : 0;
  if (roll === 0) {
    const grey = greyRegion(frame, rows, cols, greyWeights);
    accumulateSamples(rows, cols, grey, padding, size, out, offset);
    return;
  }
  const centreX = ((x1 + x2) / 2) * (frame.width - 1);
  const centreY = ((y1 + y2) / 2) * (frame.height - 1);
  const halfU = ((x2 - x1) / 2) * (frame.width - 1);
  const halfV = ((y2 - y1) / 2) * (frame.height - 1);
  const cos = Math.cos(roll);
  const sin = Math.sin(roll);
  const region = {
    rows: turnedSpan(centreY, halfV, halfU, cos, sin, frame.height),
    cols: turnedSpan(centreX, halfU, halfV, cos, sin, frame.width),
  };
  const grey = greyRegion(frame, region.rows, region.cols, greyWeights);
  accumulateTurnedSamples(rows, cols, { centreX, centreY, roll }, frame, { ...region, grey }, into);
}
