import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensembleSpec,
  isModelId,
  ModelSpecError,
  parseCard,
  parseEnsembleCard,
  parseManifest,
  parseSpec,
  type EnsembleEntry,
} from '../src/pipeline/modelSpec';
import { manifestEntries, modelFolders, MODELS_DIR, readSpec } from './modelFiles';

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

  it('refuse an id that ?model= and the library could not name', () => {
    expect(() => parseManifest({ models: [{ id: 'vgg-s0.9', name: 'V', path: 'vgg' }] })).toThrow(
      /bad id "vgg-s0.9"/,
    );
    expect(isModelId('cnn-candidate')).toBe(true);
    expect(isModelId('a'.repeat(33))).toBe(false);
    expect(isModelId('')).toBe(false);
  });
});

describe('ensembles in the manifest', () => {
  const spec = parseSpec(valid);
  const cnn = { id: 'cnn', name: 'CNN', spec };
  const singles = [cnn, { id: 'vgg', name: 'VGG', spec }];
  const entry = (members: unknown, extra: Record<string, unknown> = {}) =>
    parseManifest({
      models: [
        { id: 'cnn', name: 'CNN', path: 'cnn' },
        { id: 'all', name: 'All', path: 'all', members, ...extra },
      ],
    })[1] as EnsembleEntry;

  it('reads the shipped "All three" as an ensemble of the three single models, runnable on their specs', () => {
    const entries = manifestEntries();
    const all = entries.find((e) => e.kind === 'ensemble');
    expect(all).toMatchObject({ id: 'all', name: 'All three', members: ['cnn', 'vgg', 'resnet'] });
    expect(all?.kind === 'ensemble' && all.flipAverage).toBe(false);
    const shipped = entries.flatMap((e) =>
      e.kind === 'single' ? [{ ...e, spec: readSpec(join(MODELS_DIR, e.path)) }] : [],
    );
    const ensemble = ensembleSpec(all as EnsembleEntry, shipped);
    expect(ensemble.labels).toEqual(shipped[0]?.spec.labels);
    expect(ensemble.output).toBe('probabilities');
  });

  it.each([
    ['one member', ['cnn']],
    ['a member twice', ['cnn', 'cnn']],
    ['itself', ['cnn', 'all']],
    ['a member that is not a name', ['cnn', 3]],
    ['no list', 'cnn,vgg'],
  ])('rejects members with %s', (_, members) => {
    expect(() => entry(members)).toThrow(/"all": "members" must list two or more other models/);
  });

  it('rejects a flipAverage that is not a boolean, and reads it when it is', () => {
    expect(() => entry(['cnn', 'vgg'], { flipAverage: 'yes' })).toThrow(/flipAverage/);
    expect(entry(['cnn', 'vgg'], { flipAverage: true }).flipAverage).toBe(true);
  });

  it('an ensemble whose member is not a single model, or is unavailable, has no spec, with why', () => {
    expect(() => ensembleSpec(entry(['cnn', 'nope']), singles)).toThrow(
      /needs model "nope", which is not a single model/,
    );
    expect(() => ensembleSpec(entry(['cnn', 'vgg']), [cnn, { id: 'vgg', name: 'VGG' }])).toThrow(
      /needs VGG, which is unavailable/,
    );
  });

  it.each([
    ['label order', { labels: [...spec.labels].reverse() }],
    ['input size', { inputSize: 64 }],
    ['normalisation', { normalisation: { ...spec.normalisation, mean: 0 } }],
    ['crop framing', { cropFraming: { ...spec.cropFraming, full: { scale: 1.4, offsetX: 0, offsetY: 0 } } }],
  ])('members whose %s differs cannot be averaged', (what, change) => {
    const vgg = { id: 'vgg', name: 'VGG', spec: { ...spec, ...change } };
    expect(() => ensembleSpec(entry(['cnn', 'vgg']), [cnn, vgg])).toThrow(
      new RegExp(`VGG's ${what} differs from CNN's`),
    );
  });

  it('an ensemble card may hold no figures yet; a single model card may hold the dev-set and FER2013-C ones', () => {
    expect(parseEnsembleCard({ name: 'All three' })).toEqual({ name: 'All three' });
    expect(
      parseEnsembleCard({
        name: 'All',
        private_test_accuracy: 0.73,
        lfw_expressions: { balanced_accuracy: 0.6 },
      }),
    ).toEqual({ name: 'All', private_test_accuracy: 0.73, lfw_expressions: { balanced_accuracy: 0.6 } });
    expect(() => parseEnsembleCard({ name: 'All', lfw_expressions: {} })).toThrow(/balanced_accuracy/);
    const card = { name: 'CNN', private_test_accuracy: 0.7, file_bytes: 1, parameters: 1 };
    expect(parseCard(card).lfw_expressions).toBeUndefined();
    expect(parseCard({ ...card, lfw_expressions: { balanced_accuracy: 0.5 } }).lfw_expressions).toEqual({
      balanced_accuracy: 0.5,
    });
    expect(parseCard({ ...card, fer2013_c: { relative: 0.94, mean: 0.64 } }).fer2013_c).toEqual({
      relative: 0.94,
    });
    expect(() => parseCard({ ...card, fer2013_c: { mean: 0.64 } })).toThrow(/relative/);
  });
});
