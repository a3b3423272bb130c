// Frames through the classifier path (crop → batch → predict → track) leave no tensor behind: 500 with one
// model, 100 with the ensemble of all (three models and flip averaging per frame).

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../src/pipeline/analyzer';
import { loadClassifier } from '../src/pipeline/classifier';
import { cropFaces } from '../src/pipeline/cropInput';
import { loadEnsemble } from '../src/pipeline/ensemble';
import { diskModel, modelFolders, readSpec } from './modelFiles';

const frame = {
  data: Uint8Array.from({ length: 320 * 240 * 4 }, (_, i) => (i * 31) % 256),
  width: 320,
  height: 240,
};
const faces = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    box: { x: 10 + i * 60, y: 40 + (i % 2) * 5, width: 50, height: 60 },
    score: 0.9,
    range: 'full' as const,
  }));

/** One frame with `found`'s faces through the analyzer (cropped for its model first); its result. */
async function classify(analyzer: FaceAnalyzer, found: ReturnType<typeof faces>) {
  const { width, height } = frame;
  const input = cropFaces(frame, found, analyzer.activeClassifier.spec, false);
  const [result] = await analyzer.classifyFrames([{ input, faces: found, width, height }]);
  if (!result) throw new Error('no result');
  return result;
}

describe('tensor leaks', () => {
  it('keeps tf.memory().numTensors flat over 500 frames', async () => {
    // wasm: the same kernels the app runs, fast enough for 500 frames in Node.
    expect(await tf.setBackend('wasm')).toBe(true);
    const folder = modelFolders()[0] as string;
    const spec = readSpec(folder);
    const classifier = await loadClassifier(diskModel(folder), spec);
    const analyzer = new FaceAnalyzer(classifier);
    await classify(analyzer, faces(2)); // first call may allocate lasting kernel state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 500; i++) {
      const result = await classify(analyzer, faces(1 + (i % 4)));
      expect(result.faces.length).toBe(1 + (i % 4));
    }
    await classify(analyzer, []);
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
  });

  it('keeps it flat with the ensemble of every shipped model (flip averaging on), and dispose frees it all', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const empty = tf.memory().numTensors;
    const members = modelFolders().map((folder) => ({
      name: folder,
      model: diskModel(folder),
      spec: readSpec(folder),
    }));
    // Flip averaging on: its mirrored batch is one more tensor per frame to dispose.
    const ensemble = await loadEnsemble(members, { flipAverage: true });
    const analyzer = new FaceAnalyzer(ensemble);
    await classify(analyzer, faces(2));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      const result = await classify(analyzer, faces(1 + (i % 4)));
      expect(result.faces.length).toBe(1 + (i % 4));
    }
    expect(tf.memory().numTensors).toBe(before);
    ensemble.dispose();
    expect(tf.memory().numTensors).toBe(empty);
  });
});
