// Throughput of the fer-live CLI (issue 17): one folder of clips and photos analysed with --jobs 1 and
// with --jobs 2, files and frames per second of wall time, browser start included (what a user waits for).
// Part of the full `npm run bench`; `node bench/cli.mjs` runs it alone and prints the table.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCsv } from '../cli/summary.mjs';
import { message } from './browser.mjs';
import { photoClip } from './fileAnalysis.mjs';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'cli', 'fer-live.mjs');
const FOLDER = join(import.meta.dirname, '.media', 'cli');
/** 6 clips of 3 s at 10 fps, 640×480 H.264, 3 faces (face-api's sample1.jpg); 2 photos of several faces. */
export const CLI_FOLDER = { clips: 6, seconds: 3, fps: 10, photos: [2, 3] };

/** The benchmark's folder, made once in bench/.media/cli (git-ignored). */
export function ensureCliFolder() {
  if (existsSync(join(FOLDER, 'photo-3.jpg'))) return FOLDER;
  mkdirSync(FOLDER, { recursive: true });
  const clip = photoClip(
    `cli-${CLI_FOLDER.seconds}s-${CLI_FOLDER.fps}fps.mp4`,
    CLI_FOLDER.fps,
    CLI_FOLDER.seconds,
  );
  for (let i = 1; i <= CLI_FOLDER.clips; i++) copyFileSync(clip, join(FOLDER, `clip-${i}.mp4`));
  for (const n of CLI_FOLDER.photos)
    copyFileSync(
      join(ROOT, `node_modules/@vladmandic/face-api/demo/sample${n}.jpg`),
      join(FOLDER, `photo-${n}.jpg`),
    );
  return FOLDER;
}

/**
 * The folder through the CLI once per job count, each into a fresh output folder (nothing to resume).
 * @param {readonly number[]} [jobCounts]
 */
export async function benchCli(jobCounts = [1, 2]) {
  const folder = ensureCliFolder();
  const rows = [];
  for (const jobs of jobCounts) {
    const out = mkdtempSync(join(tmpdir(), 'fer-live-bench-'));
    try {
      const started = performance.now();
      await promisify(execFile)(
        process.execPath,
        [CLI, 'analyze', folder, '--out', out, '--jobs', String(jobs)],
        {
          timeout: 900_000,
        },
      );
      const seconds = (performance.now() - started) / 1000;
      const [header = [], ...files] = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
      const column = (name) => header.indexOf(name);
      const failed = files.filter((r) => r[column('status')] !== 'ok');
      if (failed.length > 0)
        throw new Error(`${failed.length} file(s) not analysed: ${failed[0]?.join(',')}`);
      const frames = files.reduce((sum, r) => sum + Number(r[column('frames')]), 0);
      rows.push({
        jobs,
        files: files.length,
        frames,
        seconds,
        filesPerSecond: files.length / seconds,
        framesPerSecond: frames / seconds,
        model: files[0]?.[column('model')] ?? '',
      });
    } catch (error) {
      rows.push({ jobs, error: message(error) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The markdown table. @param {Record<string, any>[]} rows */
export function cliTable(rows) {
  const { clips, seconds, fps, photos } = CLI_FOLDER;
  const lines = [
    `CLI throughput (fer-live analyze, ${clips} clips of ${seconds} s at ${fps} fps + ${photos.length} photos, default model, wall time with browser start):`,
    '',
    '| --jobs | model | files | frames | seconds | files/s | frames/s |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      r.error
        ? `| ${r.jobs} | failed: ${r.error} | | | | | |`
        : `| ${r.jobs} | ${r.model} | ${r.files} | ${r.frames} | ${r.seconds.toFixed(1)} | ${r.filesPerSecond.toFixed(2)} | ${r.framesPerSecond.toFixed(1)} |`,
    );
  return lines.join('\n') + '\n';
}

if (process.argv[1] === import.meta.filename) console.log(cliTable(await benchCli()));
