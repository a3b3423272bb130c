// The ensemble classifier: the mean of its members' probabilities (fakes, then the shipped models), mirrored
// views when asked, and no tensor left behind by a load that fails or by dispose.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../src/pipeline/classifier';
import {
  averagingClassifier,
  loadEnsemble,
  meanProbabilities,
  mirrorAveraged,
} from '../src/pipeline/ensemble';
import type { ModelSpec } from '../src/pipeline/modelSpec';
import { greyImagesToBatch } from '../src/pipeline/preprocess';
import { loadClassifier } from '../src/pipeline/classifier';
import { diskModel, modelFolders, readParity, readSpec } from './modelFiles';

/** Tiny 2×2 faces (below what parseSpec accepts for a real model), enough to tell left from right. */
const SPEC: ModelSpec = {
  inputSize: 2,
  labels: ['left', 'right'],
  greyWeights: [0.299, 0.587, 0.114],
  normalisation: { scale: 1, mean: 0, std: 1 },
  output: 'probabilities',
  cropFraming: { full: { scale: 1, offsetX: 0, offsetY: 0 }, short: { scale: 1, offsetX: 0, offsetY: 0 } },
};

/** A fake member: per face, probability `weight × its top-left pixel` for 'left', the rest for 'right'. */
function fakeMember(weight: number): Classifier & { disposed: boolean } {
  const member = {
    spec: SPEC,
    disposed: false,
    async predict(batch: tf.Tensor4D) {
      const pixels = await batch.data();
      const stride = SPEC.inputSize * SPEC.inputSize;
      return Array.from({ length: batch.shape[0] }, (_, i) => {
        const left = weight * (pixels[i * stride] ?? NaN);
        return Float32Array.of(left, 1 - left);
      });
    },
    dispose: () => void (member.disposed = true),
  };
  return member;
}

/** Two faces, 2×2: the first has 0.2 at top left and 0.6 at top right, the second 0.5 and 1. */
const twoFaces = () => tf.tensor4d([0.2, 0.6, 0, 0, 0.5, 1, 0, 0], [2, 2, 2, 1]);

describe('averagingClassifier', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });

  it('answers the mean of its members per face and class, and disposes every member', async () => {
    const members = [fakeMember(1), fakeMember(0.5)];
    const ensemble = averagingClassifier(members);
    const batch = twoFaces();
    const [first, second] = await ensemble.predict(batch);
    batch.dispose();
    expect(Array.from(first ?? [])).toEqual([0.15, 0.85].map(Math.fround)); // (0.2 + 0.1) / 2
    expect(Array.from(second ?? [])).toEqual([0.375, 0.625].map(Math.fround)); // (0.5 + 0.25) / 2
    expect(ensemble.spec.labels).toEqual(SPEC.labels);
    ensemble.dispose();
    expect(members.every((m) => m.disposed)).toBe(true);
  });

  it('with flipAverage, also averages the faces mirrored left to right, leaving no tensor behind', async () => {
    const ensemble = averagingClassifier([fakeMember(1), fakeMember(1)], { flipAverage: true });
    const batch = twoFaces();
    const before = tf.memory().numTensors;
    const [first, second] = await ensemble.predict(batch);
    expect(tf.memory().numTensors).toBe(before);
    batch.dispose();
    expect(first?.[0]).toBeCloseTo((0.2 + 0.6) / 2, 6); // top left, then top right once mirrored
    expect(second?.[0]).toBeCloseTo((0.5 + 1) / 2, 6);
  });

  it('mirrorAveraged averages one classifier over the faces and their mirrors, and leaves it to its owner', async () => {
    const member = fakeMember(1);
    const mirrored = mirrorAveraged(member);
    const batch = twoFaces();
    const before = tf.memory().numTensors;
    const [first, second] = await mirrored.predict(batch);
    expect(tf.memory().numTensors).toBe(before);
    const [plain] = await member.predict(batch);
    batch.dispose();
    expect(first?.[0]).toBeCloseTo((0.2 + 0.6) / 2, 6);
    expect(second?.[0]).toBeCloseTo((0.5 + 1) / 2, 6);
    expect(plain?.[0]).toBeCloseTo(0.2, 6); // the classifier itself still sees one view
    expect(mirrored.spec).toBe(member.spec);
    mirrored.dispose();
    expect(member.disposed).toBe(false);
  });

  it('mirrorAveraged does not mirror twice what mirrors already', async () => {
    const counting = fakeMember(1);
    let views = 0;
    const predict = counting.predict.bind(counting);
    counting.predict = (batch) => ((views += batch.shape[0]), predict(batch));
    const ensemble = averagingClassifier([counting], { flipAverage: true });
    const batch = twoFaces();
    const once = await mirrorAveraged(ensemble).predict(batch);
    expect(views).toBe(4); // two faces, each as it is and mirrored
    expect(await mirrorAveraged(mirrorAveraged(counting)).predict(batch)).toEqual(once);
    expect(views).toBe(8);
    await mirrorAveraged(mirrorAveraged(ensemble)).predict(batch);
    expect(views).toBe(12);
    batch.dispose();
    mirrorAveraged(ensemble).dispose();
    expect(counting.disposed).toBe(false);
  });

  it('meanProbabilities of one run is that run', () => {
    const run = [Float32Array.of(0.25, 0.75)];
    expect(meanProbabilities([run])).toEqual(run);
    expect(meanProbabilities([])).toEqual([]);
  });
});

describe('loadEnsemble with the shipped models', () => {
  const folders = modelFolders();
  const members = folders.map((folder) => ({
    name: folder,
    model: diskModel(folder),
    spec: readSpec(folder),
  }));

  beforeAll(async () => {
    // wasm: the app's kernels, and fast enough for three models in Node.
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  it('has at least two models to combine', () => {
    expect(folders.length).toBeGreaterThanOrEqual(2);
  });

  it('answers the mean of the three models’ probabilities on real faces', async () => {
    const before = tf.memory().numTensors;
    const parity = readParity(folders[0] as string);
    const count = 16;
    const batch = greyImagesToBatch(parity.pixels.subarray(0, count * 48 * 48), count, members[0]!.spec);
    const singles: Float32Array[][] = [];
    for (const m of members) {
      const classifier = await loadClassifier(m.model, m.spec);
      singles.push(await classifier.predict(batch));
      classifier.dispose();
    }
    const ensemble = await loadEnsemble(members);
    const averaged = await ensemble.predict(batch);
    batch.dispose();
    ensemble.dispose();
    expect(averaged).toHaveLength(count);
    averaged.forEach((face, i) =>
      face.forEach((p, c) => {
        const mean = singles.reduce((sum, run) => sum + (run[i]?.[c] ?? NaN), 0) / singles.length;
        expect(Math.abs(p - mean)).toBeLessThan(1e-6);
      }),
    );
    // Each face's probabilities still sum to 1, and the members do not all agree (else the test proves little).
    averaged.forEach((face) => expect(face.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    expect(singles.some((run) => Math.abs((run[0]?.[0] ?? 0) - (singles[0]?.[0]?.[0] ?? 0)) > 1e-4)).toBe(
      true,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a member that fails to load: the error names it, and the members already loaded are disposed', async () => {
    const before = tf.memory().numTensors;
    const broken = {
      name: 'Broken',
      model: { load: () => Promise.reject(new Error('weights.bin answered HTTP 404')) },
      spec: members[0]!.spec,
    };
    await expect(loadEnsemble([...members.slice(0, 2), broken])).rejects.toThrow(
      'Broken failed to load (weights.bin answered HTTP 404)',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('members whose specs differ are refused before anything loads', async () => {
    const first = members[0]!;
    const odd = { ...first, name: 'Odd', spec: { ...first.spec, labels: [...first.spec.labels].reverse() } };
    await expect(loadEnsemble([first, odd])).rejects.toThrow(/Odd's label order differs/);
  });
});
