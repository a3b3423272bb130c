// The offline cache: which built files the build lists, and how the service worker (src/pwa/sw.ts, run here against
// a fake Cache API and server) fills its cache, serves from it and replaces a file whose content changed.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { precacheEntries } from '../scripts/service-worker-plugin.mjs';

const SCOPE = 'http://app.test/';
const revisionOf = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 16);

describe('precacheEntries', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'precache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true }));

  const write = (files: Record<string, string>) => {
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), body);
    }
  };

  it('lists what the app fetches, each with the hash of its content, and leaves out what it never fetches', () => {
    write({
      'index.html': '<!doctype html>',
      'assets/index-abc.js': 'app',
      'assets/index-abc.js.map': '{}',
      'models/cnn/weights.bin': 'weights',
      'models/cnn/parity.json': '{}',
      'generated/mediapipe/vision_wasm_module_internal.wasm': 'module build',
      'generated/mediapipe/vision_wasm_internal.wasm': 'classic build',
      'generated/mediapipe/vision_wasm_nosimd_internal.js': 'classic build',
      'sw.js': 'the service worker itself',
    });
    expect(precacheEntries(dir)).toEqual([
      { url: 'assets/index-abc.js', revision: revisionOf('app') },
      { url: 'generated/mediapipe/vision_wasm_module_internal.wasm', revision: revisionOf('module build') },
      { url: 'index.html', revision: revisionOf('<!doctype html>') },
      { url: 'models/cnn/weights.bin', revision: revisionOf('weights') },
    ]);
  });

  it('gives a retrained model a new revision and leaves the others alone', () => {
    write({ 'models/cnn/weights.bin': 'old weights', 'models/cnn/spec.json': '{}' });
    const before = precacheEntries(dir);
    write({ 'models/cnn/weights.bin': 'new weights' });
    const after = precacheEntries(dir);
    expect(after[0]).toEqual(before[0]); // spec.json
    expect(after[1]).toEqual({ url: 'models/cnn/weights.bin', revision: revisionOf('new weights') });
    expect(after[1]?.revision).not.toBe(before[1]?.revision);
  });
});

class FakeCache {
  readonly entries = new Map<string, Response>();
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(key: string) {
    return this.entries.get(key)?.clone();
  }
  async put(key: string, response: Response) {
    this.entries.set(key, response);
  }
  async delete(request: Request) {
    return this.entries.delete(request.url);
  }
}

type Listener = (event: unknown) => void;

/** One build's service worker, loaded fresh, with its event listeners to call. */
interface LoadedWorker {
  install(): Promise<unknown>;
  activate(): Promise<unknown>;
  /** What the worker answers, or undefined where it leaves the request to the network. */
  fetch(url: string, mode?: RequestMode): Promise<string> | undefined;
}

describe('service worker', () => {
  const cache = new FakeCache();
  /** What the server has now: path → body. */
  let server: Record<string, string> = {};
  const fetchFromServer = vi.fn(async (url: string) => {
    const body = server[new URL(url).pathname.slice(1)];
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  });

  beforeEach(() => {
    cache.entries.clear();
    fetchFromServer.mockClear();
    vi.stubGlobal('caches', { open: async () => cache });
    vi.stubGlobal('fetch', fetchFromServer);
    vi.stubGlobal('registration', { scope: SCOPE });
    vi.stubGlobal('clients', { claim: async () => {} });
  });
  afterEach(() => vi.unstubAllGlobals());

  /** Loads the service worker of a build made of `files`; the server keeps answering with `server`. */
  async function loadWorker(files: Record<string, string>): Promise<LoadedWorker> {
    const listeners = new Map<string, Listener>();
    vi.stubGlobal(
      '__PRECACHE_ENTRIES__',
      Object.entries(files).map(([url, body]) => ({ url, revision: revisionOf(body) })),
    );
    vi.stubGlobal('addEventListener', (type: string, listener: Listener) => listeners.set(type, listener));
    vi.resetModules();
    await import('../src/pwa/sw');
    const extendable = (type: string) => {
      let done: Promise<unknown> = Promise.resolve();
      listeners.get(type)?.({ waitUntil: (promise: Promise<unknown>) => (done = promise) });
      return done;
    };
    return {
      install: () => extendable('install'),
      activate: () => extendable('activate'),
      fetch(url, mode = 'cors') {
        let answer: Promise<Response> | undefined;
        const request = { url: new URL(url, SCOPE).href, method: 'GET', mode } as Request;
        listeners.get('fetch')?.({
          request,
          respondWith: (response: Promise<Response>) => (answer = response),
        });
        return answer?.then((response) => response.text());
      },
    };
  }

  const BUILD_1 = {
    'index.html': 'page 1',
    'models/manifest.json': '{"models":["cnn"]}',
    'models/cnn/weights.bin': 'weights 1',
  };

  it('caches every listed file on install and serves it from there, the page under any URL settings', async () => {
    server = { ...BUILD_1 };
    const worker = await loadWorker(BUILD_1);
    await worker.install();
    await worker.activate();
    expect(cache.entries.size).toBe(3);

    server = {}; // offline
    expect(await worker.fetch('models/cnn/weights.bin')).toBe('weights 1');
    expect(await worker.fetch('?model=vgg', 'navigate')).toBe('page 1');
    expect(await worker.fetch('index.html', 'navigate')).toBe('page 1');
    expect(worker.fetch('models/cnn/parity.json')).toBeUndefined();
    expect(worker.fetch('models/cnn/weights.bin?v=2')).toBeUndefined();
  });

  it('replaces a retrained model: fetches only the changed file, keeps the old one until the update takes over', async () => {
    server = { ...BUILD_1 };
    const oldWorker = await loadWorker(BUILD_1);
    await oldWorker.install();
    await oldWorker.activate();

    const build2 = { ...BUILD_1, 'models/cnn/weights.bin': 'weights 2' };
    server = { ...build2 };
    fetchFromServer.mockClear();
    const newWorker = await loadWorker(build2);
    await newWorker.install();
    expect(fetchFromServer.mock.calls.map(([url]) => url)).toEqual([`${SCOPE}models/cnn/weights.bin`]);
    // Installed but waiting: the open page still gets the weights that match the specs it read.
    expect(await oldWorker.fetch('models/cnn/weights.bin')).toBe('weights 1');

    await newWorker.activate();
    expect(await newWorker.fetch('models/cnn/weights.bin')).toBe('weights 2');
    expect([...cache.entries.keys()].filter((key) => key.includes('weights.bin'))).toEqual([
      `${SCOPE}models/cnn/weights.bin?__rev=${revisionOf('weights 2')}`,
    ]);
  });

  it('fails the install rather than cache a file that is missing or from another build', async () => {
    server = { ...BUILD_1, 'models/cnn/weights.bin': 'weights of a build in the middle of its deploy' };
    await expect((await loadWorker(BUILD_1)).install()).rejects.toThrow(/weights\.bin does not match/);
    expect([...cache.entries.keys()].some((key) => key.includes('weights.bin'))).toBe(false);

    server = { 'index.html': 'page 1' };
    await expect((await loadWorker(BUILD_1)).install()).rejects.toThrow(/HTTP 404/);
  });
});
