// Puts a retrained model that is not shipped yet beside the shipped ones in a built app's models folder, so
// that the dev-set bench can measure it through the app exactly as it would ship: the candidate as a model of
// its own, and every ensemble that holds the model it would replace, with the candidate in its place.
//
//   npm run build && node scripts/stage-candidate.mjs /tmp/cnnp/export --replaces=cnn
//   BENCH_NO_BUILD=1 BENCH_MODELS_DIR=dist/models DEVSET_TARGETS=cnn-candidate,all-with-cnn-candidate node bench/devset.mjs
//
// Options: --id=<id> (default <replaces>-candidate), --models=<folder> (default dist/models). Nothing under
// public/ is touched: shipping is the README's checklist, with every figure measured again.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The id a candidate gets without --id. @param {string} replaces */
const defaultId = (replaces) => `${replaces}-candidate`;

/** What an export holds that the app reads (parity.json is for the parity test only). */
const MODEL_FILES = ['model.json', 'weights.bin', 'spec.json', 'card.json'];

/**
 * The manifest with the candidate added, and one more ensemble for each one that holds `replaces`.
 * @param {{ models: { id: string, name: string, path: string, members?: string[] }[] }} manifest
 * @param {string} replaces the shipped model's id
 * @param {string} id the candidate's id
 * @returns {{ manifest: typeof manifest, added: string[] }}
 */
export function withCandidate(manifest, replaces, id) {
  const shipped = manifest.models.find((m) => m.id === replaces && !m.members);
  if (!shipped) throw new Error(`no single model "${replaces}" in the manifest`);
  if (manifest.models.some((m) => m.id === id)) throw new Error(`the manifest has "${id}" already`);
  // A candidate with an id of its own is named by it, so that two staged beside each other tell apart in a table.
  const label = id === defaultId(replaces) ? 'candidate' : `candidate ${id}`;
  const entries = [{ id, name: `${shipped.name} (${label})`, path: id }];
  for (const ensemble of manifest.models.filter((m) => m.members?.includes(replaces))) {
    entries.push({
      ...ensemble,
      id: `${ensemble.id}-with-${id}`,
      name: `${ensemble.name} (with ${shipped.name} ${label})`,
      members: ensemble.members.map((m) => (m === replaces ? id : m)),
    });
  }
  // The app refuses a manifest with any other id or path, ?model= any other id (isModelId, src/pipeline/modelSpec.ts).
  const bad = entries.find((e) => !/^[a-z0-9_-]{1,32}$/i.test(e.id));
  if (bad) throw new Error(`"${bad.id}": an id must be 1-32 letters, digits, _ or -`);
  return {
    manifest: { ...manifest, models: [...manifest.models, ...entries] },
    added: entries.map((e) => e.id),
  };
}

function main(argv) {
  const [exportDir, ...rest] = argv;
  const option = (name, fallback) =>
    rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
  const replaces = option('replaces');
  if (!exportDir || !replaces) {
    throw new Error(
      'usage: node scripts/stage-candidate.mjs <export folder> --replaces=<id> [--id=] [--models=]',
    );
  }
  const id = option('id', defaultId(replaces));
  const models = resolve(option('models', 'dist/models'));
  const manifestPath = join(models, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} not found: run npm run build first`);
  const staged = withCandidate(JSON.parse(readFileSync(manifestPath, 'utf8')), replaces, id);
  mkdirSync(join(models, id), { recursive: true });
  for (const file of MODEL_FILES) copyFileSync(join(exportDir, file), join(models, id, file));
  writeFileSync(manifestPath, JSON.stringify(staged.manifest, null, 2) + '\n');
  console.log(
    `staged ${exportDir} in ${join(models, id)}; manifest entries added: ${staged.added.join(', ')}`,
  );
  console.log(
    `measure: BENCH_NO_BUILD=1 BENCH_MODELS_DIR=${models} DEVSET_TARGETS=${staged.added.join(',')} node bench/devset.mjs`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    console.error(`stage-candidate: ${error.message}`);
    process.exit(2);
  }
}
