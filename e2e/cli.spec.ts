// The fer-live CLI end to end: a folder of 2 short clips, a photo and a broken file. Its per-file exports
// equal the app's downloads for the same file; a run killed midway resumes; a rerun redoes only what is
// missing; two shards merged give the same summary as one run.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { summaryHeader } from '../cli/summary.mjs';
import { dropFile, openApp } from './browser';
import { openSession, type FerWindow } from './fer';
import { CAMERA_FACE_COUNT, CLIP_FPS, CLIP_SECONDS, photo, VIDEO_FILES } from './media';

const CLI = join(import.meta.dirname, '..', 'cli', 'fer-live.mjs');
const run = promisify(execFile);
const FRAMES = CLIP_SECONDS * CLIP_FPS;

/** Runs the CLI; resolves with its stderr (the progress and the closing line). */
async function fer(...args: string[]): Promise<string> {
  const { stderr } = await run(process.execPath, [CLI, ...args], { timeout: 170_000 });
  return stderr;
}

const read = (path: string) => readFileSync(path, 'utf8');
const summaryRows = (dir: string) =>
  read(join(dir, 'summary.csv'))
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
const mtimes = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.includes('.emotions.'))
    .map((name) => `${name}@${statSync(join(dir, name)).mtimeMs}`);

/** Resolves when the CLI's progress says its first file is done; rejects if it ends first or takes 150 s. */
function firstFileDone(cli: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let printed = '';
    const timer = setTimeout(() => reject(new Error(`no file done in 150 s:\n${printed}`)), 150_000);
    cli.stderr?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (/fer-live: 1\/4 files/.test(printed)) {
        clearTimeout(timer);
        resolve();
      }
    });
    cli.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the CLI ended before it could be killed:\n${printed}`));
    });
  });
}

/** The app's own CSV and JSON downloads of a whole-file analysis of `file` (default settings). */
async function appExports(page: Page, file: string): Promise<{ csv: string; json: string }> {
  await openApp(page);
  await dropFile(page, file);
  await page.getByRole('button', { name: 'Analyse whole file' }).click();
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  const save = async (button: string) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return read(await download.path());
  };
  return { csv: await save('Download CSV'), json: await save('Download JSON') };
}

test('fer-live analyze: the app’s exports per file, bad files in the summary, resume, shards + merge', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const work = mkdtempSync(join(tmpdir(), 'fer-live-cli-'));
  try {
    const input = join(work, 'in');
    mkdirSync(input);
    for (const file of [VIDEO_FILES.mp4, VIDEO_FILES.webm, VIDEO_FILES.notVideo])
      copyFileSync(file, join(input, file.split('/').pop() as string));
    copyFileSync(photo(1), join(input, 'group.jpg'));
    const out = join(work, 'out');

    // A run killed (with its browser) once the first file is done, then run again: it resumes. The kill
    // follows the CLI's own "1/4 files" line at once: a fast machine finishes the other three within a
    // second, so polling the output folder came too late.
    const killed = spawn(process.execPath, [CLI, 'analyze', input, '--out', out, '--jobs', '1'], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await firstFileDone(killed);
    process.kill(-(killed.pid as number), 'SIGKILL');
    expect(readdirSync(join(out, '.fer-live')).length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    const resumed = await fer('analyze', input, '--out', out, '--jobs', '2');
    expect(resumed).toMatch(/4 file\(s\), [1-3] already done/);
    expect(resumed).toMatch(/3 done, 1 failed/);

    const [header, ...rows] = summaryRows(out);
    expect(header?.slice(0, 9)).toEqual(summaryHeader([]));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['faces-h264.mp4', 'video', 'ok'],
      ['faces-vp9.webm', 'video', 'ok'],
      ['group.jpg', 'photo', 'ok'],
      ['notes.mp4', 'video', 'failed'],
    ]);
    expect(read(join(out, 'summary.csv'))).toMatch(
      /notes\.mp4,video,failed,"“notes\.mp4” cannot be opened: it is not a video file/,
    );
    for (const row of rows.slice(0, 2))
      expect(row.slice(6, 9)).toEqual([`${FRAMES}`, `${CAMERA_FACE_COUNT}`, `${FRAMES * CAMERA_FACE_COUNT}`]);
    expect(existsSync(join(out, 'notes.emotions.csv'))).toBe(false);

    // The clip's exports are the app's downloads, byte for byte.
    const app = await appExports(page, VIDEO_FILES.mp4);
    const exportsOf = (dir: string) => ({
      csv: read(join(dir, 'faces-h264.emotions.csv')),
      json: read(join(dir, 'faces-h264.emotions.json')),
    });
    expect(exportsOf(out)).toEqual(app);

    // The photo's faces are labelled as the app labels the same photo.
    const model = await openSession(page);
    const cliPhoto = JSON.parse(read(join(out, 'group.emotions.json'))) as {
      model: { id: string };
      photos: { faces: { label: string; probabilities: number[] }[] }[];
    };
    expect(cliPhoto.model.id).toBe(model.model);
    const appPhoto = await page.evaluate(
      async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const session = (window as FerWindow).ferSession;
        if (!session) throw new Error('no ferSession');
        const { faces } = await session.analyzeStill(img);
        return faces.map((f) => Array.from(f.probabilities));
      },
      `data:image/jpeg;base64,${readFileSync(photo(1)).toString('base64')}`,
    );
    expect(cliPhoto.photos[0]?.faces.map((f) => f.probabilities)).toEqual(appPhoto);

    // A rerun does nothing; one with an output gone (and a stray temporary file) redoes that file only.
    const before = mtimes(out);
    expect(await fer('analyze', input, '--out', out)).toMatch(/4 file\(s\), 4 already done/);
    expect(mtimes(out)).toEqual(before);
    const webmJson = read(join(out, 'faces-vp9.emotions.json'));
    rmSync(join(out, 'faces-vp9.emotions.json'));
    expect(await fer('analyze', input, '--out', out)).toMatch(/4 file\(s\), 3 already done/);
    expect(read(join(out, 'faces-vp9.emotions.json'))).toBe(webmJson);

    // Two shards and their merge: the same summary as one run, every file in one shard.
    const shards = ['1/2', '2/2'].map((shard, i) => ({ shard, dir: join(work, `shard${i + 1}`) }));
    for (const { shard, dir } of shards) await fer('analyze', input, '--out', dir, '--shard', shard);
    expect(shards.map(({ dir }) => summaryRows(dir).length - 1)).toEqual([2, 2]);
    await fer('merge', ...shards.map((s) => s.dir), '--out', join(work, 'merged'));
    expect(read(join(work, 'merged', 'summary.csv'))).toBe(read(join(out, 'summary.csv')));
    expect(exportsOf(shards[0]?.dir ?? '')).toEqual(app);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
