// Vite plugin: builds src/pwa/sw.ts into dist/sw.js and writes into it the list of built files it caches, each
// with a hash of its content. A changed file (a retrained model's weights, a new bundle) changes its hash, hence the
// bytes of sw.js, which is what makes the browser install the new service worker.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const SERVICE_WORKER_FILE = 'sw.js';

/** The identifier in sw.ts that the build replaces with the list (a global the minifier leaves alone). */
const PLACEHOLDER = '__PRECACHE_ENTRIES__';

/** Built files the app never fetches, so not worth a place in the cache. */
const NOT_CACHED = [
  // Source maps: for developer tools only.
  /\.map$/,
  // PyTorch logits for the parity test (200 kB per model).
  /(^|\/)parity\.json$/,
  // tasks-vision's classic-script builds (21 MB); the app loads its ES-module build (forVisionTasks(…, true)).
  /^generated\/mediapipe\/vision_wasm_(nosimd_)?internal\./,
];

/** Every file under `dir`, as sorted URL paths relative to it ('models/cnn/model.json'). */
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The files of a build that the service worker caches, each with the first 16 hex digits of its SHA-256. */
export function precacheEntries(outDir) {
  return listFiles(outDir)
    .filter((url) => url !== SERVICE_WORKER_FILE && !NOT_CACHED.some((pattern) => pattern.test(url)))
    .map((url) => ({
      url,
      revision: createHash('sha256')
        .update(readFileSync(join(outDir, url)))
        .digest('hex')
        .slice(0, 16),
    }));
}

/** Emits `source` as dist/sw.js and, once every other file is written, fills in its precache list. */
export function serviceWorkerPlugin(source = 'src/pwa/sw.ts') {
  let root = '';
  let outDir = '';
  return {
    name: 'fer-live:service-worker',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      this.emitFile({ type: 'chunk', id: resolve(root, source), fileName: SERVICE_WORKER_FILE });
    },
    // closeBundle, not generateBundle: the list must include the public/ files and the worker bundle, all on disk by now.
    closeBundle() {
      const path = join(outDir, SERVICE_WORKER_FILE);
      const code = readFileSync(path, 'utf8');
      if (code.split(PLACEHOLDER).length !== 2) {
        throw new Error(
          `${SERVICE_WORKER_FILE}: expected ${PLACEHOLDER} exactly once in the built service worker`,
        );
      }
      writeFileSync(path, code.replace(PLACEHOLDER, JSON.stringify(precacheEntries(outDir))));
    },
  };
}
