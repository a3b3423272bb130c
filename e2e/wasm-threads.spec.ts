// The wasm backend on several threads, as the app runs on a cross-origin isolated page (the way its servers
// serve it), gives the results it gives on one thread (the same app served without the isolation headers),
// and the backend menu says how many threads run. On a 2-core machine the app leaves the second core to the
// detection worker and runs one thread served either way: there the threaded run asks for two (?threads=2).

import { expect, test, type Page } from '@playwright/test';
import { compareRuns, describeComparison, loadInputs, runOn } from './agreement';
import { watchPage } from './browser';
import type { FerWindow } from './fer';

const FER_COUNT = 32;
const MAX_DIFF = 1e-4;

async function wasmThreads(page: Page): Promise<{ isolated: boolean; cores: number; threads: number }> {
  return page.evaluate(() => {
    const wasm = (window as FerWindow).ferSession?.state.get().backends.find((b) => b.name === 'wasm');
    return {
      isolated: crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
      threads: wasm?.threads ?? 0,
    };
  });
}

test('wasm on several threads gives the same probabilities as on one, and the menu says so', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const watch = watchPage(page);
  const inputs = await loadInputs(FER_COUNT);

  let threaded = await runOn(page, '?backend=wasm', inputs);
  expect(threaded.backend, threaded.reason).toBe('wasm');
  let many = await wasmThreads(page);
  expect(many.isolated).toBe(true);
  expect(many.threads).toBeLessThanOrEqual(many.cores);
  if (many.cores <= 2) {
    // The other core is the detection worker's (pipeline/backend.ts, wasmThreads): one thread.
    expect(many.threads).toBe(1);
    threaded = await runOn(page, '?backend=wasm&threads=2', inputs);
    many = await wasmThreads(page);
    expect(many.threads).toBe(2);
  } else {
    // TF.js alone would stop at half the cores.
    expect(many.threads).toBeGreaterThan(1);
  }
  await expect(page.getByLabel('Backend').locator('option[value="wasm"]')).toHaveText(
    `wasm (${many.threads} threads)`,
  );

  // The same app without the isolation headers: TF.js's single-threaded build.
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const headers = Object.fromEntries(
        Object.entries(response.headers()).filter(
          ([name]) => !/^cross-origin-(opener|embedder)-policy$/i.test(name),
        ),
      );
      await route.fulfill({ response, headers });
    },
  );
  const single = await runOn(page, '?backend=wasm', inputs);
  const one = await wasmThreads(page);
  expect(one.isolated).toBe(false);
  expect(one.threads).toBe(1);

  const diffs = compareRuns(threaded, single);
  const names = [`${many.threads} threads`, '1 thread'] as const;
  console.log(describeComparison('wasm, threaded vs single-threaded', threaded, single, names, diffs));
  expect(diffs.maxDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(diffs.ferDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(watch.errors).toEqual([]);
});
