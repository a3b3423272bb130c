// Our models (public/models/manifest.json), each a target run by the built app (page side: bench/pages/ours.js).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const MODELS = join(ROOT, 'public/models');
const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(path, 'utf8'));

/** @returns {import('./package.mjs').Target[]} */
export function ourTargets() {
  const { version, dependencies } = readJson(join(ROOT, 'package.json'));
  return readJson(join(MODELS, 'manifest.json')).models.map(({ id, name, path }) => {
    const folder = join(MODELS, path);
    const weights = readJson(join(folder, 'model.json')).weightsManifest.flatMap((g) => g.paths);
    return {
      id,
      name: `ours ${name}`,
      kind: 'ours',
      version,
      tfjs: dependencies['@tensorflow/tfjs'],
      method: 'MediaPipe full-range detector + one batch for all faces, in a worker',
      path: (backend) => `/?backend=${backend}&model=${id}`,
      adapter: '/bench/ours.js',
      labels: readJson(join(folder, 'spec.json')).labels,
      weightBytes: weights.reduce((sum, file) => sum + statSync(join(folder, file)).size, 0),
    };
  });
}
