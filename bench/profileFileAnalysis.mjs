// `node bench/profileFileAnalysis.mjs`: where a whole-file analysis spends its time (issue 16). Runs the
// app's own "Analyse whole file" on the still two-face clip (30 fps, 640×480, bench/labelsOverTime.mjs)
// with the detector every k-th frame, timing each frame's trip to the workers and the stages they report;
// first once with the workers left out (each frame closed as soon as it is decoded): the decoding alone.
// Uses the existing dist/.
//
//   BENCH_DETECT_EVERY=1,8   the detector intervals to profile
//   BENCH_COMPARE=folder     other builds, comma-separated (e.g. a copy of dist/ made before a change), each
//                            profiled in turn with dist/ in each round, so that all meet the same machine load:
//                            compare ratios
//   BENCH_ROUNDS=n           rounds (default 1); with BENCH_COMPARE, dist/ and the other builds alternate
//   BENCH_THREAD_CPU=1       also print the browser's busiest threads, CPU ms per analysed frame (/proc)
//   BENCH_RENICE=-10         give the browser's threads this nice value once a page is ready (needs root).
//                            `nice node …` alone does not reach them: Chromium puts its renderers back at 0,
//                            and on a shared machine other processes then take as much of the cores
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { launch, PORT } from './browser.mjs';
import { analyseInApp } from './fileAnalysis.mjs';
import { stillClip } from './labelsOverTime.mjs';
import { serve } from './server.mjs';

/** Every thread of this process's descendants (the browser's): [process id, thread id] pairs. */
function browserThreads() {
  /** @type {Map<number, number>} process → parent */
  const parents = new Map();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // it ended meanwhile
    }
  }
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents)
      if (!ours.has(pid) && ours.has(parent)) grew = Boolean(ours.add(pid));
  }
  ours.delete(process.pid);
  return [...ours].flatMap((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`).map((tid) => [pid, Number(tid)]);
    } catch {
      return [];
    }
  });
}

/** Sets every thread of the browser to `nice`. @param {string} nice */
function reniceBrowser(nice) {
  const threads = browserThreads().map(([, tid]) => String(tid));
  execFileSync('renice', ['-n', nice, '-p', ...threads], { stdio: 'ignore' });
}

/**
 * CPU time so far of each browser thread, ms, keyed "process name / thread name #thread id".
 * @returns {Map<string, number>}
 */
function threadCpu() {
  const tick = 1000 / 100; // USER_HZ
  /** @type {Map<string, number>} */
  const cpu = new Map();
  for (const [pid, tid] of browserThreads()) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      cpu.set(`${type} / ${name} #${tid}`, (Number(fields[11]) + Number(fields[12])) * tick);
    } catch {
      // it ended meanwhile
    }
  }
  return cpu;
}

/** The stage timings averaged, as the workers report them (ms a frame). */
const STAGES = ['detectMs', 'cropMs', 'classifyMs'];

/**
 * @param {import('playwright-core').Browser} browser @param {string} origin @param {number} k
 * @param {boolean} decodeOnly leave the workers out: frames are closed as they arrive
 */
async function profile(browser, origin, k, decodeOnly) {
  const page = await browser.newPage();
  try {
    /** @type {Map<string, number>} */
    let cpuBefore = new Map();
    await analyseInApp(page, `?backend=wasm&model=cnn&detectEvery=${k}`, stillClip(), {
      origin,
      // Now: the workers, their threads and the decoder's exist.
      beforeStart: async () => {
        if (process.env.BENCH_RENICE) reniceBrowser(process.env.BENCH_RENICE);
        await page.evaluate((skip) => {
          // The file jobs' pipeline hook (a TypeScript-private field, replaceable at run time).
          const deps = window.ferSession.jobs.deps;
          const analyze = deps.analyze;
          window.profiled = [];
          deps.analyze = async (/** @type {VideoFrame} */ image, /** @type {number} */ time) => {
            const t0 = performance.now();
            const result = skip
              ? (image.close(),
                {
                  timings: { detectMs: 0, cropMs: 0, classifyMs: 0 },
                  detected: false,
                  faces: [],
                  labels: [],
                })
              : await analyze(image, time);
            window.profiled.push({
              roundTripMs: performance.now() - t0,
              ...result.timings,
              detected: result.detected ? 1 : 0,
            });
            return result;
          };
        }, decodeOnly);
        cpuBefore = threadCpu();
      },
    });
    const cpu = [...threadCpu()]
      .map(([thread, ms]) => ({ thread, ms: ms - (cpuBefore.get(thread) ?? 0) }))
      .filter((t) => t.ms > 0)
      .sort((a, b) => b.ms - a.ms);
    const measured = await page.evaluate((stages) => {
      const p = window.profiled;
      const mean = (/** @type {string} */ key) => p.reduce((a, x) => a + x[key], 0) / p.length;
      const detected = p.filter((x) => x.detected);
      return {
        frames: p.length,
        fps: window.ferSession.jobs.state.get().progress?.framesPerSecond ?? 0,
        detectedShare: detected.length / p.length,
        /** The detector's time on the frames it ran on. */
        detectorMs: detected.reduce((a, x) => a + x.detectMs, 0) / Math.max(1, detected.length),
        roundTripMs: mean('roundTripMs'),
        ...Object.fromEntries(stages.map((s) => [s, mean(s)])),
      };
    }, STAGES);
    return { ...measured, cpu };
  } finally {
    await page.close();
  }
}

/** @param {Awaited<ReturnType<typeof profile>>} r */
const describe = (r) =>
  `${r.fps.toFixed(1)} frames/s (${(r.fps / 30).toFixed(2)}× real time); detector on ${(100 * r.detectedShare).toFixed(0)}% of frames (${r.detectorMs.toFixed(1)} ms each); per frame: detect ${r.detectMs.toFixed(1)} + read and crop ${r.cropMs.toFixed(1)} + classify ${r.classifyMs.toFixed(1)} ms; ${r.roundTripMs.toFixed(0)} ms from sending a frame to its result`;

/**
 * The browser's threads by CPU time per analysed frame (the busiest first, those above 0.2 ms).
 * @param {Awaited<ReturnType<typeof profile>>} r
 */
const threadTable = (r) =>
  r.cpu
    .map((t) => ({ ...t, perFrame: t.ms / r.frames }))
    .filter((t) => t.perFrame >= 0.2)
    .map((t) => `  ${t.perFrame.toFixed(1).padStart(5)} ms/frame  ${t.thread}`)
    .concat(`  ${(r.cpu.reduce((a, t) => a + t.ms, 0) / r.frames).toFixed(1).padStart(5)} ms/frame  all`)
    .join('\n');

const ks = (process.env.BENCH_DETECT_EVERY ?? '1,8').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const others = (process.env.BENCH_COMPARE ?? '').split(',').filter(Boolean);
const builds = [{ name: 'dist', origin: `http://127.0.0.1:${PORT}` }];
const stops = [await serve(PORT)];
for (const [i, other] of others.entries()) {
  stops.push(await serve(PORT + 1 + i, { app: other }));
  builds.push({ name: other, origin: `http://127.0.0.1:${PORT + 1 + i}` });
}
const browser = await launch('wasm');
try {
  const decode = await profile(browser, builds[0].origin, 1, true);
  console.log(
    `decoding alone: ${decode.fps.toFixed(1)} frames/s (${(1000 / decode.fps).toFixed(1)} ms/frame)`,
  );
  /** @type {Map<string, number[]>} frames/s per build and k */
  const fps = new Map();
  for (let round = 1; round <= rounds; round++)
    for (const k of ks)
      for (const { name, origin } of builds) {
        const r = await profile(browser, origin, k, false);
        fps.set(`${name} k=${k}`, [...(fps.get(`${name} k=${k}`) ?? []), r.fps]);
        console.log(`round ${round}, ${name}, detector every ${k}: ${describe(r)}`);
        if (process.env.BENCH_THREAD_CPU) console.log(threadTable(r));
      }
  for (const other of others)
    for (const k of ks) {
      const ours = fps.get(`dist k=${k}`) ?? [];
      const theirs = fps.get(`${other} k=${k}`) ?? [];
      const ratios = ours.map((f, i) => (f / (theirs[i] ?? NaN)).toFixed(2));
      console.log(`detector every ${k}: dist / ${other} frames/s, round by round: ${ratios.join(', ')}`);
    }
} finally {
  await browser.close();
  for (const stop of stops) await stop();
}
