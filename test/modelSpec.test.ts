import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelSpecError, parseCard, parseManifest, parseSpec } from '../src/pipeline/modelSpec';
import { modelFolders } from './modelFiles';

const valid = {
  inputSize: 48,
  labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
  greyWeights: [0.299, 0.587, 0.114],
  normalisation: { scale: 1 / 255, mean: 0.5, std: 0.5 },
  output: 'logits',
  cropFraming: {
    full: { scale: 1.2, offsetX: 0, offsetY: -0.04 },
    short: { scale: 1.2, offsetX: 0, offsetY: -0.1 },
  },
};

describe('parseSpec', () => {
  it('accepts every shipped spec.json', () => {
    for (const folder of modelFolders()) {
      const spec = parseSpec(JSON.parse(readFileSync(join(folder, 'spec.json'), 'utf8')));
      expect(spec.labels).toHaveLength(7);
    }
  });

  it.each([
    ['a wrong input size', { ...valid, inputSize: 4 }, /inputSize/],
    ['too few labels', { ...valid, labels: ['happy'] }, /labels/],
    ['a missing framing', { ...valid, cropFraming: { full: valid.cropFraming.full } }, /cropFraming.short/],
    ['a zero std', { ...valid, normalisation: { scale: 1, mean: 0, std: 0 } }, /std/],
    ['an unknown output kind', { ...valid, output: 'scores' }, /output/],
  ])('rejects %s with a reason', (_, json, reason) => {
    expect(() => parseSpec(json)).toThrow(ModelSpecError);
    expect(() => parseSpec(json)).toThrow(reason);
  });
});

describe('parseManifest and parseCard', () => {
  it('reject paths that leave the models folder and cards without figures', () => {
    expect(() => parseManifest({ models: [{ id: 'x', name: 'X', path: '../x' }] })).toThrow(/bad path/);
    expect(() => parseCard({ name: 'CNN' })).toThrow(/private_test_accuracy/);
  });
});
