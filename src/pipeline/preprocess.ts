// Face crops → the classifier's input batch (a tensor), computed exactly as training prepared FER2013 images
// (the values themselves: cropInput.ts).

import * as tf from '@tensorflow/tfjs';
import { cropInput, type CropSpec, type RgbaFrame } from './cropInput';
import type { Box, Crop } from './geometry';
import type { ModelSpec } from './modelSpec';

/**
 * One batch [faces, size, size, 1] of normalised grey crops (cropInput.ts). No tensor of the whole frame is
 * made: turning a 640×480 frame into one took longer here (about 17 ms) than classifying its faces.
 */
export function facesToBatch(frame: RgbaFrame, crops: readonly (Box | Crop)[], spec: CropSpec): tf.Tensor4D {
  return inputBatch([cropInput(frame, crops, spec)], spec);
}

/**
 * The crops of several frames (each one frame's cropInput) in one batch, frame after frame: one classifier
 * call for several frames costs less per face than one call each.
 */
export function inputBatch(inputs: readonly Float32Array[], spec: Pick<ModelSpec, 'inputSize'>): tf.Tensor4D {
  const size = spec.inputSize;
  const values = new Float32Array(inputs.reduce((n, input) => n + input.length, 0));
  let at = 0;
  for (const input of inputs) {
    values.set(input, at);
    at += input.length;
  }
  return tf.tensor4d(values, [values.length / (size * size), size, size, 1]);
}

/** Normalises already-48×48 grey images (uint8, row-major) into a batch, as training does. */
export function greyImagesToBatch(pixels: Uint8Array, count: number, spec: ModelSpec): tf.Tensor4D {
  const { inputSize: s, normalisation: n } = spec;
  return tf.tidy(() =>
    tf.tensor4d(pixels, [count, s, s, 1], 'float32').mul(n.scale).sub(n.mean).div(n.std),
  ) as tf.Tensor4D;
}
