// The Model menu's list, read from the shipped manifest as the page reads it: the ensemble is built from its
// members (their files, their summed size, no figures of its own until measured) and is unavailable, with why,
// when a member is.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listModels, startOrder, type ModelOption } from '../src/lib/models';
import { describeModel, modelsProblem } from '../src/session/state/modelMessages';
import { MODELS_DIR } from './modelFiles';

/** fetch() answering `/models/<file>` from public/models, with `broken` files answering 404. */
function serveModels(broken: readonly string[] = []): void {
  vi.stubGlobal('fetch', async (url: string) => {
    const file = url.replace(/^\/models\//, '');
    if (broken.includes(file)) return new Response('', { status: 404 });
    return new Response(readFileSync(join(MODELS_DIR, file)));
  });
}

const byId = (models: readonly ModelOption[], id: string) => models.find((m) => m.id === id);

describe('listModels', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists "All three" after the single models, loading each member’s files, sized as all of them', async () => {
    serveModels();
    const models = await listModels('/models/');
    expect(models.map((m) => m.id)).toEqual(['cnn', 'vgg', 'resnet', 'all']);
    const all = byId(models, 'all');
    expect(all?.unavailable).toBeUndefined();
    expect(all?.load?.members.map((m) => m.modelUrl)).toEqual([
      '/models/cnn/model.json',
      '/models/vgg/model.json',
      '/models/resnet/model.json',
    ]);
    expect(all?.load?.flipAverage).toBe(false);
    expect(all?.spec?.labels).toEqual(byId(models, 'cnn')?.spec?.labels);
    const sizes = ['cnn', 'vgg', 'resnet'].map((id) => byId(models, id)?.sizeBytes ?? NaN);
    expect(all?.sizeBytes).toBe(sizes.reduce((a, b) => a + b, 0));
    // Its figures are its own card's (measured on the ensemble), never made up from its members'.
    const card = JSON.parse(readFileSync(join(MODELS_DIR, 'all/card.json'), 'utf8'));
    expect(all?.accuracy).toBe(card.private_test_accuracy);
    expect(all?.devAccuracy).toBe(card.lfw_expressions?.balanced_accuracy);
    expect(all?.robustness).toBe(card.fer2013_c?.relative);
    expect(all?.accuracy).not.toBe(byId(models, 'cnn')?.accuracy);
  });

  it('an ensemble whose member is unavailable is unavailable, saying which member', async () => {
    serveModels(['vgg/spec.json']);
    const models = await listModels('/models/');
    expect(byId(models, 'vgg')?.unavailable).toMatch(/404/);
    expect(byId(models, 'all')?.unavailable).toBe('it needs VGG, which is unavailable');
    expect(byId(models, 'cnn')?.unavailable).toBeUndefined();
  });
});

describe('describeModel', () => {
  const base = { id: 'vgg', name: 'VGG' };

  it('shows the figures measured, and leaves out the others', () => {
    expect(describeModel({ ...base, accuracy: 0.695, devAccuracy: 0.54, sizeBytes: 2_360_000 })).toBe(
      'VGG — FER2013 69.5% · other photos 54.0% · 2.4 MB',
    );
    expect(describeModel({ ...base, accuracy: 0.6968, sizeBytes: 1_970_000 })).toBe(
      'VGG — FER2013 69.7% · 2.0 MB',
    );
    expect(describeModel({ id: 'all', name: 'All three', sizeBytes: 6_790_000 })).toBe('All three — 6.8 MB');
    expect(describeModel({ ...base, unavailable: '404' })).toBe('VGG — unavailable');
  });
});

describe('startOrder (the model tried first at start)', () => {
  const option = (id: string, accuracy?: number, devAccuracy?: number): ModelOption => ({
    id,
    name: id,
    ...(accuracy !== undefined ? { accuracy } : {}),
    ...(devAccuracy !== undefined ? { devAccuracy } : {}),
  });

  it('ranks by the dev set, then by FER2013, with the one asked for first', () => {
    const models = [option('a', 0.7, 0.5), option('b', 0.69, 0.55), option('c', 0.72)];
    expect(startOrder(models, undefined).map((m) => m.id)).toEqual(['b', 'a', 'c']);
    expect(startOrder(models, 'c').map((m) => m.id)).toEqual(['c', 'b', 'a']);
    expect(startOrder([option('a', 0.7), option('b', 0.71)], undefined).map((m) => m.id)).toEqual(['b', 'a']);
  });

  it('puts the models that hold up under FER2013-C first, whatever their dev-set figure', () => {
    const robust = (id: string, devAccuracy: number, robustness: number): ModelOption => ({
      ...option(id, 0.68, devAccuracy),
      robustness,
    });
    const models = [
      robust('fragile', 0.58, 0.885),
      robust('sturdy', 0.56, 0.942),
      option('unmeasured', 0.7, 0.6),
    ];
    expect(startOrder(models, undefined).map((m) => m.id)).toEqual(['sturdy', 'unmeasured', 'fragile']);
    expect(startOrder([robust('a', 0.5, 0.9), robust('b', 0.55, 0.95)], undefined).map((m) => m.id)).toEqual([
      'b',
      'a',
    ]);
  });

  it('tries an ensemble after every single model, however it scores, unless it is the one asked for', () => {
    const all: ModelOption = { ...option('all', 0.72, 0.6), ensemble: true };
    const models = [all, option('a', 0.7, 0.5), option('b', 0.69)];
    expect(startOrder(models, undefined).map((m) => m.id)).toEqual(['a', 'b', 'all']);
    expect(startOrder(models, 'all').map((m) => m.id)).toEqual(['all', 'a', 'b']);
  });
});

describe('modelsProblem (the one message for the models that failed)', () => {
  const reason =
    'Failed to parse model JSON of response from http://localhost:4173/models/resnet/model.json.';
  const broken: ModelOption = { id: 'resnet', name: 'ResNet', unavailable: reason };
  const inUse: ModelOption = { id: 'cnn', name: 'CNN' };

  it('says what happened, what labels instead and what to do; the loader’s words only as detail', () => {
    const shown = modelsProblem([inUse, broken], inUse);
    expect(shown?.message).toBe(
      'ResNet could not be loaded; CNN is in use instead. Reload the page to try again.',
    );
    expect(shown?.message).not.toMatch(/http|JSON/);
    expect(shown?.detail).toBe(`ResNet: ${reason}`);
    expect(modelsProblem([broken], undefined)?.message).toMatch(/no other model is in use yet/);
  });

  it('names every broken model in one message, and none when all load', () => {
    const ensemble: ModelOption = {
      id: 'all',
      name: 'All three',
      unavailable: 'ResNet failed to load (404)',
    };
    const vgg: ModelOption = { id: 'vgg', name: 'VGG', unavailable: 'weights.bin answered 404' };
    expect(modelsProblem([inUse, vgg, broken, ensemble], inUse)?.message).toMatch(
      /^VGG, ResNet and All three could not be loaded; CNN is in use instead\./,
    );
    expect(modelsProblem([inUse], inUse)).toBeNull();
  });
});
