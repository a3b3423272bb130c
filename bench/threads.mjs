// Ours on wasm with and without TF.js's threads, in one browser, side by side: the same build served
// cross-origin isolated (as the app is meant to be served: several threads) and from a second server
// without the isolation headers (TF.js's single-threaded build). The bare classifier on 1 and 16 faces,
// the two pages alternating so that a busy spell on the machine slows both alike.
import { openTarget, PORT } from './browser.mjs';
import { serve } from './server.mjs';
import { median } from './stats.mjs';

const SINGLE_PORT = PORT + 1;
const COUNTS = [1, 16];

/**
 * @param {import('playwright-core').Browser} browser
 * @param {import('./peers/package.mjs').Target} target one of ours
 * @param {number} rounds
 */
export async function benchThreads(browser, target, rounds) {
  const stop = await serve(SINGLE_PORT, { isolated: false });
  const sessions = [];
  try {
    sessions.push(await openTarget(browser, target, 'wasm'));
    sessions.push(await openTarget(browser, target, 'wasm', `http://127.0.0.1:${SINGLE_PORT}`));
    /** @type {number[][][]} per page, per face count: ms */
    const ms = sessions.map(() => COUNTS.map(() => []));
    for (let round = 0; round < rounds; round++)
      for (const [i, { page }] of sessions.entries()) {
        const [one, sixteen] = await page.evaluate((o) => window.bench.classifyTiming(o), {
          counts: COUNTS,
          runs: 1,
        });
        ms[i][0].push(...one);
        ms[i][1].push(...sixteen);
      }
    const rows = [];
    for (const [i, { page, errors }] of sessions.entries()) {
      const state = await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        threads: window.ferSession.state.get().backends.find((b) => b.name === 'wasm')?.threads ?? 0,
      }));
      if (errors.length) throw new Error(errors[0]);
      const [classify1Ms, classify16Ms] = ms[i].map(median);
      rows.push({ ...state, classify1Ms, classify16Ms, batch16Ratio: classify16Ms / classify1Ms });
    }
    return { target: target.id, name: target.name, rounds, rows };
  } finally {
    for (const { page } of sessions) await page.close();
    await stop();
  }
}
