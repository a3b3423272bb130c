// The benchmark's one origin: the built app at /, the bench pages at /bench/, the frames at /media/ and
// the peers' bundles, models and wasm files straight from node_modules. No request leaves this server.
import { join } from 'node:path';
import { serveFolders } from '../scripts/static-server.mjs';

const ROOT = join(import.meta.dirname, '..');
const MODULES = join(ROOT, 'node_modules');
const DEVSET = process.env.LFW_EXPRESSIONS_DIR ?? join(ROOT, '..', 'shared', 'datasets', 'lfw-expressions');

/**
 * URL prefix → folder, with `app` (a built app, dist/ or another build of it) at '/'. The first matching
 * prefix wins; '/' comes last.
 * @param {string} app
 */
const mounts = (app) =>
  /** @type {const} */ ([
    ['/bench/', join(ROOT, 'bench/pages')],
    ['/media/', join(ROOT, 'bench/.media')],
    // The cross-dataset photos (bench/devset.mjs), read where they lie: data is never copied into the repo.
    ['/devset/', DEVSET],
    ['/peers/face-api/', join(MODULES, '@vladmandic/face-api')],
    ['/peers/human/', join(MODULES, '@vladmandic/human')],
    // The peers bundle TF.js 4.22.0 without its wasm binaries; these are the same version's.
    ['/peers/tfjs-wasm/', join(MODULES, '@tensorflow/tfjs-backend-wasm/dist')],
    ['/', app],
  ]);

/**
 * Starts serving on `port`; resolves with a function that stops the server. `isolated: false` leaves out
 * the cross-origin isolation headers (the app then runs TF.js's wasm on one thread; bench/threads.mjs).
 * As the app is meant to be served, the peers' pages get the same headers (their TF.js may use threads too).
 * `app`: another build of the app to serve at '/' instead of dist/ (comparing builds).
 */
export async function serve(port, { isolated = true, app = join(ROOT, 'dist') } = {}) {
  const { stop } = await serveFolders(mounts(app), { port, isolated });
  return stop;
}
