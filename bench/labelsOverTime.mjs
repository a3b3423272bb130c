// Labels over time (issue 16), through the app's own "Analyse whole file" and its live camera:
// - a still clip (two faces, camera-like jitter: sub-pixel shifts, zoom ±3%, noise, brightness drift) must
//   never change label: label changes per second, smoothed (target 0) and raw (for comparison);
// - a clip switching between two expressions of one person every 3 s must follow each switch: the delay
//   from the switch to the first frame whose label is the new photo's, at 10, 25 and 30 fps (target ≤ 1 s);
// - whole-file speed with the detector on every k-th frame against every frame, and how often the labels
//   agree with every-frame detection (frames whose faces all carry the same label; target ≥ 98%);
// - live frame time with detection every k vs every frame (fake camera playing the still clip).
// The photos are lfw-expressions' (read where they lie, never copied into the repository).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithCamera, ORIGIN } from './browser.mjs';
import { analyseInApp } from './fileAnalysis.mjs';

const MEDIA = join(import.meta.dirname, '.media');
const DEVSET =
  process.env.LFW_EXPRESSIONS_DIR ??
  join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'lfw-expressions');
const photo = (/** @type {string} */ name) => join(DEVSET, 'images', name);

/**
 * The photos, chosen once by what the CNN says of each still (bench/labelsOverTime.mjs's clips frame them
 * the same way): the switch is one person, happy (p 1.00) and neutral (p 0.90), the flicker pair of the
 * issue; the still clip is that neutral face beside another person's happy one (p 0.78).
 */
export const PHOTOS = {
  happy: 'David_Beckham_0025.jpg',
  neutral: 'David_Beckham_0023.jpg',
  other: 'Jacques_Chirac_0021.jpg',
};
/** Seconds each expression is held in the switch clip; the clip holds 5 segments (4 switches). */
export const SEGMENT_SECONDS = 3;
const SEGMENTS = 5;
export const STILL_SECONDS = 10;
export const SWITCH_RATES = [10, 25, 30];

/**
 * Camera-like jitter on a 1920×1440 canvas, rendered at 640×480 (so a shift of one canvas pixel is a third
 * of an output pixel): zoom ±3% and shifts of up to ±2 px on incommensurate periods, temporal noise, and a
 * brightness drift of ±5%.
 * @param {number} fps
 */
const jitter = (fps) =>
  [
    "zoompan=z='1+0.03*sin(2*PI*ot/3.7)'",
    "x='iw/2-iw/zoom/2+6*sin(2*PI*ot/1.9)'",
    "y='ih/2-ih/zoom/2+6*cos(2*PI*ot/2.3)'",
    `d=1:s=640x480:fps=${fps}`,
  ].join(':') + ",noise=alls=8:allf=t,eq=brightness='0.05*sin(2*PI*t/4.3)':eval=frame,format=yuv420p";

/** Each 200 px photo at 864 px in the 1920×1440 canvas: a face of about 170 px at 640×480. */
const FACE = 'scale=864:864,format=gray';

/**
 * @param {string} name
 * @param {string[]} inputs photo files
 * @param {string} graph the filter graph up to [canvas]
 * @param {number} fps
 * @param {number} seconds
 */
function makeClip(name, inputs, graph, fps, seconds) {
  const out = join(MEDIA, name);
  if (existsSync(out)) return out;
  mkdirSync(MEDIA, { recursive: true });
  const codec = name.endsWith('.mp4') ? ['-c:v', 'libx264', '-crf', '20', '-movflags', '+faststart'] : [];
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...inputs.flatMap((file) => ['-loop', '1', '-framerate', `${fps}`, '-i', file]),
    '-filter_complex',
    `${graph};[canvas]${jitter(fps)}[out]`,
    '-map',
    '[out]',
    '-t',
    `${seconds}`,
    ...codec,
    out,
  ]);
  return out;
}

/** Two faces side by side (neutral, happy), held still under jitter. `.mp4` or `.y4m` (a fake camera). */
export const stillClip = (ext = 'mp4', fps = 30) =>
  makeClip(
    `still-2-faces-${fps}fps.${ext}`,
    [photo(PHOTOS.neutral), photo(PHOTOS.other)],
    `[0]${FACE}[a];[1]${FACE}[b];[a][b]hstack,pad=1920:1440:(ow-iw)/2:(oh-ih)/2[canvas]`,
    fps,
    STILL_SECONDS,
  );

/** One face: happy, neutral, happy, … each SEGMENT_SECONDS, under the same jitter. */
export const switchClip = (/** @type {number} */ fps) =>
  makeClip(
    `switch-${fps}fps.mp4`,
    [photo(PHOTOS.happy), photo(PHOTOS.neutral)],
    `[0]${FACE}[a];[1]${FACE}[b];[a][b]overlay=enable='mod(floor(t/${SEGMENT_SECONDS}),2)',` +
      'pad=1920:1440:(ow-iw)/2:(oh-ih)/2[canvas]',
    fps,
    SEGMENT_SECONDS * SEGMENTS,
  );

/**
 * The app analyses `clip` whole with the detector on every `detectEvery`-th frame; returns its rows
 * (time, faces left to right: smoothed and raw label) and speed.
 * @param {import('playwright-core').Browser} browser
 * @param {string} clip
 * @param {number} detectEvery
 * @param {string} model
 */
export async function analyseClip(browser, clip, detectEvery, model = 'cnn') {
  const page = await browser.newPage();
  try {
    await analyseInApp(page, `?backend=wasm&model=${model}&detectEvery=${detectEvery}`, clip);
    return await page.evaluate(() => {
      const s = window.ferSession.jobs.state.get();
      if (s.status !== 'done' || !s.results) throw new Error(s.message ?? s.status);
      const labels = s.results.meta.labels;
      const top = (/** @type {number[]} */ p) => labels[p.indexOf(Math.max(...p))];
      return {
        fps: s.progress?.framesPerSecond ?? 0,
        frameRate: s.results.meta.frameRate,
        rows: s.results.frames.map((r) => ({
          frame: r.frameIndex,
          time: r.mediaTime,
          faces: [...r.faces]
            .sort((a, b) => a.box.x - b.box.x)
            .map((f) => ({ id: f.trackId, label: f.smoothedLabel, raw: top(f.probabilities) })),
        })),
      };
    });
  } finally {
    await page.close();
  }
}

/** @typedef {Awaited<ReturnType<typeof analyseClip>>} Analysis */

/**
 * Changes of label per second of clip, summed over the faces (each face's own sequence).
 * @param {Analysis} a @param {'label' | 'raw'} key
 */
export function changesPerSecond(a, key) {
  /** @type {Map<number, string>} */
  const last = new Map();
  let changes = 0;
  for (const row of a.rows)
    for (const f of row.faces) {
      const before = last.get(f.id);
      if (before !== undefined && before !== f[key]) changes += 1;
      last.set(f.id, f[key]);
    }
  const seconds = (a.rows.at(-1)?.time ?? 0) - (a.rows[0]?.time ?? 0);
  return seconds > 0 ? changes / seconds : 0;
}

/**
 * Per switch: seconds from the switch to the first frame labelled as the new photo is (its most common
 * raw label over its segment); null where the label never follows within the segment.
 * @param {Analysis} a
 */
export function switchDelays(a) {
  const segmentOf = (/** @type {number} */ t) => Math.floor(t / SEGMENT_SECONDS + 1e-6);
  /** @type {Map<number, Map<string, number>>} */
  const counts = new Map();
  for (const row of a.rows) {
    const raw = row.faces[0]?.raw;
    if (!raw) continue;
    const seg = counts.get(segmentOf(row.time)) ?? new Map();
    seg.set(raw, (seg.get(raw) ?? 0) + 1);
    counts.set(segmentOf(row.time), seg);
  }
  const expected = [...counts.entries()]
    .sort(([x], [y]) => x - y)
    .map(([, seg]) => [...seg.entries()].sort((p, q) => q[1] - p[1])[0]?.[0]);
  const delays = [];
  for (let s = 1; s < SEGMENTS; s++) {
    const start = s * SEGMENT_SECONDS;
    if (expected[s] === expected[s - 1])
      throw new Error(`segments ${s - 1} and ${s} look alike: no switch to follow`);
    const hit = a.rows.find((r) => segmentOf(r.time) === s && r.faces[0]?.label === expected[s]);
    delays.push(hit ? hit.time - start : null);
  }
  return { expected, delays };
}

/**
 * Share of frames (of those analysed by both) whose faces, left to right, carry the same smoothed labels.
 * @param {Analysis} reference @param {Analysis} other
 */
export function agreement(reference, other) {
  const byFrame = new Map(other.rows.map((r) => [r.frame, r.faces.map((f) => f.label).join()]));
  let same = 0;
  let both = 0;
  for (const r of reference.rows) {
    const theirs = byFrame.get(r.frame);
    if (theirs === undefined) continue;
    both += 1;
    if (theirs === r.faces.map((f) => f.label).join()) same += 1;
  }
  return { same, frames: both, share: both > 0 ? same / both : 0 };
}

/**
 * Live frame time on the fake camera playing the still clip: `seconds` of analysis per k, alternating,
 * after a warm-up; frames/s and the mean stage times the app itself publishes.
 * @param {number[]} ks @param {number} seconds @param {number} rounds
 */
export async function benchLive(ks, seconds, rounds) {
  const browser = await launchWithCamera(stillClip('y4m'));
  /** @type {Record<number, { frames: number, ms: number, detect: number[], crop: number[], classify: number[] }>} */
  const sums = {};
  try {
    const pages = [];
    for (const k of ks) {
      const page = await browser.newPage();
      await page.goto(`${ORIGIN}/?backend=wasm&model=cnn&detectEvery=${k}`);
      await page.waitForFunction(() => window.ferSession?.state.get().phase === 'ready', null, {
        timeout: 120_000,
      });
      pages.push({ k, page });
      sums[k] = { frames: 0, ms: 0, detect: [], crop: [], classify: [] };
    }
    for (let round = 0; round < rounds + 1; round++)
      for (const { k, page } of pages) {
        // One page at a time: the others' cameras stop, so that they do not share the CPU.
        await page.getByRole('button', { name: 'Start camera' }).click();
        await page.waitForFunction(() => window.ferSession.frameCount > 0, null, { timeout: 60_000 });
        const t0 = await page.evaluate(() => ({ n: window.ferSession.frameCount, at: performance.now() }));
        /** @type {{ detectMs: number, cropMs: number, classifyMs: number }[]} */
        const snaps = [];
        const end = Date.now() + seconds * 1000;
        while (Date.now() < end) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          const s = await page.evaluate(() => window.ferSession.state.get().stats);
          if (s) snaps.push(s);
        }
        const t1 = await page.evaluate(() => ({ n: window.ferSession.frameCount, at: performance.now() }));
        await page.getByRole('button', { name: 'Stop camera' }).click();
        if (round === 0) continue; // warm-up
        const sum = sums[k];
        sum.frames += t1.n - t0.n;
        sum.ms += t1.at - t0.at;
        for (const s of snaps) {
          sum.detect.push(s.detectMs);
          sum.crop.push(s.cropMs);
          sum.classify.push(s.classifyMs);
        }
      }
  } finally {
    await browser.close();
  }
  const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return ks.map((k) => {
    const s = sums[k];
    const fps = (s.frames * 1000) / Math.max(1, s.ms);
    return {
      detectEvery: k,
      fps,
      frameMs: 1000 / Math.max(1e-9, fps),
      detectMs: mean(s.detect),
      cropMs: mean(s.crop),
      classifyMs: mean(s.classify),
    };
  });
}

/**
 * The whole measurement: every clip analysed with each k of `ks` (the first is the reference, 1), the
 * switch clips at each rate, then live frame time. Quick: the still clip at k = 1 and the app's default,
 * the 10 fps switch clip at the default, no live run.
 * @param {import('playwright-core').Browser} browser
 * @param {{ quick: boolean, ks: number[] }} options
 */
export async function benchLabelsOverTime(browser, { quick, ks }) {
  const defaultK = await appDefaultK(browser);
  const kList = quick ? [1, defaultK] : ks;
  const clips = [
    { name: 'still, 2 faces, 30 fps', kind: 'still', fps: 30, file: stillClip() },
    ...(quick ? [10] : SWITCH_RATES).map((fps) => ({
      name: `switch, 1 face, ${fps} fps`,
      kind: 'switch',
      fps,
      file: switchClip(fps),
    })),
  ];
  const rows = [];
  for (const clip of clips) {
    /** @type {Analysis | null} */
    let reference = null;
    for (const k of clip.kind === 'switch' && quick ? [defaultK] : kList) {
      try {
        const a = await analyseClip(browser, clip.file, k);
        reference ??= k === 1 ? a : null;
        const row = {
          clip: clip.name,
          kind: clip.kind,
          clipFps: clip.fps,
          detectEvery: k,
          frames: a.rows.length,
          fps: a.fps,
          realTime: a.fps / a.frameRate,
          changesPerSecond: changesPerSecond(a, 'label'),
          rawChangesPerSecond: changesPerSecond(a, 'raw'),
          faceNumbers: [...new Set(a.rows.flatMap((r) => r.faces.map((f) => f.id)))].sort((x, y) => x - y),
          ...(clip.kind === 'switch' ? switchDelays(a) : {}),
          ...(reference && k !== 1 ? { agreement: agreement(reference, a) } : {}),
        };
        console.log(labelsSummary(row));
        rows.push(row);
      } catch (error) {
        rows.push({
          clip: clip.name,
          kind: clip.kind,
          detectEvery: k,
          error: String(error?.message ?? error),
        });
      }
    }
  }
  const live = quick
    ? null
    : await benchLive([1, defaultK], 8, 3).catch((e) => ({ error: String(e?.message ?? e) }));
  return { defaultK, rows, live };
}

/** @param {Record<string, any>} r */
function labelsSummary(r) {
  const delays = r.delays
    ? `, delays ${r.delays.map((d) => (d === null ? 'none' : d.toFixed(2))).join('/')} s`
    : '';
  const agree = r.agreement ? `, agreement ${(100 * r.agreement.share).toFixed(1)}%` : '';
  return `labels ${r.clip} k=${r.detectEvery}: ${r.fps.toFixed(1)} frames/s (${r.realTime.toFixed(2)}× real time), ${r.changesPerSecond.toFixed(2)} label changes/s (raw ${r.rawChangesPerSecond.toFixed(2)})${delays}${agree}`;
}

/** The markdown tables. @param {Awaited<ReturnType<typeof benchLabelsOverTime>>} result */
export function labelsTable({ rows, live, defaultK }) {
  const lines = [
    `Labels over time (issue 16; CNN, wasm, the app's own whole-file analysis, every frame; detector every k-th frame, app default k = ${defaultK}):`,
    '',
    '| clip | k | frames | frames/s | × real time | agreement with k = 1 | label changes/s (raw) | switch delays, s | face numbers |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      r.error
        ? `| ${r.clip} | ${r.detectEvery} | failed: ${r.error} | | | | | | |`
        : `| ${r.clip} | ${r.detectEvery} | ${r.frames} | ${r.fps.toFixed(1)} | ${r.realTime.toFixed(2)} | ${r.agreement ? `${(100 * r.agreement.share).toFixed(1)}% (${r.agreement.same}/${r.agreement.frames})` : r.detectEvery === 1 ? 'reference' : '–'} | ${r.changesPerSecond.toFixed(2)} (${r.rawChangesPerSecond.toFixed(2)}) | ${r.delays ? r.delays.map((/** @type {number | null} */ d) => (d === null ? 'none' : d.toFixed(2))).join(', ') : ''} | ${r.faceNumbers.join(', ')} |`,
    );
  if (live) {
    lines.push(
      '',
      "Live camera (fake camera playing the still clip, 30 fps; mean of the app's own stage times):",
      '',
    );
    if (live.error) lines.push(`failed: ${live.error}`);
    else {
      lines.push(
        '| detector every | frames/s | frame ms | detect ms | crop ms | classify ms |',
        '|---|---|---|---|---|---|',
      );
      for (const r of live)
        lines.push(
          `| ${r.detectEvery} | ${r.fps.toFixed(1)} | ${r.frameMs.toFixed(1)} | ${r.detectMs.toFixed(1)} | ${r.cropMs.toFixed(1)} | ${r.classifyMs.toFixed(1)} |`,
        );
    }
  }
  return lines.join('\n') + '\n';
}

/** The detector interval the app uses when the URL names none (its DEFAULT_DETECT_SCHEDULE). @param {import('playwright-core').Browser} browser */
async function appDefaultK(browser) {
  const page = await browser.newPage();
  try {
    await page.goto(`${ORIGIN}/?backend=wasm`);
    await page.waitForFunction(() => window.ferSession?.state.get().phase === 'ready', null, {
      timeout: 120_000,
    });
    // The session's launch options (a TypeScript-private field, readable at run time).
    return await page.evaluate(() => window.ferSession.options.detectEvery);
  } finally {
    await page.close();
  }
}
