// Ours on wasm with the thread count the app picks for this machine (pipeline/backend.ts wasmThreads: one on
// 2 cores, where the detection worker has the other) and with another (`?threads=`: two where the app picks
// one, one where it picks more), side by side in one browser, both pages cross-origin isolated as the app is
// meant to be served: the bare classifier on 1 and 16 faces and a whole frame of 1 and 2 faces (the frame-time
// rows' call: detect, crop, classify), the two pages alternating so that a busy spell slows both alike; then a
// whole-file analysis of the still clip (bench/labelsOverTime.mjs) with each, alternating too.
import { openTarget } from './browser.mjs';
import { analyseInApp } from './fileAnalysis.mjs';
import { stillClip } from './labelsOverTime.mjs';
import { median } from './stats.mjs';

const COUNTS = [1, 16];
/** The frame-time frames measured here (faces per frame). */
const FRAME_FACES = [1, 2];

/**
 * @param {import('playwright-core').Browser} browser
 * @param {import('./peers/package.mjs').Target} target one of ours
 * @param {import('./frames.mjs').Frame[]} frames the frame-time frames (bench/frames.mjs)
 * @param {{ rounds: number, fileRounds: number }} plan alternating rounds of the classifier and frames; of the file
 */
export async function benchThreads(browser, target, frames, { rounds, fileRounds }) {
  const shown = frames.filter((f) => FRAME_FACES.includes(f.faces));
  const urls = shown.map((f) => f.url);
  const sessions = [await openTarget(browser, target, 'wasm')];
  try {
    const chosen = await threadsOf(sessions[0].page);
    const other = chosen === 1 ? 2 : 1;
    const withOther = { ...target, path: (/** @type {string} */ b) => `${target.path(b)}&threads=${other}` };
    sessions.push(await openTarget(browser, withOther, 'wasm'));
    /** @type {{ classify: number[][], frames: number[][], fileFps: number[] }[]} per page */
    const ms = sessions.map(() => ({
      classify: COUNTS.map(() => []),
      frames: urls.map(() => []),
      fileFps: [],
    }));
    for (const { page } of sessions) await page.evaluate((o) => window.bench.warm(o), { urls, warmup: 2 });
    for (let round = 0; round < rounds; round++)
      for (const [i, { page }] of sessions.entries()) {
        const timings = await page.evaluate((o) => window.bench.classifyTiming(o), {
          counts: COUNTS,
          runs: 1,
        });
        timings.forEach((t, c) => ms[i].classify[c].push(...t));
        const samples = await page.evaluate((o) => window.bench.sample(o), { urls });
        samples.forEach((s, f) => ms[i].frames[f].push(s.ms));
      }
    const rows = [];
    for (const [i, { page, errors }] of sessions.entries()) {
      if (errors.length) throw new Error(errors[0]);
      const [classify1Ms, classify16Ms] = ms[i].classify.map(median);
      rows.push({
        threads: await threadsOf(page),
        chosen: i === 0,
        classify1Ms,
        classify16Ms,
        batch16Ratio: classify16Ms / classify1Ms,
        frames: shown.map((f, j) => ({ faces: f.faces, medianMs: median(ms[i].frames[j]) })),
      });
    }
    // The whole file, in fresh pages (the analysis opens the clip in the app), alternating.
    for (let round = 0; round < fileRounds; round++)
      for (const [i, threads] of [chosen, other].entries()) {
        const page = await browser.newPage();
        try {
          await analyseInApp(page, `?backend=wasm&model=${target.id}&threads=${threads}`, stillClip());
          ms[i].fileFps.push(
            await page.evaluate(() => window.ferSession.jobs.state.get().progress?.framesPerSecond ?? 0),
          );
        } finally {
          await page.close();
        }
      }
    rows.forEach((row, i) => Object.assign(row, { fileFps: ms[i].fileFps }));
    return { target: target.id, name: target.name, rounds, fileRounds, rows };
  } finally {
    for (const { page } of sessions) await page.close();
  }
}

/** The wasm threads the page's analysis worker runs. @param {import('playwright-core').Page} page */
function threadsOf(page) {
  return page.evaluate(
    () => window.ferSession.state.get().backends.find((b) => b.name === 'wasm')?.threads ?? 0,
  );
}
