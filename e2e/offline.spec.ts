// Offline and installable: after one visit online the service worker serves the whole app (page, bundles, worker,
// wasm, face detector and emotion models), so it starts and labels camera faces with the network off; the web app
// manifest makes the app installable. How an update replaces cached files: test/serviceWorker.test.ts (a browser
// fetches sw.js itself past every Playwright route, so a changed build cannot be faked here).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  faceEntries,
  fakeCameraLaunch,
  openApp,
  waitUntilReady,
} from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES } from './media';

// playwright.config.ts blocks service workers for every other test file.
test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES), serviceWorkers: 'allow' });

/** Waits until the service worker controls the page: it takes over only after its install filled the cache. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 60_000 })
    .toBe('activated');
}

/** Every URL in the page's caches, as stored (`…/weights.bin?__rev=<hash>`). */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const names = await caches.keys();
    const keys = await Promise.all(names.map(async (name) => (await caches.open(name)).keys()));
    return keys.flat().map((request) => request.url);
  });

const withoutRevision = (url: string) => new URL(url).pathname;

test('after one visit online the app starts and labels camera faces with the network off', async ({
  page,
  context,
}) => {
  const watch = await openApp(page);
  await waitForServiceWorker(page);

  const cached = (await cachedUrls(page)).map(withoutRevision);
  const { models } = (await page.evaluate(() => fetch('models/manifest.json').then((r) => r.json()))) as {
    models: { path: string; members?: string[] }[];
  };
  for (const { path, members } of models) {
    // An ensemble's folder holds only its card: it runs its members' files.
    for (const file of members ? ['card.json'] : ['model.json', 'weights.bin', 'spec.json', 'card.json']) {
      expect(cached).toContain(`/models/${path}/${file}`);
    }
  }
  expect(cached).toEqual(
    expect.arrayContaining(['/index.html', '/models/manifest.json', '/manifest.webmanifest']),
  );

  await context.setOffline(true);
  const fromServiceWorker: string[] = [];
  const fromElsewhere: string[] = [];
  page.on('response', (r) => (r.fromServiceWorker() ? fromServiceWorker : fromElsewhere).push(r.url()));
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  // The cached page keeps its isolation headers, so wasm keeps its threads offline.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await waitUntilReady(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop camera' }).click();

  // The page, the analysis worker's script, wasm and models all came out of the cache.
  const served = fromServiceWorker.map(withoutRevision);
  expect(served).toContain('/');
  for (const pattern of [/^\/assets\/analysis\.worker-.*\.js$/, /\.wasm$/, /\.tflite$/, /\/weights\.bin$/]) {
    expect(served.filter((path) => pattern.test(path)).length, String(pattern)).toBeGreaterThan(0);
  }
  expect(fromElsewhere.filter((url) => !/^(blob|data):/.test(url))).toEqual([]);
  expect(watch.errors).toEqual([]);

  // And the network really is off: a file that no cache holds cannot be fetched.
  const uncached = await page.evaluate(() =>
    fetch('/not-cached.txt').then(
      () => 'answered',
      () => 'failed',
    ),
  );
  expect(uncached).toBe('failed');
});

test('the web app manifest is linked, parses, and Chromium finds the app installable', async ({
  baseURL,
}) => {
  // In Playwright's usual (incognito-like) contexts Chromium's only verdict is "in-incognito": use a profile on disk.
  const profile = mkdtempSync(join(tmpdir(), 'fer-live-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    ...(baseURL ? { baseURL } : {}),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestUrl = new URL(href ?? '', page.url()).href;
    const response = await page.request.get(manifestUrl);
    expect(response.ok()).toBe(true);
    const manifest = (await response.json()) as {
      name?: string;
      display?: string;
      start_url?: string;
      icons?: { src: string; type: string }[];
    };
    expect(manifest.name).toBeTruthy();
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBeTruthy();
    expect(manifest.icons?.length).toBeGreaterThan(0);
    for (const icon of manifest.icons ?? []) {
      const image = await page.request.get(new URL(icon.src, manifestUrl).href);
      expect(image.ok(), icon.src).toBe(true);
      expect(image.headers()['content-type'], icon.src).toContain(icon.type);
    }

    // Chromium's own verdict: the manifest parses without errors and nothing stops installing (it names, e.g.,
    // a missing 144 px icon or an unsupported display mode).
    const cdp = await context.newCDPSession(page);
    expect((await cdp.send('Page.getAppManifest')).errors).toEqual([]);
    expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
