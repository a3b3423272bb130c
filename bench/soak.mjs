// The long soak (issue 6): the app as a user runs it, live camera at full speed, for half an hour (CI: a
// few seconds). Chromium's fake camera plays a 30 fps clip of three faces, faster than the pipeline
// analyses it, so the app is never waiting for frames. Memory of the page and its workers (JS heap after
// GC, TF.js tensors) is read once a minute after a minute of warm-up; the faces must still be labelled
// at the end.
import { launchWithCamera, ORIGIN } from './browser.mjs';
import { photoClip } from './fileAnalysis.mjs';
import { memoryProbe } from './memory.mjs';

/**
 * Live analysis before the first measurement: the JIT, caches and the app's bounded buffers (each face's
 * last 30 seconds, for the followed-face chart) fill up in the first minute; that is not a leak.
 */
const WARM_MS = 60_000;
const CAMERA_FACES = 3;

/** @param {import('playwright-core').Page} page */
const frameCount = (page) => page.evaluate(() => window.ferSession.frameCount);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `minutes` of live camera analysis on `backend` with the app's default model.
 * @param {number} minutes
 * @param {string} backend
 */
export async function benchSoak(minutes, backend) {
  const browser = await launchWithCamera(photoClip('soak-camera-30fps.y4m', 30, 1));
  try {
    const page = await browser.newPage();
    await page.goto(`${ORIGIN}/?backend=${backend}`);
    await page.waitForFunction(() => window.ferSession?.state.get().phase === 'ready', null, {
      timeout: 120_000,
    });
    const model = await page.evaluate(() => window.ferSession.state.get().selectedModel);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await page.waitForFunction(() => window.ferSession.frameCount > 0, null, { timeout: 120_000 });
    await sleep(WARM_MS);
    const snapshot = await memoryProbe(page);
    const before = { ...(await snapshot()), frames: await frameCount(page), at: performance.now() };
    const end = before.at + minutes * 60_000;
    const series = [];
    while (performance.now() < end) {
      await sleep(Math.min(60_000, end - performance.now()));
      const now = { ...(await snapshot()), frames: await frameCount(page), at: performance.now() };
      series.push({ minute: (now.at - before.at) / 60_000, ...now });
    }
    const after = series[series.length - 1] ?? before;
    const facesAtEnd = await page.getByTestId('face-list').locator('li[data-label]').count();
    const frames = after.frames - before.frames;
    return {
      minutes: (after.at - before.at) / 60_000,
      backend,
      model,
      frames,
      fps: frames / ((after.at - before.at) / 1000),
      before,
      after,
      heapGrowth: after.heapBytes / before.heapBytes - 1,
      tensorGrowth: after.tensors - before.tensors,
      facesPlaced: CAMERA_FACES,
      facesAtEnd,
      series,
    };
  } finally {
    await browser.close();
  }
}
