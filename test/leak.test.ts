// 500 frames through the classifier path (crop → batch → predict → track) leave no tensor behind.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { FaceAnalyzer } from '../src/pipeline/analyzer';
import { loadClassifier } from '../src/pipeline/classifier';
import type { FaceDetectorHandle } from '../src/pipeline/faceDetector';
import { diskModel, modelFolders, readSpec } from './modelFiles';

const noDetector: FaceDetectorHandle = { range: 'full', detect: () => [], close: () => undefined };

describe('tensor leaks', () => {
  it('keeps tf.memory().numTensors flat over 500 frames', async () => {
    // wasm: the same kernels the app runs, fast enough for 500 frames in Node.
    expect(await tf.setBackend('wasm')).toBe(true);
    const folder = modelFolders()[0] as string;
    const spec = readSpec(folder);
    const classifier = await loadClassifier(diskModel(folder), spec);
    const analyzer = new FaceAnalyzer(noDetector, classifier);
    const frame = {
      data: Uint8Array.from({ length: 320 * 240 * 4 }, (_, i) => (i * 31) % 256),
      width: 320,
      height: 240,
    };
    const faces = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        box: { x: 10 + i * 60, y: 40 + (i % 2) * 5, width: 50, height: 60 },
        score: 0.9,
      }));
    await analyzer.classifyFaces(frame, faces(2), 320, 240); // first call may allocate lasting kernel state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 500; i++) {
      const result = await analyzer.classifyFaces(frame, faces(1 + (i % 4)), 320, 240);
      expect(result.faces.length).toBe(1 + (i % 4));
    }
    await analyzer.classifyFaces(frame, [], 320, 240);
    expect(tf.memory().numTensors).toBe(before);
    classifier.dispose();
  });
});
