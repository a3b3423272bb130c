// The cross-dataset yardstick (issue 19): lfw-expressions, 2,512 natural photos of people that are not
// FER2013, through each target's whole photo pipeline (detect → crop → classify) in the browser, the way
// the app labels an opened photo. Validation only: nothing is ever trained or tuned on it.
//
//   node bench/devset.mjs                 every photo, our models and the peers; writes bench/results/devset.*
//   DEVSET_PER_CLASS=20 node bench/devset.mjs   a slice: at most 20 photos per class (what CI runs)
//   DEVSET_TARGETS=cnn,vgg  DEVSET_RANGES=full,short   narrow it; DEVSET_WRITE_CARDS=1 stores the figures
//   on our models' cards (public/models/<id>/card.json, key lfw_expressions); DEVSET_OUT=/tmp/x writes
//   /tmp/x.{json,md} instead; DEVSET_SCORES=/tmp/s.json also writes every photo's scores per run;
//   BENCH_MODELS_DIR and BENCH_PORT as for the bench (a candidate beside a run); DEVSET_ROLL=20 turns
//   every photo by 20 degrees, clockwise and anticlockwise in turn (tilted heads; rows named so, no cards)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { launch, message, openTarget, PORT } from './browser.mjs';
import faceApi from './peers/face-api.mjs';
import human from './peers/human.mjs';
import { ourTargets } from './peers/ours.mjs';
import { serve } from './server.mjs';
import { commandLine, list, pct } from './stats.mjs';

const ROOT = join(import.meta.dirname, '..');
export const DEVSET_DIR =
  process.env.LFW_EXPRESSIONS_DIR ?? join(ROOT, '..', 'shared', 'datasets', 'lfw-expressions');
/** Classes with at least this many photos make the headline (balanced accuracy), as the dataset's README asks. */
const HEADLINE_MIN_PHOTOS = 100;
/** Photos per page call: each is fetched and decoded by the page itself from the bench server. */
const CHUNK = 64;
/** How much larger than the photo the peers' canvas is (the photo in its middle, mid grey around). */
const PEER_PAD = 3;

/**
 * The labelled photos, in the file's order; with `perClass`, the first that many of each class (a fixed
 * slice, the same in every run). Missing data is an error: CI must fail, not skip.
 * @param {number} [perClass]
 * @returns {{ photos: { file: string, label: string }[], headline: string[], slice: boolean }}
 */
export function readDevSet(perClass = Infinity) {
  const all = readLabels();
  /** @type {Record<string, number>} */
  const counts = {};
  for (const { label } of all) counts[label] = (counts[label] ?? 0) + 1;
  /** @type {Record<string, number>} */
  const taken = {};
  return {
    photos: all.filter(({ label }) => (taken[label] = (taken[label] ?? 0) + 1) <= perClass),
    // Decided on the whole set, so that a slice reports over the same classes.
    headline: Object.keys(counts).filter((label) => counts[label] >= HEADLINE_MIN_PHOTOS),
    slice: Object.values(counts).some((n) => n > perClass),
  };
}

/** @returns {{ file: string, label: string }[]} */
function readLabels() {
  const csv = join(DEVSET_DIR, 'labels.csv');
  if (!existsSync(csv))
    throw new Error(`lfw-expressions not found at ${DEVSET_DIR} (set LFW_EXPRESSIONS_DIR)`);
  const [header, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
  if (header.trim() !== 'file,label') throw new Error(`${csv}: unexpected header ${header}`);
  return lines.map((line) => {
    const [file, label] = line.trim().split(',');
    return { file, label };
  });
}

/**
 * Scores one target's answers: accuracy, balanced accuracy over the classes with enough photos, recall per
 * class, confusion matrix (rows true, columns predicted, in `ferLabels` order) and photos without a face.
 * A photo without a face counts as wrong (the user gets no label for it).
 * @param {{ label: string }[]} photos
 * @param {{ faces: number, scores: number[] | null, error?: string }[]} answers
 * @param {readonly string[]} ferLabels
 * @param {readonly string[]} headline the classes balanced accuracy is taken over
 * @param {readonly string[]} targetLabels its output order, in its words
 * @param {Readonly<Record<string, string>>} [aliases] its words → FER2013's
 */
export function scoreDevSet(photos, answers, ferLabels, headlineClasses, targetLabels, aliases = {}) {
  const headline = ferLabels.filter((label) => headlineClasses.includes(label));
  const toFer = targetLabels.map((l) => ferLabels.indexOf(aliases[l] ?? l));
  if (toFer.some((i) => i < 0)) throw new Error(`labels ${targetLabels.join()} do not map to FER2013's`);
  const confusion = ferLabels.map(() => ferLabels.map(() => 0));
  const noFace = ferLabels.map(() => 0);
  let right = 0;
  photos.forEach(({ label }, i) => {
    const t = ferLabels.indexOf(label);
    const scores = answers[i]?.scores;
    if (!scores) {
      noFace[t]++;
      return;
    }
    const p = toFer[scores.indexOf(Math.max(...scores))];
    confusion[t][p]++;
    if (p === t) right++;
  });
  const totals = ferLabels.map((_, t) => confusion[t].reduce((a, b) => a + b, 0) + noFace[t]);
  const recall = Object.fromEntries(
    ferLabels.map((label, t) => [label, totals[t] ? confusion[t][t] / totals[t] : null]),
  );
  const balanced = headline.reduce((sum, label) => sum + (recall[label] ?? 0), 0) / headline.length;
  return {
    photos: photos.length,
    accuracy: right / photos.length,
    balancedAccuracy: balanced,
    balancedOver: headline,
    recall,
    noFace: noFace.reduce((a, b) => a + b, 0),
    errors: answers.filter((a) => a.error).length,
    confusion,
  };
}

/**
 * One target over the photos in one page; `variant` picks one of its pipelines (face-api).
 * @param {import('playwright-core').Browser} browser
 * @param {import('./peers/package.mjs').Target} target
 * @param {{ file: string }[]} photos
 * @param {string} [variant]
 */
async function answersOf(browser, target, photos, variant = '', pad = 1, roll = 0) {
  const session = await openTarget(browser, target, 'wasm');
  try {
    const answers = [];
    const t0 = performance.now();
    for (let start = 0; start < photos.length; start += CHUNK) {
      const urls = photos
        .slice(start, start + CHUNK)
        .map((p) => `/devset/images/${encodeURIComponent(p.file)}`);
      answers.push(
        ...(await session.page.evaluate((o) => window.bench.photos(o), { urls, variant, pad, roll })),
      );
    }
    if (session.errors.length) throw new Error(session.errors[0]);
    return {
      answers,
      labels: target.labels ?? session.labels,
      msPerPhoto: (performance.now() - t0) / photos.length,
    };
  } finally {
    await session.page.close();
  }
}

/**
 * Every target (ours at each detector range asked for; face-api's two pipelines; Human) over `photos`.
 * The peers get each photo padded (PEER_PAD): as they are, their detectors find almost no face in these
 * close-ups (face-api's SSD: 0 of 21 in a slice), which would measure their detectors, not their labels.
 * @param {import('playwright-core').Browser} browser
 * @param {{ photos: { file: string, label: string }[], headline: string[], slice: boolean }} devSet
 * @param {readonly string[]} ferLabels
 * @param {{ targets?: string[], ranges?: string[], roll?: number, onAnswers?: (name: string, answers: { scores: number[] | null }[], labels: readonly string[]) => void }} [only]
 *   `onAnswers` receives each run's per-photo scores (DEVSET_SCORES: for studying a change offline).
 */
export async function benchDevSet(browser, { photos, headline, slice }, ferLabels, only = {}) {
  const wanted = (/** @type {string} */ id) => !only.targets || only.targets.includes(id);
  const ranges = only.ranges ?? [''];
  /** @type {{ target: import('./peers/package.mjs').Target, variant?: string, name: string, range?: string, pad?: number }[]} */
  const runs = [
    ...ourTargets()
      .filter((t) => wanted(t.id))
      .flatMap((t) =>
        ranges.map((range) => ({
          target: range ? { ...t, path: (/** @type {string} */ b) => `${t.path(b)}&range=${range}` } : t,
          name: range ? `${t.name} (${range} range)` : t.name,
          range,
        })),
      ),
    ...(wanted(faceApi.id)
      ? [
          { target: faceApi, variant: 'ssd', name: 'face-api (SSD box)', pad: PEER_PAD },
          { target: faceApi, variant: 'aligned', name: 'face-api (landmark-aligned)', pad: PEER_PAD },
        ]
      : []),
    ...(wanted(human.id) ? [{ target: human, name: 'Human', pad: PEER_PAD }] : []),
  ];
  const rows = [];
  for (const run of runs) {
    const row = {
      target: run.target.id,
      kind: run.target.kind,
      name:
        run.name +
        (run.pad ? ` (photo padded ×${run.pad})` : '') +
        (only.roll ? ` (turned ±${only.roll}°)` : ''),
      range: run.range ?? null,
      roll: only.roll ?? 0,
      slice,
    };
    try {
      const { answers, labels, msPerPhoto } = await answersOf(
        browser,
        run.target,
        photos,
        run.variant,
        run.pad,
        only.roll,
      );
      only.onAnswers?.(row.name, answers, labels);
      rows.push({
        ...row,
        msPerPhoto,
        ...scoreDevSet(photos, answers, ferLabels, headline, labels, run.target.aliases),
      });
    } catch (error) {
      rows.push({ ...row, error: message(error) });
    }
    const last = rows[rows.length - 1];
    console.log(
      `devset ${last.name}: ${last.error ?? `balanced ${pct(last.balancedAccuracy)}, accuracy ${pct(last.accuracy)}, ${last.noFace} without a face`}`,
    );
  }
  return rows;
}

/** The dev-set table (markdown). @param {Record<string, any>[]} rows @param {readonly string[]} ferLabels */
export function devSetTable(rows, ferLabels) {
  const ok = rows.filter((r) => !r.error);
  if (!ok.length) return rows.map((r) => `- ${r.name}: ${r.error}`).join('\n');
  const photos = ok[0].photos;
  const head = `| target | balanced (${ok[0].balancedOver.join(', ')}) | accuracy | ${ferLabels.join(' | ')} | no face | ms/photo |`;
  const lines = ok.map(
    (r) =>
      `| ${r.name} | ${pct(r.balancedAccuracy)} | ${pct(r.accuracy)} | ${ferLabels.map((l) => (r.recall[l] === null ? '–' : pct(r.recall[l], 0))).join(' | ')} | ${r.noFace} | ${r.msPerPhoto.toFixed(0)} |`,
  );
  const failed = rows.filter((r) => r.error).map((r) => `- ${r.name}: ${r.error}`);
  return [
    `lfw-expressions, ${photos} photos through each whole pipeline (per-class columns: recall):`,
    '',
    head,
    `| --- | --- | --- | ${ferLabels.map(() => '---').join(' | ')} | --- | --- |`,
    ...lines,
    ...failed,
  ].join('\n');
}

/**
 * Stores each of our rows (default range) on its model's card, as measured.
 * @param {Record<string, any>[]} rows @param {string} command what measured them
 */
export function writeCards(rows, command) {
  const models = join(ROOT, 'public/models');
  const manifest = JSON.parse(readFileSync(join(models, 'manifest.json'), 'utf8')).models;
  for (const row of rows.filter((r) => r.kind === 'ours' && !r.range && !r.roll && !r.error)) {
    const entry = manifest.find((m) => m.id === row.target);
    const cardPath = entry && join(models, entry.path ?? entry.id, 'card.json');
    if (!cardPath || !existsSync(cardPath)) continue;
    const card = JSON.parse(readFileSync(cardPath, 'utf8'));
    card.lfw_expressions = {
      photos: row.photos,
      accuracy: row.accuracy,
      balanced_accuracy: row.balancedAccuracy,
      balanced_over: row.balancedOver,
      per_class_recall: row.recall,
      photos_without_face: row.noFace,
      confusion_matrix: { rows: 'true label', columns: 'predicted label', counts: row.confusion },
      measured: `${new Date().toISOString().slice(0, 10)}, ${command}, through the app's photo pipeline (wasm; each face's views averaged: three crop scales, each mirrored)`,
    };
    writeFileSync(cardPath, JSON.stringify(card, null, 2) + '\n');
    console.log(`card: ${cardPath}`);
  }
}

async function main() {
  const perClass = Number(process.env.DEVSET_PER_CLASS ?? Infinity);
  const devSet = readDevSet(perClass);
  if (!process.env.BENCH_NO_BUILD) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const ferLabels = ourTargets()[0]?.labels ?? [];
  const stop = await serve(PORT);
  const browser = await launch('wasm');
  try {
    /** @type {Record<string, { labels: readonly string[], scores: (number[] | null)[] }>} */
    const scores = {};
    const rows = await benchDevSet(browser, devSet, ferLabels, {
      targets: list(process.env.DEVSET_TARGETS),
      ranges: list(process.env.DEVSET_RANGES),
      roll: Number(process.env.DEVSET_ROLL ?? 0),
      onAnswers: (name, answers, labels) => (scores[name] = { labels, scores: answers.map((a) => a.scores) }),
    });
    if (process.env.DEVSET_SCORES) {
      const photos = devSet.photos;
      writeFileSync(process.env.DEVSET_SCORES, JSON.stringify({ photos, runs: scores }) + '\n');
      console.log(`per-photo scores: ${process.env.DEVSET_SCORES}`);
    }
    const command = commandLine(
      ['DEVSET_PER_CLASS', 'DEVSET_TARGETS', 'DEVSET_RANGES', 'DEVSET_ROLL'],
      'node bench/devset.mjs',
    );
    const out =
      process.env.DEVSET_OUT ??
      join(ROOT, 'bench/results', Number.isFinite(perClass) ? 'devset-slice' : 'devset');
    // A narrowed run replaces its own rows and keeps the other targets' (the peers take most of the time
    // and do not change when our models do); each row says when it was measured.
    const date = new Date().toISOString();
    const kept = existsSync(`${out}.json`)
      ? JSON.parse(readFileSync(`${out}.json`, 'utf8')).rows.filter(
          (/** @type {{ name: string }} */ old) => !rows.some((r) => r.name === old.name),
        )
      : [];
    const all = [...kept, ...rows.map((r) => ({ ...r, date, command }))];
    const md = devSetTable(all, ferLabels);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.json`, JSON.stringify({ rows: all }, null, 2) + '\n');
    writeFileSync(`${out}.md`, `${md}\n`);
    console.log(`\n${md}\n\nwritten: ${out}.{json,md}`);
    if (process.env.DEVSET_WRITE_CARDS === '1') writeCards(rows, command);
    if (rows.some((r) => r.error)) process.exitCode = 1;
  } finally {
    await browser.close();
    await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
