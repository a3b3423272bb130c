import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../src/pipeline/modelSpec';
import { facesToBatch, greyImagesToBatch, SUPERSAMPLE } from '../src/pipeline/preprocess';

const spec: ModelSpec = {
  inputSize: 48,
  labels: ['a', 'b'],
  greyWeights: [0.299, 0.587, 0.114],
  normalisation: { scale: 1 / 255, mean: 0.5, std: 0.5 },
  output: 'logits',
  cropFraming: { full: { scale: 1, offsetX: 0, offsetY: 0 }, short: { scale: 1, offsetX: 0, offsetY: 0 } },
};
const side = 48 * SUPERSAMPLE;

/** A deterministic RGB test pattern of side × side pixels. */
function pattern(): Uint8Array {
  const rgb = new Uint8Array(side * side * 3);
  for (let i = 0; i < side * side; i++) {
    const x = i % side;
    const y = Math.floor(i / side);
    rgb[i * 3] = (x * 7 + y) % 256;
    rgb[i * 3 + 1] = (y * 3) % 256;
    rgb[i * 3 + 2] = (x * y) % 256;
  }
  return rgb;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('facesToBatch', () => {
  it('matches a plain reference: BT.601 grey, block-average to 48×48, (v/255 − 0.5)/0.5', () => {
    const rgb = pattern();
    const frame = tf.tensor3d(rgb, [side, side, 3], 'int32');
    const batch = facesToBatch(frame, [{ x: 0, y: 0, width: side, height: side }], spec);
    const got = batch.dataSync();
    tf.dispose([frame, batch]);
    let maxDiff = 0;
    for (let by = 0; by < 48; by++) {
      for (let bx = 0; bx < 48; bx++) {
        let sum = 0;
        for (let dy = 0; dy < SUPERSAMPLE; dy++) {
          for (let dx = 0; dx < SUPERSAMPLE; dx++) {
            const i = ((by * SUPERSAMPLE + dy) * side + bx * SUPERSAMPLE + dx) * 3;
            sum += 0.299 * (rgb[i] ?? 0) + 0.587 * (rgb[i + 1] ?? 0) + 0.114 * (rgb[i + 2] ?? 0);
          }
        }
        const expected = (sum / SUPERSAMPLE ** 2 / 255 - 0.5) / 0.5;
        maxDiff = Math.max(maxDiff, Math.abs((got[by * 48 + bx] ?? NaN) - expected));
      }
    }
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('pads the part of a crop outside the frame with mid grey (0 after normalisation)', () => {
    const frame = tf.fill([100, 100, 3], 255, 'int32') as tf.Tensor3D;
    // The left half of this crop lies outside the frame.
    const batch = facesToBatch(frame, [{ x: -50, y: 0, width: 100, height: 100 }], spec);
    const rows = batch.reshape([48, 48]).arraySync() as number[][];
    tf.dispose([frame, batch]);
    expect(rows[24]?.[2]).toBeCloseTo(0, 3);
    expect(rows[24]?.[45]).toBeCloseTo(1, 3);
  });

  it('batches every face of the frame into one tensor', () => {
    const frame = tf.zeros([120, 160, 3], 'int32') as tf.Tensor3D;
    const faces = [0, 1, 2].map((i) => ({ x: i * 40, y: 10, width: 40, height: 40 }));
    const batch = facesToBatch(frame, faces, spec);
    expect(batch.shape).toEqual([3, 48, 48, 1]);
    tf.dispose([frame, batch]);
  });
});

describe('greyImagesToBatch', () => {
  it('normalises 48×48 grey images exactly as training does', () => {
    const pixels = new Uint8Array(48 * 48).fill(255);
    pixels[0] = 0;
    const batch = greyImagesToBatch(pixels, 1, spec);
    const v = batch.dataSync();
    batch.dispose();
    expect(v[0]).toBeCloseTo(-1);
    expect(v[1]).toBeCloseTo(1);
  });
});
