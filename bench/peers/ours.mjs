// Our models (public/models/manifest.json), each a target run by the built app (page side: bench/pages/ours.js).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
// BENCH_MODELS_DIR: another folder of models with its manifest (candidates copied into dist/models).
const MODELS = process.env.BENCH_MODELS_DIR ?? join(ROOT, 'public/models');
const readJson = (/** @type {string} */ path) => JSON.parse(readFileSync(path, 'utf8'));

/** Bytes of a single model's weight files. @param {string} folder */
export const weightBytesIn = (folder) =>
  readJson(join(folder, 'model.json'))
    .weightsManifest.flatMap((g) => g.paths)
    .reduce((sum, file) => sum + statSync(join(folder, file)).size, 0);

/** @returns {import('./package.mjs').Target[]} */
export function ourTargets() {
  const { version } = readJson(join(ROOT, 'package.json'));
  // The TF.js the build bundled: the installed one (package.json lists it among devDependencies, as the
  // library bundles its runtimes).
  const tfjs = readJson(join(ROOT, 'node_modules/@tensorflow/tfjs/package.json')).version;
  const models = readJson(join(MODELS, 'manifest.json')).models;
  const folderOf = (/** @type {string} */ id) => join(MODELS, models.find((m) => m.id === id).path);
  return models.map(({ id, name, path, members }) => {
    // An ensemble ("members") has no weights of its own: it downloads its members' and runs with the first's spec.
    const folders = members ? members.map(folderOf) : [join(MODELS, path)];
    return {
      id,
      name: `ours ${name}`,
      kind: 'ours',
      version,
      tfjs,
      method: `MediaPipe detector (automatic range) + one batch for all faces, in a worker${members ? `; the mean of ${members.join(', ')}` : ''}`,
      path: (backend) => `/?backend=${backend}&model=${id}`,
      adapter: '/bench/ours.js',
      labels: readJson(join(folders[0], 'spec.json')).labels,
      weightBytes: folders.reduce((sum, folder) => sum + weightBytesIn(folder), 0),
    };
  });
}
