// A static file server on 127.0.0.1 for the tools that drive a browser (the benchmark, the fer-live CLI):
// URL prefixes mapped to folders, nothing outside them served, the cross-origin isolation headers sent
// as the app is meant to be served.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { CROSS_ORIGIN_ISOLATION } from './isolation-headers.mjs';

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

/**
 * The file a URL path names under `mounts` ([prefix, folder] pairs, the first matching prefix wins), or null
 * when it names none or tries to leave its folder.
 * @param {readonly (readonly [string, string])[]} mounts @param {string} pathname
 */
export function resolveMounted(mounts, pathname) {
  const [prefix, folder] = mounts.find(([p]) => pathname.startsWith(p)) ?? [];
  if (!prefix || !folder) return null;
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
 * Serves `mounts` on 127.0.0.1:`port` (0: a free port). Resolves with the port and a function that stops
 * the server. `isolated: false` leaves out the cross-origin isolation headers.
 * @param {readonly (readonly [string, string])[]} mounts
 * @param {{ port?: number, isolated?: boolean }} [options]
 * @returns {Promise<{ port: number, stop: () => Promise<void> }>}
 */
export function serveFolders(mounts, { port = 0, isolated = true } = {}) {
  const server = createServer((request, response) => {
    const file = resolveMounted(mounts, new URL(request.url ?? '/', 'http://localhost').pathname);
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[/** @type {keyof typeof TYPES} */ (extname(file))] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      ...(isolated ? CROSS_ORIGIN_ISOLATION : {}),
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((ready, fail) => {
    server.once('error', fail);
    const stop = () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done(undefined));
      });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      ready({ port: typeof address === 'object' && address ? address.port : port, stop });
    });
  });
}
