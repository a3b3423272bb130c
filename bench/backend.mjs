// All targets on one backend: each in its own page, opened side by side; speed measured in interleaved
// rounds (bench/speed.mjs); then per target the bare classifier and, where the plan asks for them, the
// memory run, FER2013 accuracy and FER2013-C. A target's failure becomes its row's `error`; the others go on.
import { measureAccuracy } from './accuracy.mjs';
import { message, openTarget } from './browser.mjs';
import { measureRobustness } from './fer2013c.mjs';
import { memoryRun } from './memory.mjs';
import { measureClassify, sampleRounds, summarise, warmUp } from './speed.mjs';

/**
 * @typedef {import('./peers/package.mjs').Target} Target
 * @typedef {object} Plan
 * @property {import('./frames.mjs').Frame[]} frames
 * @property {number} runs  timed rounds per frame and per classifier batch size
 * @property {number} warmup  untimed calls per frame before them
 * @property {(target: Target) => number} memoryFrames  0: no memory run
 * @property {{ pixels: Uint8Array, labels: number[], duplicate: boolean[] } | null} accuracyImages
 * @property {import('./fer2013c.mjs').CorruptedSet | null} corrupted  FER2013-C's faces, or null: not measured
 * @property {readonly string[]} ferLabels
 * @typedef {Record<string, any>} Row
 * @typedef {{ target: Target, row: Row, session?: Awaited<ReturnType<typeof openTarget>> }} Run
 */

/**
 * @param {import('playwright-core').Browser} browser
 * @param {Target[]} targets
 * @param {string} backend
 * @param {Plan} plan
 * @returns {Promise<Row[]>}
 */
export async function benchBackend(browser, targets, backend, plan) {
  /** @type {Run[]} */
  const runs = targets.map((target) => ({
    target,
    row: { target: target.id, name: target.name, kind: target.kind, backend },
  }));
  const live = () => runs.filter((r) => r.session && !r.row.error);
  try {
    for (const run of runs) {
      const unsupported = run.target.unsupported?.[backend];
      if (unsupported) run.row.skipped = unsupported;
      else await attempt(run, () => open(browser, run, backend));
    }
    for (const run of live())
      await attempt(run, async () => {
        run.row.firstFrameMs = await warmUp(run.session.page, plan.frames, plan.warmup);
      });
    const measured = live();
    const samples = await sampleRounds(
      measured.map((r) => r.session.page),
      plan.frames,
      plan.runs,
    );
    measured.forEach((run, i) => {
      const mine = samples[i];
      if (mine instanceof Error) run.row.error = message(mine);
      else run.row.frames = summarise(plan.frames, mine);
    });
    for (const run of live()) await attempt(run, () => perTarget(run, plan));
  } finally {
    for (const { row, session } of runs) {
      if (session?.errors.length) row.pageErrors = [...new Set(session.errors)].slice(0, 5);
      await session?.page.close();
    }
  }
  return runs.map((r) => r.row);
}

/** @param {import('playwright-core').Browser} browser @param {Run} run @param {string} backend */
async function open(browser, run, backend) {
  run.session = await openTarget(browser, run.target, backend);
  if (run.session.backend !== backend) throw new Error(`asked for ${backend}, runs ${run.session.backend}`);
  run.row.readyMs = run.session.readyMs;
}

/** The suites that run one target at a time. @param {Run} run @param {Plan} plan */
async function perTarget({ target, row, session }, plan) {
  const page = session.page;
  const memoryFrames = plan.memoryFrames(target);
  if (memoryFrames > 0) {
    const frame = plan.frames.find((f) => f.faces === 4) ?? plan.frames[0];
    row.memory = { faces: frame.faces, ...(await memoryRun(page, frame.url, memoryFrames)) };
  }
  Object.assign(row, await measureClassify(page, plan.runs));
  const labels = target.labels ?? session.labels;
  if (plan.accuracyImages)
    row.accuracy = await measureAccuracy(page, plan.accuracyImages, plan.ferLabels, labels, target.aliases);
  if (plan.corrupted)
    row.fer2013c = await measureRobustness(page, plan.corrupted, plan.ferLabels, labels, target.aliases);
}

/** Runs `step`, recording a failure as the row's error. @param {Run} run @param {() => Promise<void>} step */
async function attempt(run, step) {
  try {
    await step();
  } catch (error) {
    run.row.error = message(error);
  }
}
