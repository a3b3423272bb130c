// FaceAnalyzer.classifyFrames: frames classified in one batch give the results of one call per frame (the
// whole-file analysis batches the frames waiting in the analysis worker), each frame's own faces, tracks
// and votes, in order.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceAnalyzer, type FrameFaces } from '../src/pipeline/analyzer';
import { loadClassifier, type Classifier } from '../src/pipeline/classifier';
import { cropFaces, cropInput, faceCrops, STILL_VIEW_SCALES } from '../src/pipeline/cropInput';
import type { DetectedFace } from '../src/pipeline/detectorRange';
import type { FrameResult } from '../src/pipeline/frameResult';
import { scaledCrop, type Crop } from '../src/pipeline/geometry';
import { inputBatch } from '../src/pipeline/preprocess';
import { diskModel, modelFolders, readSpec } from './modelFiles';

/** A 320×240 frame of a pattern that moves with `shift`, so that each frame's crops differ. */
function pixels(shift: number) {
  return {
    data: Uint8Array.from({ length: 320 * 240 * 4 }, (_, i) => (i * 31 + shift * 57) % 256),
    width: 320,
    height: 240,
  };
}

const folder = modelFolders()[0];
if (!folder) throw new Error('no shipped model to test with (public/models)');
const spec = readSpec(folder);

/** A frame's faces as the detection worker sends them: cropped for the classifier. */
function cropped(frame: ReturnType<typeof pixels>, faces: DetectedFace[]): FrameFaces {
  const { width, height } = frame;
  return { input: cropFaces(frame, faces, spec, false), faces, width, height };
}

/** Frame `n` of a clip: 0–3 faces drifting to the right, at 30 fps; the third frame has none. */
function frame(n: number): FrameFaces {
  const count = n % 3 === 2 ? 0 : 1 + (n % 2);
  const faces = Array.from({ length: count }, (_, i) => ({
    box: { x: 10 + i * 150 + n, y: 40, width: 80, height: 90 },
    score: 0.9,
    range: 'full' as const,
  }));
  return { ...cropped(pixels(n), faces), detected: n % 4 === 0, time: n / 30 };
}

/** What must not depend on the batching: everything but the timings. */
const labelsOf = (results: readonly FrameResult[]) =>
  results.map(({ faces, detected, skippedFaces, frameWidth }) => ({
    detected,
    skippedFaces,
    frameWidth,
    faces: faces.map((f) => ({ id: f.trackId, label: f.smoothedLabel, box: f.box })),
  }));

describe('FaceAnalyzer.classifyFrames', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    classifier = await loadClassifier(diskModel(folder), spec);
  });

  it('gives in batches what it gives frame by frame, and leaves no tensor', async () => {
    const frames = Array.from({ length: 12 }, (_, n) => frame(n));
    const oneByOne = new FaceAnalyzer(classifier);
    const single: FrameResult[] = [];
    for (const f of frames) single.push(...(await oneByOne.classifyFrames([f])));

    const batched = new FaceAnalyzer(classifier);
    const before = tf.memory().numTensors;
    const inBatches: FrameResult[] = [];
    for (const size of [1, 3, 5, 3]) {
      const start = inBatches.length;
      inBatches.push(...(await batched.classifyFrames(frames.slice(start, start + size))));
    }
    expect(tf.memory().numTensors).toBe(before);

    expect(labelsOf(inBatches)).toEqual(labelsOf(single));
    inBatches.forEach((result, n) =>
      result.faces.forEach((face, i) => {
        const alone = single[n]?.faces[i]?.probabilities ?? [];
        face.probabilities.forEach((p, k) => expect(p).toBeCloseTo(alone[k] ?? NaN, 5));
      }),
    );
  });

  it("shares the batch's time among its frames by their faces", async () => {
    const analyzer = new FaceAnalyzer(classifier);
    const results = await analyzer.classifyFrames([frame(0), frame(1), frame(2)]);
    expect(results.map((r) => r.faces.length)).toEqual([1, 2, 0]);
    const [one, two, none] = results.map((r) => r.timings.classifyMs);
    expect(none).toBe(0);
    expect(two).toBeCloseTo(2 * (one ?? 0), 6);
  });

  it("labels a still cropped at several scales by the mean of each face's views", async () => {
    const still = pixels(3);
    const faces = frame(1).faces; // two faces
    const { width, height } = still;
    const views = cropFaces(still, faces, spec, true, STILL_VIEW_SCALES);
    const size = spec.inputSize * spec.inputSize;
    expect(views.length).toBe(faces.length * STILL_VIEW_SCALES.length * size);
    // Face by face, each face's views in the order of the scales.
    const second = faceCrops(faces, spec.cropFraming, true)[1] as Crop;
    const wider = cropInput(still, [scaledCrop(second, 1.1)], spec);
    expect(views.subarray(5 * size, 6 * size)).toEqual(wider);

    const [result] = await new FaceAnalyzer(classifier).classifyFrames([
      { input: views, viewsPerFace: STILL_VIEW_SCALES.length, faces, width, height },
    ]);
    const batch = inputBatch([views], spec);
    const each = await classifier.predict(batch);
    batch.dispose();
    expect(result?.faces).toHaveLength(2);
    result?.faces.forEach((face, f) =>
      face.probabilities.forEach((p, k) => {
        const mine = each.slice(f * 3, f * 3 + 3).map((row) => row[k] ?? NaN);
        expect(p).toBeCloseTo(mine.reduce((a, b) => a + b, 0) / 3, 6);
        expect(p).not.toBeCloseTo(mine[1] ?? NaN, 6); // not just the middle view
      }),
    );
  });

  it('classifies a frame without faces without calling the model', async () => {
    const analyzer = new FaceAnalyzer(classifier);
    const [result] = await analyzer.classifyFrames([cropped(pixels(0), [])]);
    expect(result?.faces).toEqual([]);
    expect(result?.detected).toBe(true);
    expect(result?.timings.classifyMs).toBe(0);
  });
});
