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

/** Where one crop samples the frame: rows `ys` and columns `xs` in frame pixels, as cropAndResize places them. */
interface SampleGrid {
  readonly ys: Float64Array;
  readonly xs: Float64Array;
}

function sampleGrid(crop: Box, width: number, height: number, side: number): SampleGrid {
  const [y1, x1, y2, x2] = normalisedCorners(crop, width, height);
  const yStep = ((y2 - y1) * (height - 1)) / (side - 1);
  const xStep = ((x2 - x1) * (width - 1)) / (side - 1);
  const ys = new Float64Array(side);
  const xs = new Float64Array(side);
  for (let i = 0; i < side; i++) {
    ys[i] = y1 * (height - 1) + i * yStep;
    xs[i] = x1 * (width - 1) + i * xStep;
  }
  return { ys, xs };
}

/** The grey levels of the frame rectangle a grid reads (each pixel once), in a buffer reused across calls. */
interface GreyRegion {
  readonly grey: Float32Array;
  readonly row0: number;
  readonly col0: number;
  readonly cols: number;
}

let greyScratch = new Float32Array(0);

function greyRegion(frame: RgbaFrame, { ys, xs }: SampleGrid, weights: readonly number[]): GreyRegion {
  const { width, height, data } = frame;
  const [wr = 0, wg = 0, wb = 0] = weights;
  const row0 = Math.max(0, Math.floor(ys[0] ?? 0));
  const col0 = Math.max(0, Math.floor(xs[0] ?? 0));
  const rows = Math.min(height - 1, Math.ceil(ys[ys.length - 1] ?? 0)) - row0 + 1;
  const cols = Math.min(width - 1, Math.ceil(xs[xs.length - 1] ?? 0)) - col0 + 1;
  if (rows > 0 && cols > 0) {
    if (greyScratch.length < rows * cols) greyScratch = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let k = ((row0 + r) * width + col0) * 4;
      for (let c = 0, g = r * cols; c < cols; c++, g++, k += 4)
        greyScratch[g] = wr * (data[k] ?? 0) + wg * (data[k + 1] ?? 0) + wb * (data[k + 2] ?? 0);
    }
  }
  return { grey: greyScratch, row0, col0, cols };
}

/**
 * Adds every bilinear sample of the grid into its output pixel (SUPERSAMPLE² samples each) of the
 * size × size image at `out[offset…]`; samples outside the frame add `padding`.
 */
function accumulateSamples(
  { ys, xs }: SampleGrid,
  { grey, row0, col0, cols }: GreyRegion,
  frame: RgbaFrame,
  padding: number,
  size: number,
  out: Float32Array,
  offset: number,
): void {
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] ?? 0;
    const outRow = offset + Math.floor(i / SUPERSAMPLE) * size;
    if (y < 0 || y > frame.height - 1) {
      for (let j = 0; j < xs.length; j++) add(out, outRow + Math.floor(j / SUPERSAMPLE), padding);
      continue;
    }
    const top = (Math.floor(y) - row0) * cols;
    const bottom = (Math.ceil(y) - row0) * cols;
    const dy = y - Math.floor(y);
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j] ?? 0;
      const o = outRow + Math.floor(j / SUPERSAMPLE);
      if (x < 0 || x > frame.width - 1) {
        add(out, o, padding);
        continue;
      }
      const left = Math.floor(x) - col0;
      const right = Math.ceil(x) - col0;
      const dx = x - Math.floor(x);
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
  const { inputSize: size, greyWeights, normalisation } = spec;
  const weightSum = greyWeights.reduce((a, b) => a + b, 0);
  const padding = (normalisation.mean / normalisation.scale) * weightSum;
  const out = new Float32Array(crops.length * size * size);
  crops.forEach((crop, face) => {
    const grid = sampleGrid(crop, frame.width, frame.height, size * SUPERSAMPLE);
    const region = greyRegion(frame, grid, greyWeights);
    accumulateSamples(grid, region, frame, padding, size, out, face * size * size);
  });
  const toInput = normalisation.scale / SUPERSAMPLE ** 2;
  for (let k = 0; k < out.length; k++)
    out[k] = ((out[k] ?? 0) * toInput - normalisation.mean) / normalisation.std;
  return tf.tensor4d(out, [crops.length, size, size, 1]);
}

/** Normalises already-48×48 grey images (uint8, row-major) into a batch, as training does. */
export function greyImagesToBatch(pixels: Uint8Array, count: number, spec: ModelSpec): tf.Tensor4D {
  const { inputSize: s, normalisation: n } = spec;
  return tf.tidy(() =>
    tf.tensor4d(pixels, [count, s, s, 1], 'float32').mul(n.scale).sub(n.mean).div(n.std),
  ) as tf.Tensor4D;
}
