// The shipped TF.js files compute what PyTorch computed: logits on real PrivateTest faces.

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { greyImagesToBatch } from '../src/pipeline/preprocess';
import { diskModel, modelFolders, readParity, readSpec } from './modelFiles';

const folders = modelFolders();

describe('PyTorch → TF.js parity', () => {
  it('has models to check', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it.each(folders)('%s matches the PyTorch logits', async (folder) => {
    await tf.setBackend('cpu');
    const spec = readSpec(folder);
    const parity = readParity(folder);
    expect(parity.count).toBeGreaterThanOrEqual(64);
    const model = await tf.loadLayersModel(diskModel(folder));
    const batch = greyImagesToBatch(parity.pixels, parity.count, spec);
    const logits = (model.predict(batch) as tf.Tensor2D).arraySync();
    tf.dispose(batch);
    model.dispose();
    let maxDiff = 0;
    let sameTop = 0;
    logits.forEach((row, i) => {
      const expected = parity.logits[i] as number[];
      row.forEach((v, c) => (maxDiff = Math.max(maxDiff, Math.abs(v - (expected[c] as number)))));
      const top = (r: number[]) => r.indexOf(Math.max(...r));
      if (top(row) === top(expected)) sameTop += 1;
    });
    console.log(
      `${folder}: top class equal ${sameTop}/${parity.count}, max |Δlogit| ${maxDiff.toExponential(2)}`,
    );
    expect(sameTop / parity.count).toBeGreaterThanOrEqual(0.99);
    expect(maxDiff).toBeLessThanOrEqual(1e-2);
  });
});
