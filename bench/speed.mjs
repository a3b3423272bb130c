// Speed on one backend: each target's first call, then every frame timed in rounds that alternate between
// the targets (median, p95, fps, faces found and, for ours, the detect / crop / classify split), so that a
// busy spell on this shared machine slows every target alike; and the bare classifier on 1 and 16 faces.
import { median, p95 } from './stats.mjs';

/**
 * @typedef {{ detectMs: number, cropMs: number, classifyMs: number }} Stages
 * @typedef {{ ms: number, outcome: { faces: number, stages?: Stages } }} Sample
 * @typedef {import('playwright-core').Page} Page
 */

/**
 * The page's first call, timed and returned, then `warmup` untimed calls per frame.
 * @param {Page} page @param {import('./frames.mjs').Frame[]} frames @param {number} warmup
 * @returns {Promise<number>}
 */
export function warmUp(page, frames, warmup) {
  return page.evaluate((o) => window.bench.warm(o), { urls: frames.map((f) => f.url), warmup });
}

/**
 * `runs` rounds; in each, every page analyses every frame once (the page order turns each round).
 * A page that fails is dropped from the rounds and its error returned in its place.
 * @param {Page[]} pages @param {import('./frames.mjs').Frame[]} frames @param {number} runs
 * @returns {Promise<(Sample[][] | Error)[]>} per page: per round, one sample per frame
 */
export async function sampleRounds(pages, frames, runs) {
  const urls = frames.map((f) => f.url);
  /** @type {(Sample[][] | Error)[]} */
  const samples = pages.map(() => []);
  for (let round = 0; round < runs; round++)
    for (let k = 0; k < pages.length; k++) {
      const i = (k + round) % pages.length;
      const mine = samples[i];
      if (mine instanceof Error) continue;
      try {
        mine.push(await pages[i].evaluate((o) => window.bench.sample(o), { urls }));
      } catch (error) {
        samples[i] = error instanceof Error ? error : new Error(String(error));
      }
    }
  return samples;
}

/**
 * Per frame: median, p95 and fps of the rounds, faces found and (ours) the median of each stage.
 * @param {import('./frames.mjs').Frame[]} frames @param {Sample[][]} rounds
 */
export function summarise(frames, rounds) {
  return frames.map(({ faces }, i) => {
    const samples = rounds.map((round) => round[i]);
    const ms = samples.map((s) => s.ms);
    const stage = (/** @type {keyof Stages} */ key) =>
      samples[0]?.outcome.stages ? median(samples.map((s) => s.outcome.stages?.[key] ?? NaN)) : undefined;
    return {
      faces,
      found: median(samples.map((s) => s.outcome.faces)),
      medianMs: median(ms),
      p95Ms: p95(ms),
      fps: 1000 / median(ms),
      detectMs: stage('detectMs'),
      cropMs: stage('cropMs'),
      classifyMs: stage('classifyMs'),
    };
  });
}

/**
 * The bare classifier on 1 and 16 synthetic 48×48 faces per call, alternating (how its time grows with faces).
 * @param {Page} page @param {number} runs
 */
export async function measureClassify(page, runs) {
  /** @type {number[][]} */
  const [one, sixteen] = await page.evaluate((o) => window.bench.classifyTiming(o), {
    counts: [1, 16],
    runs,
  });
  return {
    classify1Ms: median(one),
    classify16Ms: median(sixteen),
    batch16Ratio: median(sixteen) / median(one),
  };
}
