// Measures how FER2013 images frame a face relative to MediaPipe's face box, so the app can crop live
// faces the same way, and checks both patched face models on the face-api demo photos.
//
// Each FER image is upscaled (bilinear) and centred on a neutral-grey canvas; the detector runs in
// headless Chromium (tasks-vision, CPU); per detection we record the FER frame in box units:
//   scale = frame side / box width, offsetX = (frame cx − box cx) / box width, offsetY = (… y) / box height.
// The app inverts it: crop side = scale × box.width, crop centre = box centre + offset × box size.
//
//   node scripts/measure-framing.mjs [--count 400] [--usage PrivateTest] [--side 192] [--canvas 512]
//        [--dataset ../shared/datasets/fer2013] [--out training/crop_framing.json] [--no-write]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { readFer2013 } from './fer2013.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '400' },
    usage: { type: 'string', default: 'PrivateTest' },
    side: { type: 'string', default: '192' },
    canvas: { type: 'string', default: '512' },
    repeats: { type: 'string', default: '5' },
    dataset: { type: 'string', default: join(root, '..', 'shared', 'datasets', 'fer2013') },
    out: { type: 'string', default: join(root, 'training', 'crop_framing.json') },
    'no-write': { type: 'boolean', default: false },
    'fer-only': { type: 'boolean', default: false }, // skip the photo and worker checks
  },
});
const count = Number(args.count);
const side = Number(args.side);
const canvasSide = Number(args.canvas);
if (!(count > 0 && side > 0 && canvasSide >= side))
  throw new Error('need --count > 0 and --canvas >= --side > 0');

const MODELS = { full: 'face_detection_full_range', short: 'face_detection_short_range' };
const PHOTOS = [1, 2, 3, 4, 5, 6].map((n) => `/photos/sample${n}.jpg`);

/** The first `count` rows of one split, as one Uint8Array of 48×48 grey images. */
async function readFer(csvGz, usage, wanted) {
  const { pixels, count } = await readFer2013({ usage, limit: wanted, file: csvGz });
  if (count < wanted) throw new Error(`only ${count} ${usage} rows in ${csvGz}`);
  return pixels;
}

const MIME = {
  '.html': 'text/html',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.tflite': 'application/octet-stream',
  '.jpg': 'image/jpeg',
  '.map': 'application/json',
};

/** Serves the probe page, tasks-vision, public/generated/, the demo photos and the FER batch. */
function serve(ferBytes) {
  const mounts = {
    '/framing/': join(root, 'scripts', 'framing'),
    '/tasks-vision/': join(root, 'node_modules', '@mediapipe', 'tasks-vision'),
    '/generated/': join(root, 'public', 'generated'),
    '/photos/': join(root, 'node_modules', '@vladmandic', 'face-api', 'demo'),
  };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/favicon.ico') {
      response.writeHead(204).end(); // keeps a 404 out of the page console
      return;
    }
    if (path === '/fer.bin') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(ferBytes);
      return;
    }
    const url = path === '/' ? '/framing/index.html' : path;
    const mount = Object.keys(mounts).find((prefix) => url.startsWith(prefix));
    const file = mount && normalize(join(mounts[mount], url.slice(mount.length)));
    try {
      if (!file || !file.startsWith(mounts[mount] + sep)) throw new Error('outside the mounts');
      const body = readFileSync(file);
      response
        .writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};
const round = (x, digits = 3) => Number(x.toFixed(digits));

function summarise(results) {
  const found = results.filter(Boolean);
  const stat = (key, q) =>
    round(
      quantile(
        found.map((r) => r[key]),
        q,
      ),
    );
  const keys = ['scale', 'offsetX', 'offsetY'];
  return {
    detected: found.length,
    cropFraming: Object.fromEntries(keys.map((k) => [k, stat(k, 0.5)])),
    iqr: Object.fromEntries(keys.map((k) => [k, [stat(k, 0.25), stat(k, 0.75)]])),
    boxAspect: stat('aspect', 0.5), // box height / width: the crop is square, the box nearly so
  };
}

execFileSync(process.execPath, [join(root, 'scripts', 'prepare-assets.mjs')], { stdio: 'inherit' });
const fer = await readFer(join(args.dataset, 'fer2013.csv.gz'), args.usage, count);
const server = await serve(fer);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage();
  const consoleLines = new Set();
  page.on('console', (message) => consoleLines.add(`${message.type()}: ${message.text().slice(0, 200)}`));
  page.on('pageerror', (error) => consoleLines.add(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) consoleLines.add(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) consoleLines.add(`foreign request: ${request.url()}`);
  });
  await page.goto(origin);
  await page.waitForFunction(() => window.probeReady === true);

  const framing = {};
  for (const [key, model] of Object.entries(MODELS)) {
    if (!args['fer-only']) await checkPhotos(page, model);
    const { results, ms } = await page.evaluate(
      ([m, options]) => window.probe.measureFer(m, options),
      [model, { side, canvasSide }],
    );
    framing[key] = summarise(results);
    console.log(
      `${model} on FER2013 ${args.usage} ×${count}: ${JSON.stringify(framing[key])}, ${Math.round(ms)} ms`,
    );
  }
  if (!args['fer-only']) await checkWorker(page);
  console.log(
    `\npage console, HTTP errors, foreign requests:\n  ${[...consoleLines].join('\n  ') || '(none)'}`,
  );

  const { full, short } = framing;
  const report = {
    measuredBy: 'node scripts/measure-framing.mjs',
    detector: MODELS.full,
    images: count,
    detected: full.detected,
    cropFraming: full.cropFraming,
    iqr: full.iqr,
    shortRange: {
      detector: MODELS.short,
      detected: short.detected,
      cropFraming: short.cropFraming,
      iqr: short.iqr,
    },
    setup: {
      images: `first ${count} ${args.usage} rows of fer2013.csv.gz`,
      placement: `48 px upscaled to ${side} px (bilinear), centred on a ${canvasSide} px neutral-grey canvas`,
      boxAspect: full.boxAspect,
    },
  };
  if (!args['no-write']) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${args.out}`);
  }
} finally {
  await browser.close();
  server.close();
}

/** Faces found and detect time per face-api demo photo. */
async function checkPhotos(page, model) {
  const { loadMs, photos } = await page.evaluate(
    ([m, urls, r]) => window.probe.detectPhotos(m, urls, r),
    [model, PHOTOS, Number(args.repeats)],
  );
  console.log(`\n${model}: created in ${Math.round(loadMs)} ms`);
  for (const p of photos) {
    console.log(
      `  ${p.url.padEnd(20)} ${p.width}×${p.height}  faces ${p.faces}  min score ${p.minScore.toFixed(2)}` +
        `  first ${Math.round(p.firstMs)} ms, then ${Math.round(p.ms)} ms (median of ${args.repeats})`,
    );
  }
  console.log(`  total faces: ${photos.reduce((sum, p) => sum + p.faces, 0)}`);
}

/** Whether tasks-vision runs in a module worker, with the classic and the ES-module wasm loader. */
async function checkWorker(page) {
  for (const useModule of [false, true]) {
    const check = await page.evaluate(
      ([m, url, u]) => window.probe.workerCheck(m, url, u),
      [MODELS.full, PHOTOS[0], useModule],
    );
    console.log(`module worker, forVisionTasks(path, useModule=${useModule}): ${JSON.stringify(check)}`);
  }
}
