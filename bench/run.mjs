// `npm run bench`: speed of our pipeline per model and backend, headless in Debian's Chromium.
// Prints a table and writes bench/results/latest.{json,md}. BENCH_QUICK=1 runs a few iterations (CI).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const ROOT = join(import.meta.dirname, '..');
const PORT = 4174;
const ORIGIN = `http://localhost:${PORT}`;
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = QUICK ? 3 : 30;
const ARGS = [...CHROMIUM_ARGS];
// WebGPU here is SwiftShader (software): ~100× slower, so fewer repetitions keep the run short.
const BACKENDS = [
  { name: 'wasm', args: ARGS, runs: RUNS },
  { name: 'webgl', args: ARGS, runs: RUNS },
  { name: 'webgpu', args: [...ARGS, '--enable-unsafe-webgpu'], runs: Math.min(RUNS, 2) },
];
const manifest = JSON.parse(readFileSync(join(ROOT, 'public/models/manifest.json'), 'utf8'));
const photo = readFileSync(join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg')).toString(
  'base64',
);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

/** Runs inside the page: timings of classify (batch 1 and 16) and of the whole pipeline on a photo frame. */
async function measureInPage({ photo, runs }) {
  const session = window.ferSession;
  const img = new Image();
  img.src = `data:image/jpeg;base64,${photo}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = 640;
  canvas.height = 427;
  canvas.getContext('2d').drawImage(img, 0, 0, 640, 427);
  const pixels = (n) => Uint8Array.from({ length: n * 48 * 48 }, (_, i) => (i * 37) % 256);
  const time = async (fn) => {
    await fn();
    const out = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
    return out;
  };
  const one = pixels(1);
  const sixteen = pixels(16);
  const classify1 = await time(() => session.classifyGrey(one, 1));
  const classify16 = await time(() => session.classifyGrey(sixteen, 16));
  const stages = [];
  const frame = await time(async () => {
    const r = await session.analyzeStill(canvas);
    stages.push({ ...r.timings, faces: r.faces.length });
  });
  return { classify1, classify16, frame, stages };
}

async function benchOne(browser, backend, model, runs) {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.goto(`${ORIGIN}/?backend=${backend}&model=${model}`);
  await page.waitForFunction(() => window.ferSession?.state.get().phase !== 'loading', null, {
    timeout: 180_000,
  });
  const state = await page.evaluate(() => ({ ...window.ferSession.state.get(), models: undefined }));
  const readyMs = Date.now() - t0;
  if (state.phase !== 'ready' || state.backend?.name !== backend || state.selectedModel !== model) {
    await page.close();
    return {
      backend,
      model,
      error: state.phase === 'ready' ? `ran ${state.backend?.name}/${state.selectedModel}` : state.status,
    };
  }
  const m = await page.evaluate(measureInPage, { photo, runs });
  await page.close();
  const stage = (k) => median(m.stages.map((s) => s[k]));
  return {
    backend,
    model,
    readyMs,
    classify1Ms: median(m.classify1),
    classify16Ms: median(m.classify16),
    batch16Ratio: median(m.classify16) / median(m.classify1),
    frameMedianMs: median(m.frame),
    frameP95Ms: p95(m.frame),
    fps: 1000 / median(m.frame),
    detectMs: stage('detectMs'),
    cropMs: stage('cropMs'),
    classifyMs: stage('classifyMs'),
    faces: stage('faces'),
  };
}

const fmt = (v, d = 1) => (typeof v === 'number' ? v.toFixed(d) : '–');

async function main() {
  if (!process.env.BENCH_NO_BUILD) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 3000));
  const rows = [];
  try {
    for (const { name, args, runs } of BACKENDS) {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args });
      for (const { id } of manifest.models) {
        // One failed case (a crash, a timeout) is reported in its row; the others still run.
        const row = await benchOne(browser, name, id, runs).catch((e) => ({
          backend: name,
          model: id,
          error: String(e.message ?? e).split('\n')[0],
        }));
        rows.push(row);
        console.log(
          row.error
            ? `${name} ${id}: ${row.error}`
            : `${name} ${id}: frame ${fmt(row.frameMedianMs)} ms, classify 1 face ${fmt(row.classify1Ms)} ms, 16 faces ${fmt(row.classify16Ms)} ms`,
        );
      }
      await browser.close();
    }
  } finally {
    server.kill();
  }
  const browserVersion = execFileSync(CHROMIUM_PATH, ['--version']).toString().trim();
  const result = {
    date: new Date().toISOString(),
    machine: `${cpus().length} × ${cpus()[0]?.model}`,
    browser: browserVersion,
    runs: RUNS,
    photo: 'face-api sample1.jpg at 640×427 (3 faces)',
    rows,
  };
  const header =
    '| backend | model | frame median ms | p95 ms | fps | detect ms | crop ms | classify ms | classify 1 face ms | 16 faces ms | 16/1 ratio | ready ms |';
  const lines = rows.map((r) =>
    r.error
      ? `| ${r.backend} | ${r.model} | ${r.error} |`
      : `| ${r.backend} | ${r.model} | ${fmt(r.frameMedianMs)} | ${fmt(r.frameP95Ms)} | ${fmt(r.fps)} | ${fmt(r.detectMs)} | ${fmt(r.cropMs)} | ${fmt(r.classifyMs)} | ${fmt(r.classify1Ms)} | ${fmt(r.classify16Ms)} | ${fmt(r.batch16Ratio, 2)} | ${r.readyMs} |`,
  );
  const md = [
    `# Benchmark ${result.date}`,
    '',
    `${result.machine}; ${result.browser}; ${RUNS} runs per figure (webgpu at most 2); frame: ${result.photo}.`,
    '',
    header,
    `|${'---|'.repeat(12)}`,
    ...lines,
    '',
  ].join('\n');
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/latest.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(ROOT, 'bench/results/latest.md'), md);
  console.log('\n' + md);
}

await main();
