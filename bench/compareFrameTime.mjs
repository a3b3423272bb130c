// Frame time of this build (dist/) against other builds of the app, in one browser, rounds alternating
// between the builds so that all meet the same machine load: the still call that the bench's frame-time
// table times (detect → crop → classify on the 1–16-face 640×480 frames, bench/frames.mjs). For finding
// which change moved a frame time: build an older commit elsewhere and compare.
//
//   git worktree add /tmp/old <rev> && ln -s $PWD/node_modules /tmp/old/ && (cd /tmp/old && npm run build)
//   BENCH_COMPARE=/tmp/old/dist node bench/compareFrameTime.mjs
//   BENCH_COMPARE=a,b  several builds;  BENCH_MODEL=cnn (default)  BENCH_ROUNDS=15 (default)
//   BENCH_NO_BUILD=1 and BENCH_PORT as for the bench (the builds take the ports after it)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { launch, openTarget, PORT } from './browser.mjs';
import { ensureFrames } from './frames.mjs';
import { ourTargets } from './peers/ours.mjs';
import { serve } from './server.mjs';
import { sampleRounds, summarise, warmUp } from './speed.mjs';

const ROOT = join(import.meta.dirname, '..');
const others = (process.env.BENCH_COMPARE ?? '').split(',').filter(Boolean);
if (others.length === 0) throw new Error('BENCH_COMPARE: name one or more other builds (folders like dist/)');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const modelId = process.env.BENCH_MODEL ?? 'cnn';
const target = ourTargets().find((t) => t.id === modelId);
if (!target) throw new Error(`BENCH_MODEL: no model "${modelId}" in the manifest`);

if (!process.env.BENCH_NO_BUILD) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
const builds = ['dist', ...others];
const stops = await Promise.all(builds.map((app, i) => serve(PORT + i, app === 'dist' ? {} : { app })));
const browser = await launch('wasm');
try {
  const frames = await ensureFrames(browser, target);
  const pages = [];
  for (const [i, name] of builds.entries()) {
    const opened = await openTarget(browser, target, 'wasm', `http://127.0.0.1:${PORT + i}`);
    if (opened.errors.length > 0) throw new Error(`${name}: ${opened.errors.join('; ')}`);
    await warmUp(opened.page, frames, 3);
    pages.push(opened.page);
  }
  const samples = await sampleRounds(pages, frames, rounds);
  const rows = samples.map((s, i) => {
    if (s instanceof Error) throw new Error(`${builds[i]}: ${s.message}`);
    return summarise(frames, s);
  });
  const ms = (/** @type {number | undefined} */ x) => (x === undefined ? '?' : x.toFixed(1));
  console.log(
    `${target.name}, wasm, ${rounds} alternating rounds: median ms per frame (detect + crop + classify)`,
  );
  console.log(['build', ...frames.map((f) => `${f.faces} face${f.faces > 1 ? 's' : ''}`)].join(' | '));
  for (const [i, row] of rows.entries())
    console.log(
      [
        builds[i],
        ...row.map((r) => `${ms(r.medianMs)} (${ms(r.detectMs)} + ${ms(r.cropMs)} + ${ms(r.classifyMs)})`),
      ].join(' | '),
    );
  for (const [i, row] of rows.entries())
    if (i > 0)
      console.log(
        [
          `dist ÷ ${builds[i]}`,
          ...row.map((r, f) => `${((rows[0]?.[f]?.medianMs ?? NaN) / r.medianMs).toFixed(2)}×`),
        ].join(' | '),
      );
} finally {
  await browser.close();
  for (const stop of stops) await stop();
}
