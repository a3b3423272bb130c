// Face crops → the classifier's input batch, computed exactly as training prepared FER2013 images.

import * as tf from '@tensorflow/tfjs';
import { normalisedCorners, type Box } from './geometry';
import type { ModelSpec } from './modelSpec';

/**
 * Crops are sampled at SUPERSAMPLE × the input size and then averaged down, so that shrinking a
 * 300 px face to 48 px averages its pixels (like an area resize) instead of picking a few of them.
 */
export const SUPERSAMPLE = 4;

/**
 * One batch [faces, size, size, 1] of normalised grey crops from an RGB(A) frame tensor [H, W, 3|4].
 * Parts of a crop outside the frame are padded with mid grey (the value that normalises to 0).
 */
export function facesToBatch(frame: tf.Tensor3D, crops: readonly Box[], spec: ModelSpec): tf.Tensor4D {
  return tf.tidy(() => {
    const [height, width] = frame.shape;
    const { inputSize, greyWeights, normalisation } = spec;
    const rgb = frame.shape[2] === 3 ? frame : frame.slice([0, 0, 0], [height, width, 3]);
    const boxes = tf.tensor2d(
      crops.map((c) => normalisedCorners(c, width, height)),
      [crops.length, 4],
    );
    const boxIndices = tf.zeros([crops.length], 'int32') as tf.Tensor1D;
    const midGrey = normalisation.mean / normalisation.scale;
    const side = inputSize * SUPERSAMPLE;
    const sampled = tf.image.cropAndResize(
      rgb.toFloat().expandDims(0) as tf.Tensor4D,
      boxes,
      boxIndices,
      [side, side],
      'bilinear',
      midGrey,
    );
    const grey = sampled.mul(tf.tensor1d([...greyWeights])).sum(-1, true) as tf.Tensor4D;
    const resized = tf.avgPool(grey, SUPERSAMPLE, SUPERSAMPLE, 'valid');
    return resized.mul(normalisation.scale).sub(normalisation.mean).div(normalisation.std) as tf.Tensor4D;
  });
}

/** Normalises already-48×48 grey images (uint8, row-major) into a batch, as training does. */
export function greyImagesToBatch(pixels: Uint8Array, count: number, spec: ModelSpec): tf.Tensor4D {
  const { inputSize: s, normalisation: n } = spec;
  return tf.tidy(() =>
    tf.tensor4d(pixels, [count, s, s, 1], 'float32').mul(n.scale).sub(n.mean).div(n.std),
  ) as tf.Tensor4D;
}
