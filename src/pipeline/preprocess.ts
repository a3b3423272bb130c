// Face crops → the classifier's input batch, computed exactly as training prepared FER2013 images.

import * as tf from '@tensorflow/tfjs';
import { normalisedCorners, type Box, type Crop } from './geometry';
import type { ModelSpec } from './modelSpec';

/**
 * Crops are sampled at SUPERSAMPLE × the input size and then averaged down, so that shrinking a
 * 300 px face to 48 px averages its pixels (like an area resize) instead of picking a few of them.
 */
export const SUPERSAMPLE = 4;

/** A frame's pixels as ImageData holds them: RGBA bytes, row-major. */
export interface RgbaFrame {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

function add(values: Float32Array, index: number, value: number): void {
  values[index] = (values[index] ?? 0) + value;
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
  for (let r = 0; r < height; r++) {
    let k = ((rows.first + r) * width + cols.first) * 4;
    for (let c = 0, g = r * stride; c < stride; c++, g++, k += 4)
      greyScratch[g] = wr * (data[k] ?? 0) + wg * (data[k + 1] ?? 0) + wb * (data[k + 2] ?? 0);
  }
  return greyScratch;
}

/**
 * Adds every bilinear sample of one crop into its output pixel (SUPERSAMPLE² samples each) of the
 * size × size image at `out[offset…]`; samples outside the frame add `padding`.
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
  for (let i = 0; i < rows.inside.length; i++) {
    const outRow = offset + Math.floor(i / SUPERSAMPLE) * size;
    if (!rows.inside[i]) {
      for (let j = 0; j < cols.inside.length; j++) add(out, outRow + Math.floor(j / SUPERSAMPLE), padding);
      continue;
    }
    const top = ((rows.low[i] ?? 0) - rows.first) * stride - cols.first;
    const bottom = ((rows.high[i] ?? 0) - rows.first) * stride - cols.first;
    const dy = rows.fraction[i] ?? 0;
    for (let j = 0; j < cols.inside.length; j++) {
      const o = outRow + Math.floor(j / SUPERSAMPLE);
      if (!cols.inside[j]) {
        add(out, o, padding);
        continue;
      }
      const left = cols.low[j] ?? 0;
      const right = cols.high[j] ?? 0;
      const dx = cols.fraction[j] ?? 0;
      const tl = grey[top + left] ?? 0;
      const bl = grey[bottom + left] ?? 0;
      const upper = tl + ((grey[top + right] ?? 0) - tl) * dx;
      const lower = bl + ((grey[bottom + right] ?? 0) - bl) * dx;
      add(out, o, upper + (lower - upper) * dy);
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
  const { grey } = region;
  const { out, offset, size, padding } = into;
  const stride = region.cols.last - region.cols.first + 1;
  const side = rows.at.length;
  for (let i = 0; i < side; i++) {
    const outRow = offset + Math.floor(i / SUPERSAMPLE) * size;
    const v = (rows.at[i] ?? 0) - turned.centreY;
    for (let j = 0; j < side; j++) {
      const o = outRow + Math.floor(j / SUPERSAMPLE);
      const u = (cols.at[j] ?? 0) - turned.centreX;
      const x = turned.centreX + cos * u - sin * v;
      const y = turned.centreY + sin * u + cos * v;
      if (x < 0 || y < 0 || x > frame.width - 1 || y > frame.height - 1) {
        add(out, o, padding);
        continue;
      }
      const left = Math.floor(x);
      const top = Math.floor(y);
      const right = Math.ceil(x);
      const bottom = Math.ceil(y);
      const dx = x - left;
      const dy = y - top;
      const upperRow = (top - region.rows.first) * stride - region.cols.first;
      const lowerRow = (bottom - region.rows.first) * stride - region.cols.first;
      const tl = grey[upperRow + left] ?? 0;
      const bl = grey[lowerRow + left] ?? 0;
      const upper = tl + ((grey[upperRow + right] ?? 0) - tl) * dx;
      const lower = bl + ((grey[lowerRow + right] ?? 0) - bl) * dx;
      add(out, o, upper + (lower - upper) * dy);
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
 * One batch [faces, size, size, 1] of normalised grey crops, read straight from the frame's RGBA bytes.
 * Each crop is sampled at SUPERSAMPLE × the input size with the sample positions and bilinear weights of
 * tf.image.cropAndResize, turned grey with the spec's weights, averaged down to the input size and
 * normalised as training normalised FER2013's pixels. Samples outside the frame are mid grey (the value
 * that normalises to 0). No tensor of the whole frame is made: turning a 640×480 frame into one took
 * longer here (about 17 ms) than classifying its faces.
 */
export function facesToBatch(frame: RgbaFrame, crops: readonly (Box | Crop)[], spec: ModelSpec): tf.Tensor4D {
  return cropsToBatch([{ frame, crops }], spec);
}

/**
 * One crop's samples added into `into` (see facesToBatch): level crops straight from the frame's rows and
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

/**
 * The crops of several frames in one batch, frame after frame (as facesToBatch makes each): one
 * classifier call for several frames costs less per face than one call each.
 */
export function cropsToBatch(
  frames: readonly { readonly frame: RgbaFrame; readonly crops: readonly (Box | Crop)[] }[],
  spec: ModelSpec,
): tf.Tensor4D {
  const { inputSize: size, greyWeights, normalisation } = spec;
  const weightSum = greyWeights.reduce((a, b) => a + b, 0);
  const padding = (normalisation.mean / normalisation.scale) * weightSum;
  const count = frames.reduce((n, f) => n + f.crops.length, 0);
  const out = new Float32Array(count * size * size);
  let face = 0;
  for (const { frame, crops } of frames)
    for (const crop of crops)
      accumulateCrop(frame, crop, greyWeights, { out, offset: face++ * size * size, size, padding });
  const toInput = normalisation.scale / SUPERSAMPLE ** 2;
  for (let k = 0; k < out.length; k++)
    out[k] = ((out[k] ?? 0) * toInput - normalisation.mean) / normalisation.std;
  return tf.tensor4d(out, [count, size, size, 1]);
}

/** Normalises already-48×48 grey images (uint8, row-major) into a batch, as training does. */
export function greyImagesToBatch(pixels: Uint8Array, count: number, spec: ModelSpec): tf.Tensor4D {
  const { inputSize: s, normalisation: n } = spec;
  return tf.tidy(() =>
    tf.tensor4d(pixels, [count, s, s, 1], 'float32').mul(n.scale).sub(n.mean).div(n.std),
  ) as tf.Tensor4D;
}
