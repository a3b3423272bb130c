// The service worker: serves the app from a cache filled when it installs, so after one visit the app starts and
// labels faces with the network off. The build (scripts/service-worker-plugin.mjs) writes into it every file the
// app fetches — page, bundles, worker bundle, wasm, face detector and emotion models — each with a content hash.
//
// How updates replace cached files: a changed file (a retrained model's weights.bin, a new spec.json) has a new
// hash, so sw.js itself changes and the browser, which re-checks sw.js on navigation, installs the new version.
// Entries are cached under `url?__rev=hash`: installing fetches only the files whose hash is new, checks each body
// against its hash, and once the new version takes over it deletes every entry the new list does not name.
//
// Why cache first for everything, models and manifest.json included, and not network first: one build is one
// consistent set (the bundle, models/manifest.json, each model's spec.json and weights), and the hashes already
// say when a file changed; network first would mix versions and wait on a dead network before every start.
// Why the new version waits (no skipWaiting) until no page of the old one is open: a running page read its model
// specs (label order, input size) at start-up, and a takeover mid-session would pair them with new weights at
// the next model switch. So an update lands on the first start after every tab of the app has been closed.

export {};

interface PrecacheEntry {
  readonly url: string;
  readonly revision: string;
}
declare const __PRECACHE_ENTRIES__: readonly PrecacheEntry[];

// The part of the service worker API used here (the app's tsconfig has the DOM types, not the WebWorker ones).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const sw = globalThis as unknown as ServiceWorkerScope;
const scope = sw.registration.scope;
// Per scope: two deployments on one origin must not delete each other's entries.
const CACHE = `fer-live-precache:${scope}`;

/** Absolute URL → cache key (the URL with its revision). */
const cacheKeys = new Map(
  __PRECACHE_ENTRIES__.map(({ url, revision }) => {
    const absolute = new URL(url, scope).href;
    return [absolute, `${absolute}?__rev=${revision}`];
  }),
);
const appShellKey = cacheKeys.get(new URL('index.html', scope).href);

sw.addEventListener('install', (event) => event.waitUntil(fillCache()));
sw.addEventListener('activate', (event) => event.waitUntil(dropStaleEntries()));
sw.addEventListener('fetch', (event) => {
  const key = cacheKeyFor(event.request);
  if (key) event.respondWith(fromCache(event.request, key));
});

async function fillCache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const present = new Set((await cache.keys()).map((request) => request.url));
  const missing = [...cacheKeys].filter(([, key]) => !present.has(key));
  await Promise.all(missing.map(async ([url, key]) => cache.put(key, await fetchChecked(url, key))));
}

/**
 * Fetches a file past the HTTP cache and checks it against the hash in its key, so a server answering with another
 * build's file (a deploy in progress) fails this install, to be retried on a later visit, instead of caching it.
 */
async function fetchChecked(url: string, key: string): Promise<Response> {
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  if (!key.endsWith(`?__rev=${hex.slice(0, 16)}`)) throw new Error(`${url} does not match this build`);
  return response;
}

async function dropStaleEntries(): Promise<void> {
  const cache = await caches.open(CACHE);
  const current = new Set(cacheKeys.values());
  const stale = (await cache.keys()).filter((request) => !current.has(request.url));
  await Promise.all(stale.map((request) => cache.delete(request)));
  // The first install takes over the page that registered it, so that page already works offline. An update
  // activates only when no page of the old version is left, so nothing can be mixed here.
  await sw.clients.claim();
}

function cacheKeyFor(request: Request): string | undefined {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  const path = `${url.origin}${url.pathname}`;
  // The app's page, whatever its URL settings (?model=vgg), is the cached index.html.
  if (request.mode === 'navigate' && (path === scope || path === `${scope}index.html`)) return appShellKey;
  return url.search ? undefined : cacheKeys.get(path);
}

async function fromCache(request: Request, key: string): Promise<Response> {
  const cached = await (await caches.open(CACHE)).match(key);
  // Missing only if the browser evicted the cache or the install is still running: the network may still answer.
  return cached ?? fetch(request);
}
