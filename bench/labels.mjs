// `node bench/labels.mjs`: only the labels-over-time part of `npm run bench` (issue 16): stability, switch
// delays, detect-every-k agreement and speed, live frame time. Uses the existing dist/ (run `npm run build`
// first). Writes bench/results/labels.{json,md}.
//
//   BENCH_DETECT_EVERY=1,3,5,8  the detector intervals to measure (the first must be 1, the reference)
//   BENCH_QUICK=1               as in the quick bench: k = 1 and the app's default, one switch clip, no live run
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, PORT } from './browser.mjs';
import { labelsChecks } from './checks.mjs';
import { benchLabelsOverTime, labelsTable } from './labelsOverTime.mjs';
import { serve } from './server.mjs';

const ks = (process.env.BENCH_DETECT_EVERY ?? '1,2,3,5,8').split(',').map(Number);
if (ks[0] !== 1) throw new Error('BENCH_DETECT_EVERY must start with 1: every frame is the reference');
const stop = await serve(PORT);
const browser = await launch('wasm');
try {
  const started = new Date().toISOString();
  const result = await benchLabelsOverTime(browser, { quick: process.env.BENCH_QUICK === '1', ks });
  const checks = labelsChecks(result);
  const md = `${labelsTable(result)}\n${checks.map((c) => `- ${c.pass === null ? '–' : c.pass ? 'PASS' : 'FAIL'} ${c.check}: ${c.detail}`).join('\n')}\n`;
  const out = join(import.meta.dirname, 'results', 'labels');
  writeFileSync(`${out}.json`, JSON.stringify({ started, ks, ...result, checks }, null, 2) + '\n');
  writeFileSync(`${out}.md`, md);
  console.log(`\n${md}\nwritten: ${out}.{json,md}`);
} finally {
  await browser.close();
  await stop();
}
