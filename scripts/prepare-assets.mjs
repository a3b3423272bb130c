// Copies the runtimes' wasm files and the patched face detector models into public/generated/ so the
// app serves everything from its own origin. Idempotent and quick: unchanged files are left alone.
//
//   public/generated/mediapipe/  @mediapipe/tasks-vision/wasm/*   FilesetResolver.forVisionTasks('/generated/mediapipe')
//   public/generated/tfjs/       @tensorflow/tfjs-backend-wasm/dist/*.wasm   setWasmPaths('/generated/tfjs/')
//   public/generated/models/     face_detection_{short,full}_range.tflite with TFLite metadata added
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addImageNormalizationMetadata } from './face-model-metadata.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(root, 'node_modules');
const generated = join(root, 'public', 'generated');

// The face models take RGB scaled to [-1, 1]: MediaPipe's own face detection graph normalises so.
const FACE_MODEL_NORMALIZATION = { mean: 127.5, std: 127.5 };
const FACE_MODELS = ['face_detection_short_range', 'face_detection_full_range'];

/** Mirrors the chosen files of `from` into `to` and deletes what no longer belongs there. */
function mirror(from, to, keep) {
  const names = readdirSync(from).filter(keep);
  if (names.length === 0) throw new Error(`no files to copy in ${from}: is npm install complete?`);
  mkdirSync(to, { recursive: true });
  let copied = 0;
  for (const name of names) {
    const source = statSync(join(from, name));
    const target = statOrNull(join(to, name));
    // Whole seconds: utimes does not keep sub-millisecond mtimes.
    const sameTime = target && Math.floor(target.mtimeMs / 1000) === Math.floor(source.mtimeMs / 1000);
    if (target && sameTime && target.size === source.size) continue;
    copyFileSync(join(from, name), join(to, name));
    utimesSync(join(to, name), source.atime, source.mtime);
    copied++;
  }
  for (const stale of readdirSync(to).filter((name) => !names.includes(name))) {
    rmSync(join(to, stale), { recursive: true });
  }
  return copied;
}

function writeIfChanged(path, bytes) {
  const existing = statOrNull(path) ? readFileSync(path) : null;
  if (existing && Buffer.compare(existing, bytes) === 0) return 0;
  writeFileSync(path, bytes);
  return 1;
}

function statOrNull(path) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const started = performance.now();
let changed = 0;
changed += mirror(
  join(modules, '@mediapipe', 'tasks-vision', 'wasm'),
  join(generated, 'mediapipe'),
  () => true,
);
changed += mirror(
  join(modules, '@tensorflow', 'tfjs-backend-wasm', 'dist'),
  join(generated, 'tfjs'),
  (name) => name.endsWith('.wasm'),
);

mkdirSync(join(generated, 'models'), { recursive: true });
for (const model of FACE_MODELS) {
  const original = readFileSync(join(modules, '@mediapipe', 'face_detection', `${model}.tflite`));
  const patched = addImageNormalizationMetadata(new Uint8Array(original), FACE_MODEL_NORMALIZATION);
  changed += writeIfChanged(join(generated, 'models', `${model}.tflite`), patched);
}

const ms = Math.round(performance.now() - started);
console.log(`prepare-assets: public/generated/ ready (${changed} file(s) written, ${ms} ms)`);
