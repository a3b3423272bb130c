// `fer-live analyze`: the inputs of this shard, less those finished by an earlier run, shared among --jobs
// pages of one headless Chromium; each page runs the packaged library on one file at a time. Outputs are
// written as each file finishes (the record last), summary.csv at the end.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../scripts/chromium.mjs';
import { serveFolders } from '../scripts/static-server.mjs';
import { shardOf, UsageError } from './args.mjs';
import {
  checkOutputClashes,
  collectInputs,
  finishedRecord,
  outputsOf,
  shown,
  writeAtomic,
} from './files.mjs';
import { Progress } from './progress.mjs';
import { summaryCsv } from './summary.mjs';

const ROOT = join(import.meta.dirname, '..');
const LIBRARY = join(ROOT, 'dist-lib');
const PAGE = join(import.meta.dirname, 'page');
/** Start-up of one page: worker, wasm runtimes, detector and model (a few seconds; minutes on a busy machine). */
const START_TIMEOUT_MS = 180_000;

async function loadChromium() {
  try {
    return (await import('playwright-core')).chromium;
  } catch {
    throw new UsageError(
      'fer-live analyze drives Chromium through playwright-core: npm install playwright-core',
    );
  }
}

/**
 * @param {{ inputs: string[], out: string, model?: string, backend: string, every: number, jobs: number,
 *   shard: { index: number, count: number } }} options
 * @param {{ write: (text: string) => unknown, isTTY?: boolean }} [log] where progress goes (stderr)
 */
export async function analyze(options, log = process.stderr) {
  if (!existsSync(join(LIBRARY, 'fer-live.js')))
    throw new UsageError(
      `${shown(LIBRARY)}/fer-live.js is missing: build the library first (npm run build:lib)`,
    );
  const { files: all, ignored } = collectInputs(options.inputs, [resolve(options.out)]); // --out may lie inside an input
  checkOutputClashes(all);
  const relOrder = shardOf(
    all.map((f) => f.rel),
    options.shard,
  );
  const files = relOrder.map(
    (rel) => /** @type {import('./files.mjs').InputFile} */ (all.find((f) => f.rel === rel)),
  );
  if (ignored > 0)
    log.write(`fer-live: ${ignored} file(s) in the folders are not videos or photos: ignored\n`);

  const chromium = await loadChromium();
  const server = await serveFolders([
    ['/lib/', LIBRARY],
    ['/', PAGE],
  ]);
  const origin = `http://127.0.0.1:${server.port}`;
  const browser = await chromium.launch({
    executablePath: findChromium(),
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  try {
    const first = await openPage(browser, origin, options);
    const settings = { model: first.model.id, every: options.every };
    /** @type {Map<string, import('./summary.mjs').FileRecord>} */
    const records = new Map();
    for (const file of files) {
      const done = finishedRecord(options.out, file, settings);
      if (done) records.set(file.rel, done);
    }
    const queue = files.filter((f) => !records.has(f.rel));
    const progress = new Progress(files.length, records.size, log);
    log.write(
      `fer-live: ${files.length} file(s)${options.shard.count > 1 ? ` in shard ${options.shard.index}/${options.shard.count}` : ''}, ` +
        `${records.size} already done; model ${first.model.name}, ${first.backend.name}, ${Math.min(options.jobs, Math.max(1, queue.length))} page(s)\n`,
    );
    /** One page's loop: take the next file until none is left. @param {PageSlot} slot @param {number} n */
    const work = async (slot, n) => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const record = await analyzeFile(slot, file, options, settings, origin, browser, progress, n);
        records.set(file.rel, record);
        progress.finished(n, record);
      }
      await slot.page.close();
    };
    const extra = Math.max(0, Math.min(options.jobs, queue.length) - 1);
    const slots = [
      first,
      ...(await Promise.all(Array.from({ length: extra }, () => openPage(browser, origin, options)))),
    ];
    await Promise.all(slots.map((slot, n) => work(slot, n)));
    progress.end();
    const ordered = files.map((f) => records.get(f.rel)).filter((r) => r !== undefined);
    writeAtomic(join(options.out, 'summary.csv'), summaryCsv(first.model.labels, ordered));
    const counts = { ok: 0, failed: 0, error: 0 };
    ordered.forEach((r) => (counts[r.status] += 1));
    log.write(
      `fer-live: ${counts.ok} done, ${counts.failed} failed (see summary.csv), ${counts.error} broken off by a fault (rerun to retry); ${shown(join(options.out, 'summary.csv'))}\n`,
    );
    return counts;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/**
 * @typedef {object} PageSlot
 * @property {import('playwright-core').Page} page
 * @property {{ id: string, name: string, labels: string[] }} model
 * @property {{ name: string, reason: string }} backend
 * @property {(processed: number, total: number) => void} onProgress
 */

/**
 * A page with a started recognizer, in `slot` (a new one, or the slot of a page that broke down).
 * @returns {Promise<PageSlot>}
 */
async function openPage(
  browser,
  origin,
  options,
  slot = /** @type {PageSlot} */ ({ onProgress: () => undefined }),
) {
  const page = await browser.newPage();
  slot.page = page;
  await page.exposeFunction('ferCliProgress', (processed, total) => slot.onProgress(processed, total));
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(() => 'ferCli' in window, null, { timeout: START_TIMEOUT_MS });
  const started = await page.evaluate((o) => /** @type {any} */ (window).ferCli.start(o), {
    model: options.model,
    backend: options.backend,
  });
  page.setDefaultTimeout(0); // a long video takes as long as it takes
  return Object.assign(slot, started);
}

/**
 * One file through a page. The page's outputs are written, then the record; a fault of the run (page crash,
 * worker failure) is recorded as 'error' and the slot gets a fresh page.
 * @param {PageSlot} slot
 */
async function analyzeFile(slot, file, options, settings, origin, browser, progress, n) {
  const paths = outputsOf(options.out, file.rel);
  const base = {
    file: file.rel,
    model: settings.model,
    every: settings.every,
    input: { bytes: file.bytes, mtimeMs: file.mtimeMs },
  };
  progress.started(n);
  slot.onProgress = (processed, total) => progress.update(n, processed, total);
  try {
    await slot.page.setInputFiles('#file', file.path);
    const r = await slot.page.evaluate((o) => /** @type {any} */ (window).ferCli.analyzeOne(o), {
      every: options.every,
    });
    if (r.status === 'ok') {
      writeAtomic(paths.csv, r.csv);
      writeAtomic(paths.json, r.json);
    }
    const { kind, status, reason, frames, faces, labelCounts } = r; // the exports are in their own files
    const record = { ...base, kind, status, reason, frames, faces, labelCounts };
    writeAtomic(paths.record, JSON.stringify(record, null, 1));
    return record;
  } catch (error) {
    const reason = `the analysis broke off: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    const record = { ...base, kind: 'video', status: 'error', reason, frames: 0, faces: 0, labelCounts: [] };
    writeAtomic(paths.record, JSON.stringify(record, null, 1));
    await slot.page.close().catch(() => undefined);
    await openPage(browser, origin, options, slot);
    return record;
  }
}
