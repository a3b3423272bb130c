// `node bench/profileFileAnalysis.mjs`: where a whole-file analysis spends its time (issue 16). Runs the
// app's own "Analyse whole file" on the still two-face clip (30 fps, 640×480, bench/labelsOverTime.mjs)
// with the detector every k-th frame, timing each frame's trip to the worker and the stages the worker
// reports; then once with the worker left out (each frame closed as soon as it is decoded): the decoding
// alone. Uses the existing dist/.
//
//   BENCH_DETECT_EVERY=1,8   the detector intervals to profile
import { launch, ORIGIN, PORT } from './browser.mjs';
import { stillClip } from './labelsOverTime.mjs';
import { serve } from './server.mjs';

/**
 * @param {import('playwright-core').Browser} browser @param {number} k
 * @param {boolean} decodeOnly leave the worker out: frames are closed as they arrive
 */
async function profile(browser, k, decodeOnly) {
  const page = await browser.newPage();
  try {
    await page.goto(`${ORIGIN}/?backend=wasm&model=cnn&detectEvery=${k}`);
    await page.waitForFunction(() => window.ferSession?.state.get().phase === 'ready', null, {
      timeout: 120_000,
    });
    await page.getByTestId('file-input').setInputFiles(stillClip());
    await page.getByTestId('file-info').waitFor();
    await page.evaluate((skip) => {
      document.querySelector('video')?.pause();
      // The file jobs' pipeline hook (a TypeScript-private field, replaceable at run time).
      const deps = window.ferSession.jobs.deps;
      const analyze = deps.analyze;
      window.profiled = [];
      deps.analyze = async (/** @type {VideoFrame} */ image, /** @type {number} */ time) => {
        const t0 = performance.now();
        const result = skip
          ? (image.close(),
            { timings: { detectMs: 0, cropMs: 0, classifyMs: 0 }, detected: false, faces: [], labels: [] })
          : await analyze(image, time);
        window.profiled.push({
          roundTripMs: performance.now() - t0,
          ...result.timings,
          detected: result.detected,
        });
        return result;
      };
    }, decodeOnly);
    await page.getByRole('button', { name: 'Analyse whole file' }).click();
    await page.waitForFunction(() => window.ferSession.jobs.state.get().status !== 'analysing', null, {
      timeout: 600_000,
      polling: 500,
    });
    return await page.evaluate(() => {
      const p = window.profiled;
      const mean = (/** @type {string} */ key) => p.reduce((a, x) => a + x[key], 0) / p.length;
      return {
        frames: p.length,
        fps: window.ferSession.jobs.state.get().progress?.framesPerSecond ?? 0,
        detectedShare: p.filter((x) => x.detected).length / p.length,
        detectMs: mean('detectMs'),
        cropMs: mean('cropMs'),
        classifyMs: mean('classifyMs'),
      };
    });
  } finally {
    await page.close();
  }
}

const ks = (process.env.BENCH_DETECT_EVERY ?? '1,8').split(',').map(Number);
const stop = await serve(PORT);
const browser = await launch('wasm');
try {
  const decode = await profile(browser, 1, true);
  console.log(
    `decoding alone: ${decode.fps.toFixed(1)} frames/s (${(1000 / decode.fps).toFixed(1)} ms/frame)`,
  );
  for (const k of ks) {
    const r = await profile(browser, k, false);
    console.log(
      `detector every ${k}: ${r.fps.toFixed(1)} frames/s; detector on ${(100 * r.detectedShare).toFixed(0)}% of frames; per frame in the worker: detect ${r.detectMs.toFixed(1)} + read and crop ${r.cropMs.toFixed(1)} + classify ${r.classifyMs.toFixed(1)} ms`,
    );
  }
} finally {
  await browser.close();
  await stop();
}
