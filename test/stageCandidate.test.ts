// scripts/stage-candidate.mjs: a candidate model is listed beside the shipped ones, and each ensemble that
// holds the model it would replace gets a twin with the candidate in its place; nothing shipped changes.
import { describe, expect, it } from 'vitest';
import { withCandidate } from '../scripts/stage-candidate.mjs';

const shipped = {
  models: [
    { id: 'cnn', name: 'CNN', path: 'cnn' },
    { id: 'vgg', name: 'VGG', path: 'vgg' },
    { id: 'all', name: 'All three', path: 'all', members: ['cnn', 'vgg'] },
  ],
};

describe('stage-candidate', () => {
  it('adds the candidate and an ensemble with it in place of the model it replaces', () => {
    const { manifest, added } = withCandidate(shipped, 'cnn', 'cnn-candidate');
    expect(added).toEqual(['cnn-candidate', 'all-with-cnn-candidate']);
    expect(manifest.models.slice(0, 3)).toEqual(shipped.models);
    expect(manifest.models[3]).toEqual({
      id: 'cnn-candidate',
      name: 'CNN (candidate)',
      path: 'cnn-candidate',
    });
    expect(manifest.models[4]).toEqual({
      id: 'all-with-cnn-candidate',
      name: 'All three (with CNN candidate)',
      path: 'all',
      members: ['cnn-candidate', 'vgg'],
    });
  });

  it('names a candidate staged with an id of its own by that id, so two beside each other differ', () => {
    const first = withCandidate(shipped, 'vgg', 'vgg-wide');
    const both = withCandidate(first.manifest, 'vgg', 'vgg-wider');
    const names = both.manifest.models.slice(3).map((m: { name: string }) => m.name);
    expect(names).toEqual([
      'VGG (candidate vgg-wide)',
      'All three (with VGG candidate vgg-wide)',
      'VGG (candidate vgg-wider)',
      'All three (with VGG candidate vgg-wider)',
    ]);
  });

  it('refuses an unknown model, an ensemble, an id that is taken and one the app would refuse', () => {
    expect(() => withCandidate(shipped, 'resnet', 'x')).toThrow(/no single model "resnet"/);
    expect(() => withCandidate(shipped, 'all', 'x')).toThrow(/no single model "all"/);
    expect(() => withCandidate(shipped, 'cnn', 'vgg')).toThrow(/has "vgg" already/);
    expect(() => withCandidate(shipped, 'cnn', 'cnn-s0.9')).toThrow(/letters, digits/);
  });
});
