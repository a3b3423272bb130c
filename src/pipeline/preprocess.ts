// Face crops → the classifier's input batch, computed exactly as training prepared FER2013 images.

import * as tf from '@tensorflow/tfjs';
import { normalisedCorners, type Box } from './geometry';
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
  const low = new Int32Array(side);
  const high = new Int32Array(side);
  const fraction = new Float64Array(side);
  const inside = new Uint8Array(side);
  let first = limit;
  let last = -1;
  for (let i = 0; i < side; i++) {
    const at = start * (limit - 1) + i * step;
    if (at < 0 || at > limit - 1) continue;
    low[i] = Math.floor(at);
    high[i] = Math.ceil(at);
    fraction[i] = at - Math.floor(at);
    inside[i] = 1;
    first = Math.min(first, Math.floor(at));
    last = Math.max(last, Math.ceil(at));
  }
  return { low, high, fraction, inside, first, last };
}

/** The grey levels of the frame rectangle a crop reads (each pixel once), in a buffer reused across calls. */
let greyScratch = new Float32Array(0);

function greyRegion(
  frame: RgbaFrame,
  rows: AxisTaps,
  cols: AxisTaps,
  weights: readonly number[],
): Float32Array {
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

/**
 * One batch [faces, size, size, 1] of normalised grey crops, read straight from the frame's RGBA bytes.
 * Each crop is sampled at SUPERSAMPLE × the input size with the sample positions and bilinear weights of
 * tf.image.cropAndResize, turned grey with the spec's weights, averaged down to the input size and
 * normalised as training normalised FER2013's pixels. Samples outside the frame are mid grey (the value
 * that normalises to 0). No tensor of the whole frame is made: turning a 640×480 frame into one took
 * longer here (about 17 ms) than classifying its faces.
 */
export function facesToBatch(frame: RgbaFrame, crops: readonly Box[], spec: ModelSpec): tf.Tensor4D {
  return cropsToBatch([{ frame, crops }], spec);
}

/**
 * The crops of several frames in one batch, frame after frame (as facesToBatch makes each): one
 * classifier call for several frames costs less per face than one call each.
 */
export function cropsToBatch(
  frames: readonly { readonly frame: RgbaFrame; readonly crops: readonly Box[] }[],
  spec: ModelSpec,
): tf.Tensor4D {
  const { inputSize: size, greyWeights, normalisation } = spec;
  const weightSum = greyWeights.reduce((a, b) => a + b, 0);
  const padding = (normalisation.mean / normalisation.scale) * weightSum;
  const count = frames.reduce((n, f) => n + f.crops.length, 0);
  const out = new Float32Array(count * size * size);
  let face = 0;
  for (const { frame, crops } of frames)
    for (const crop of crops) {
      const [y1, x1, y2, x2] = normalisedCorners(crop, frame.width, frame.height);
      const rows = axisTaps(y1, y2, frame.height, size * SUPERSAMPLE);
      const cols = axisTaps(x1, x2, frame.width, size * SUPERSAMPLE);
      const grey = greyRegion(frame, rows, cols, greyWeights);
      accumulateSamples(rows, cols, grey, padding, size, out, face++ * size * size);
    }
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
