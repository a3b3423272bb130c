// A peer library as a benchmark target: its npm version, the TF.js version its bundle carries, and the page
// that runs it (bench/pages/peer.html loads bench/pages/<id>.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const MODULES = join(import.meta.dirname, '../../node_modules');

/** @param {string} name npm package, e.g. '@vladmandic/human' */
function peerPackage(name) {
  const { version } = JSON.parse(readFileSync(join(MODULES, name, 'package.json'), 'utf8'));
  // dist/tfjs.version.js is minified: its first version string is tfjs's (all its parts share it).
  const tfjs = readFileSync(join(MODULES, name, 'dist/tfjs.version.js'), 'utf8').match(
    /"(\d+\.\d+\.\d+)"/,
  )?.[1];
  return { version, tfjs: tfjs ?? '?' };
}

/**
 * @typedef {object} Target  one thing the benchmark measures, as Node sees it
 * @property {string} id
 * @property {string} name  for the tables
 * @property {'ours' | 'peer'} kind
 * @property {string} version
 * @property {string} tfjs  TF.js version it runs
 * @property {string} method  what it runs per frame, in a few words
 * @property {(backend: string) => string} path  the page to open (server path)
 * @property {string} [adapter]  page module injected into that page (ours: the app page)
 * @property {readonly string[]} [labels]  classifier output order, when Node knows it (ours: spec.json)
 * @property {Readonly<Record<string, string>>} [aliases]  its label words → FER2013's words
 * @property {number} [weightBytes]  ours: size of the model's weights
 * @property {Readonly<Record<string, string>>} [unsupported]  backend → why this target cannot run on it
 */

/**
 * @param {{ id: string, name: string, npm: string, method: string } & Partial<Target>} peer
 * @returns {Target}
 */
export function peerTarget({ npm, ...peer }) {
  return { kind: 'peer', ...peerPackage(npm), path: () => `/bench/peer.html?peer=${peer.id}`, ...peer };
}
