// Whole-file analysis speed (issue 4): a clip made with ffmpeg from a face photo goes through the app's
// own "Analyse whole file" button, per model and backend. Reports frames analysed per second of wall
// time and the multiple of real time (media seconds analysed per wall second).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { message, ORIGIN } from './browser.mjs';

const ROOT = join(import.meta.dirname, '..');
const MEDIA = join(import.meta.dirname, '.media');
/** 3 faces (face-api's sample1.jpg), 640×480 H.264. */
export const CLIP = { seconds: 4, fps: 25, faces: 3 };

/**
 * face-api's sample1.jpg (three faces) fitted into 640×480 as a still video of `seconds` at `fps`, made on
 * first use and kept in bench/.media/ (git-ignored). The format follows the name (.mp4: H.264, .y4m: raw).
 * @param {string} name @param {number} fps @param {number} seconds
 */
export function photoClip(name, fps, seconds) {
  const out = join(MEDIA, name);
  if (existsSync(out)) return out;
  mkdirSync(MEDIA, { recursive: true });
  const photo = join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
  const fit =
    'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p';
  const codec = name.endsWith('.mp4') ? ['-c:v', 'libx264'] : [];
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-loop',
    '1',
    '-i',
    photo,
    '-vf',
    fit,
    '-r',
    `${fps}`,
    '-t',
    `${seconds}`,
    ...codec,
    out,
  ]);
  return out;
}

/** The whole-file analysis clip. */
export const ensureClip = () =>
  photoClip(`analysis-${CLIP.seconds}s-${CLIP.fps}fps.mp4`, CLIP.fps, CLIP.seconds);

/**
 * Opens the app at `query` in `page`, opens `clip` and runs its own "Analyse whole file" (every frame) to
 * the end, with playback paused (it would share the CPU). `origin`: the server of the build to run (default
 * the bench's); `beforeStart`: called once the clip is open and its workers exist, just before the analysis.
 * @param {import('playwright-core').Page} page @param {string} query @param {string} clip
 * @param {{ origin?: string, beforeStart?: () => Promise<void> }} [options]
 */
export async function analyseInApp(page, query, clip, { origin = ORIGIN, beforeStart } = {}) {
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => window.ferSession?.state.get().phase === 'ready', null, {
    timeout: 120_000,
  });
  await page.getByTestId('file-input').setInputFiles(clip);
  await page.getByTestId('file-info').waitFor();
  await page.evaluate(() => document.querySelector('video')?.pause());
  await beforeStart?.();
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await page.waitForFunction(() => window.ferSession.jobs.state.get().status !== 'analysing', null, {
    timeout: 600_000,
    polling: 500,
  });
}

/**
 * One fresh page per model: open the clip, analyse every frame, read the app's own progress figures.
 * @param {import('playwright-core').Browser} browser
 * @param {string} backend
 * @param {string[]} modelIds
 * @param {string} clip
 */
export async function benchFileAnalysis(browser, backend, modelIds, clip) {
  const rows = [];
  for (const model of modelIds) {
    const page = await browser.newPage();
    try {
      await analyseInApp(page, `?backend=${backend}&model=${model}`, clip);
      const r = await page.evaluate(() => {
        const s = window.ferSession.jobs.state.get();
        return {
          status: s.status,
          message: s.message,
          frames: s.results?.frames.length ?? 0,
          tracks: s.results?.summary().length ?? 0,
          fps: s.progress?.framesPerSecond ?? 0,
          frameRate: s.results?.meta.frameRate ?? 0,
        };
      });
      if (r.status !== 'done') throw new Error(r.message ?? r.status);
      rows.push({
        backend,
        model,
        frames: r.frames,
        tracks: r.tracks,
        fps: r.fps,
        realtime: r.fps / r.frameRate,
      });
    } catch (error) {
      rows.push({ backend, model, error: message(error) });
    } finally {
      await page.close();
    }
  }
  return rows;
}

/** The markdown table. @param {Record<string, any>[]} rows */
export function fileAnalysisTable(rows) {
  const lines = [
    `Whole-file analysis (${CLIP.seconds} s clip, ${CLIP.fps} fps, 640×480, ${CLIP.faces} faces, every frame):`,
    '',
    '| backend | model | frames | tracks | frames/s | × real time |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      r.error
        ? `| ${r.backend} | ${r.model} | failed: ${r.error} | | | |`
        : `| ${r.backend} | ${r.model} | ${r.frames} | ${r.tracks} | ${r.fps.toFixed(1)} | ${r.realtime.toFixed(2)} |`,
    );
  return lines.join('\n') + '\n';
}
