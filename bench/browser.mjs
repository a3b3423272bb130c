// Headless Debian Chromium for the benchmark: one browser per backend, one page per target.
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

// BENCH_PORT: a second run beside one in progress (e.g. the dev set of a candidate model).
export const PORT = Number(process.env.BENCH_PORT ?? 4174);
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** A failure in one line; Playwright prefixes the page's own message with where it surfaced. */
export const message = (/** @type {unknown} */ error) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]
    .replace(/^page\.evaluate: (Error: )?/, '');

/** @param {string} backend */
export function launch(backend) {
  // WebGPU needs the flag; the adapter it then gets here is SwiftShader (software).
  const args = backend === 'webgpu' ? [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] : [...CHROMIUM_ARGS];
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}

/** Chromium whose fake camera loops `clip` (a .y4m keeps its frame rate). @param {string} clip */
export function launchWithCamera(clip) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clip}`,
    ],
  });
}

/**
 * Opens `target`'s page on `backend` and waits until it can take frames.
 * @param {import('playwright-core').Browser} browser
 * @param {import('./peers/package.mjs').Target} target
 * @param {string} backend
 * @param {string} [origin] the server to open it from
 */
export async function openTarget(browser, target, backend, origin = ORIGIN) {
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !/^(data|blob):/.test(r.url()))
      errors.push(`off-origin request: ${r.url()}`);
  });
  const t0 = performance.now();
  await page.goto(origin + target.path(backend));
  if (target.adapter) await page.addScriptTag({ url: target.adapter, type: 'module' });
  await page.waitForFunction(() => 'bench' in window, null, { timeout: 60_000 });
  /** @type {{ backend: string, labels: string[], loadMs: number }} */
  const loaded = await page.evaluate((b) => window.bench.load(b), backend);
  return { page, errors, readyMs: performance.now() - t0, ...loaded };
}
