// The benchmark's one origin: the built app at /, the bench pages at /bench/, the frames at /media/ and
// the peers' bundles, models and wasm files straight from node_modules. No request leaves this server.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CROSS_ORIGIN_ISOLATION } from '../scripts/isolation-headers.mjs';

const ROOT = join(import.meta.dirname, '..');
const MODULES = join(ROOT, 'node_modules');
const DEVSET = process.env.LFW_EXPRESSIONS_DIR ?? join(ROOT, '..', 'shared', 'datasets', 'lfw-expressions');

/** URL prefix → folder. The first matching prefix wins; '/' (the built app) comes last. */
const MOUNTS = [
  ['/bench/', join(ROOT, 'bench/pages')],
  ['/media/', join(ROOT, 'bench/.media')],
  // The cross-dataset photos (bench/devset.mjs), read where they lie: data is never copied into the repo.
  ['/devset/', DEVSET],
  ['/peers/face-api/', join(MODULES, '@vladmandic/face-api')],
  ['/peers/human/', join(MODULES, '@vladmandic/human')],
  // The peers bundle TF.js 4.22.0 without its wasm binaries; these are the same version's.
  ['/peers/tfjs-wasm/', join(MODULES, '@tensorflow/tfjs-backend-wasm/dist')],
  ['/', join(ROOT, 'dist')],
];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** The file a URL path names, or null when it names none (or tries to leave its folder). */
function resolve(pathname) {
  const [prefix, folder] = MOUNTS.find(([p]) => pathname.startsWith(p)) ?? [];
  if (!folder) return null;
  const relative = decodeURIComponent(pathname.slice(prefix.length)) || 'index.html';
  const file = normalize(join(folder, relative));
  if (!file.startsWith(folder + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Starts serving on `port`; resolves with a function that stops the server. `isolated: false` leaves out
 * the cross-origin isolation headers (the app then runs TF.js's wasm on one thread; bench/threads.mjs).
 */
export function serve(port, { isolated = true } = {}) {
  const server = createServer((request, response) => {
    const file = resolve(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      // As the app is meant to be served; the peers' pages get the same (their TF.js may use threads too).
      ...(isolated ? CROSS_ORIGIN_ISOLATION : {}),
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((ready, fail) => {
    server.once('error', fail);
    const stop = () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    server.listen(port, '127.0.0.1', () => ready(stop));
  });
}
