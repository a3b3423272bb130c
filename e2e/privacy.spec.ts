// Privacy: the page contacts no origin but its own, and the CSP blocks any attempt to; over a whole
// session it stores nothing but the user's settings, and saves files only when the user exports.

import { expect, test } from '@playwright/test';
import {
  expectOnlyOwnOrigin,
  faceEntries,
  fakeCameraLaunch,
  openApp,
  pickAnotherModel,
  waitUntilReady,
  watchPage,
} from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES, VIDEO_FILES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

test('a request to another origin is blocked by the Content-Security-Policy', async ({ page, baseURL }) => {
  const watch = watchPage(page);
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) violations.push(m.text());
  });
  await page.goto('/');
  await waitUntilReady(page);
  const outcome = await page.evaluate(async () => {
    try {
      await fetch('http://127.0.0.2:9/collect', { method: 'POST', body: 'face' });
      return 'sent';
    } catch (e) {
      return `blocked: ${(e as Error).message}`;
    }
  });
  expect(outcome).toMatch(/^blocked/);
  expect(violations.join('\n')).toContain('connect-src');
  const foreign = watch.requests.filter((u) => u.includes('127.0.0.2'));
  expect(foreign).toEqual([]); // blocked before it became a request
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});

test('a whole session (camera, model switch, file, analysis, exports) stays on this origin and stores nothing else', async ({
  page,
  baseURL,
}) => {
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  const watch = await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await pickAnotherModel(page);
  await page.getByTestId('file-input').setInputFiles(VIDEO_FILES.mp4);
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  expect(downloads).toEqual([]); // nothing is saved until the user asks
  await page.getByRole('button', { name: 'Download CSV' }).click();
  await page.getByRole('button', { name: 'Download JSON' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const stored = await page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    cookies: document.cookie,
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
  }));
  // Only whether the introduction was seen; settings appear once the user changes one.
  expect(stored).toEqual({ localStorage: ['fer-live.intro-seen'], cookies: '', indexedDB: [] });
  expect(watch.errors).toEqual([]);
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});
