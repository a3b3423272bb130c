import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../src/pipeline/modelSpec';
import { normalisedCorners, type Box } from '../src/pipeline/geometry';
import { SUPERSAMPLE, type RgbaFrame } from '../src/pipeline/cropInput';
import { facesToBatch, greyImagesToBatch } from '../src/pipeline/preprocess';

const spec: ModelSpec = {
  inputSize: 48,
  labels: ['a', 'b'],
  greyWeights: [0.299, 0.587, 0.114],
  normalisation: { scale: 1 / 255, mean: 0.5, std: 0.5 },
  output: 'logits',
  cropFraming: { full: { scale: 1, offsetX: 0, offsetY: 0 }, short: { scale: 1, offsetX: 0, offsetY: 0 } },
};
const side = 48 * SUPERSAMPLE;

/** A deterministic RGBA test pattern of width × height pixels. */
function pattern(width = side, height = side): RgbaFrame {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    data[i * 4] = (x * 7 + y) % 256;
    data[i * 4 + 1] = (y * 3) % 256;
    data[i * 4 + 2] = (x * y) % 256;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

/** A frame of one colour. */
function plain(width: number, height: number, value: number): RgbaFrame {
  return { data: new Uint8Array(width * height * 4).fill(value), width, height };
}

/**
 * The same batch computed with TF.js ops: cropAndResize of the RGB frame, grey, average pool, normalise
 * (what the app ran before it read crops straight from the frame's bytes).
 */
function tfReference(frame: RgbaFrame, crops: readonly Box[]): Float32Array {
  return tf.tidy(() => {
    const rgba = tf.tensor3d(Float32Array.from(frame.data), [frame.height, frame.width, 4]);
    const rgb = rgba.slice([0, 0, 0], [frame.height, frame.width, 3]).expandDims(0) as tf.Tensor4D;
    const boxes = tf.tensor2d(crops.map((c) => normalisedCorners(c, frame.width, frame.height)));
    const midGrey = spec.normalisation.mean / spec.normalisation.scale;
    const sampled = tf.image.cropAndResize(
      rgb,
      boxes,
      tf.zeros([crops.length], 'int32'),
      [side, side],
      'bilinear',
      midGrey,
    );
    const grey = sampled.mul(tf.tensor1d([...spec.greyWeights])).sum(-1, true) as tf.Tensor4D;
    const { scale, mean, std } = spec.normalisation;
    return tf
      .avgPool(grey, SUPERSAMPLE, SUPERSAMPLE, 'valid')
      .mul(scale)
      .sub(mean)
      .div(std)
      .dataSync() as Float32Array;
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('facesToBatch', () => {
  it('matches a plain reference: BT.601 grey, block-average to 48×48, (v/255 − 0.5)/0.5', () => {
    const frame = pattern();
    const rgba = frame.data;
    const batch = facesToBatch(frame, [{ x: 0, y: 0, width: side, height: side }], spec);
    const got = batch.dataSync();
    batch.dispose();
    let maxDiff = 0;
    for (let by = 0; by < 48; by++) {
      for (let bx = 0; bx < 48; bx++) {
        let sum = 0;
        for (let dy = 0; dy < SUPERSAMPLE; dy++) {
          for (let dx = 0; dx < SUPERSAMPLE; dx++) {
            const i = ((by * SUPERSAMPLE + dy) * side + bx * SUPERSAMPLE + dx) * 4;
            sum += 0.299 * (rgba[i] ?? 0) + 0.587 * (rgba[i + 1] ?? 0) + 0.114 * (rgba[i + 2] ?? 0);
          }
        }
        const expected = (sum / SUPERSAMPLE ** 2 / 255 - 0.5) / 0.5;
        maxDiff = Math.max(maxDiff, Math.abs((got[by * 48 + bx] ?? NaN) - expected));
      }
    }
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('pads the part of a crop outside the frame with mid grey (0 after normalisation)', () => {
    // The left half of this crop lies outside the frame.
    const batch = facesToBatch(plain(100, 100, 255), [{ x: -50, y: 0, width: 100, height: 100 }], spec);
    const rows = batch.reshape([48, 48]).arraySync() as number[][];
    batch.dispose();
    expect(rows[24]?.[2]).toBeCloseTo(0, 3);
    expect(rows[24]?.[45]).toBeCloseTo(1, 3);
  });

  it('batches every face of the frame into one tensor', () => {
    const faces = [0, 1, 2].map((i) => ({ x: i * 40, y: 10, width: 40, height: 40 }));
    const batch = facesToBatch(plain(160, 120, 0), faces, spec);
    expect(batch.shape).toEqual([3, 48, 48, 1]);
    batch.dispose();
  });

  it('equals TF.js cropAndResize → grey → average pool for crops of any size, inside the frame or not', () => {
    const frame = pattern(317, 203);
    const crops: Box[] = [
      { x: 12.3, y: 20.7, width: 90.1, height: 90.1 }, // inside, fractional corners
      { x: 250, y: 150, width: 120, height: 120 }, // past the right and bottom edges
      { x: -40, y: -25.5, width: 80, height: 80 }, // past the left and top edges
      { x: 100, y: 60, width: 30, height: 30 }, // smaller than the 192-sample grid: upsampled
      { x: -20, y: -20, width: 400, height: 400 }, // larger than the frame
      { x: 400, y: 10, width: 50, height: 50 }, // wholly outside
    ];
    const got = facesToBatch(frame, crops, spec);
    const values = got.dataSync();
    got.dispose();
    const expected = tfReference(frame, crops);
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs((values[i] ?? NaN) - (expected[i] ?? NaN)));
    expect(values.length).toBe(expected.length);
    expect(maxDiff).toBeLessThan(1e-5);
  });
});

describe('facesToBatch on a turned crop', () => {
  /** A smooth grey scene f(x, y), turned by `roll` about (cx, cy): the pixel at p shows f(c + R(−roll)(p − c)). */
  function turnedScene(width: number, height: number, roll: number, cx: number, cy: number): RgbaFrame {
    const f = (x: number, y: number) => 128 + 60 * Math.sin(x / 9) + 50 * Math.cos(y / 7);
    const data = new Uint8Array(width * height * 4);
    const cos = Math.cos(roll);
    const sin = Math.sin(roll);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const u = x - cx;
        const v = y - cy;
        const value = f(cx + cos * u + sin * v, cy - sin * u + cos * v);
        data.fill(Math.round(value), (y * width + x) * 4, (y * width + x) * 4 + 3);
        data[(y * width + x) * 4 + 3] = 255;
      }
    return { data, width, height };
  }

  it("levels a face turned by the crop's roll: the turned crop of the turned scene is the level crop of the level one", () => {
    const [width, height, cx, cy] = [400, 300, 200.5, 150.5];
    const box = { x: cx - 60, y: cy - 60, width: 120, height: 120 };
    const level = facesToBatch(turnedScene(width, height, 0, cx, cy), [box], spec);
    for (const roll of [0.3, -0.45]) {
      const turned = facesToBatch(turnedScene(width, height, roll, cx, cy), [{ ...box, roll }], spec);
      const a = level.dataSync();
      const b = turned.dataSync();
      turned.dispose();
      let maxDiff = 0;
      for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
      // Only rounding the scene to bytes and bilinear reads differ (1/255 = 0.008 after normalisation).
      expect(maxDiff).toBeLessThan(0.03);
    }
    level.dispose();
  });

  it('reads a roll of 0 exactly as the level crop, and pads what falls outside the frame', () => {
    const frame = pattern(317, 203);
    const box = { x: 12.3, y: 20.7, width: 90.1, height: 90.1 };
    const plainBatch = facesToBatch(frame, [box], spec);
    const zero = facesToBatch(frame, [{ ...box, roll: 0 }], spec);
    expect(Array.from(zero.dataSync())).toEqual(Array.from(plainBatch.dataSync()));
    plainBatch.dispose();
    zero.dispose();
    // A white frame, the crop's left half outside it, turned a little: the far left is padding (0).
    const turned = facesToBatch(
      plain(100, 100, 255),
      [{ x: -50, y: 0, width: 100, height: 100, roll: 0.1 }],
      spec,
    );
    const rows = turned.reshape([48, 48]).arraySync() as number[][];
    turned.dispose();
    expect(rows[24]?.[2]).toBeCloseTo(0, 3);
    expect(rows[24]?.[45]).toBeCloseTo(1, 3);
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
