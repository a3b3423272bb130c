// The library as a developer gets it: `npm pack`, installed from the tarball into a fresh folder, its types
// compiled with the README's example (strict, no skipLibCheck), bundled by Vite with a page of its own
// (e2e/library-consumer), served with the files the README says to serve. It must label face-api's sample
// photos exactly as the app does, and a playing video frame by frame through a video session.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveFolders } from '../scripts/static-server.mjs';
import { watchPage } from './browser';
import { openSession, type FerWindow } from './fer';
import { CAMERA_FACE_COUNT, photo, VIDEO_FILES } from './media';

const ROOT = join(import.meta.dirname, '..');
const SAMPLES = [1, 2, 3, 4, 5, 6];

interface Face {
  label: string;
  box: { x: number; y: number; width: number; height: number };
  probabilities: Record<string, number>;
}
type LibraryWindow = Window & {
  labelPhotos(urls: string[]): Promise<{ model: string; photos: Face[][]; disposed: string }>;
  abortedVideo(
    url: string,
    when: 'before' | 'progress',
  ): Promise<{ outcome: string; frames: number; message: string }>;
  videoFrames(url: string): Promise<{ frames: { trackId: number; label: string }[][]; handedOver: boolean }>;
};

/** A fresh folder with the packed library installed (no network: it has no dependencies) and bundled. */
function buildConsumer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fer-live-consumer-'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', `./${tarball}`], { cwd: dir });
  cpSync(join(import.meta.dirname, 'library-consumer'), dir, { recursive: true });
  // The developer's TypeScript (the repository's) on the README's example, against the package's own types.
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`the packed types do not compile:\n${output}`, { cause: error });
  }
  mkdirSync(join(dir, 'dist'));
  // The developer's own Vite (here the repository's, run in the consumer's folder).
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: dir,
    },
  );
  return dir;
}

test('the packed library, installed in a fresh Vite app, labels the sample photos as the app does', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const dir = buildConsumer();
  const server = await serveFolders([
    // What the README tells a developer to serve: the package's dist-lib folder (models and wasm files).
    ['/fer/', join(dir, 'node_modules/fer-live/dist-lib')],
    ['/samples/', join(photo(1), '..')],
    ['/media/', join(VIDEO_FILES.mp4, '..')],
    ['/', join(dir, 'dist')],
  ]);
  try {
    const consumer = await browser.newPage();
    const watch = watchPage(consumer);
    const origin = `http://127.0.0.1:${server.port}`;
    await consumer.goto(`${origin}/`);
    await expect(consumer.locator('#status')).toHaveText('Ready');
    const urls = SAMPLES.map((n) => `/samples/sample${n}.jpg`);
    const library = await consumer.evaluate((u) => (window as unknown as LibraryWindow).labelPhotos(u), urls);
    expect(library.disposed).toBe('disposed');
    // A video analysis stops at its next frame when its signal is aborted, before it began or while it runs.
    for (const when of ['before', 'progress'] as const) {
      const clip = `/media/${VIDEO_FILES.mp4.split('/').pop()}`;
      const aborted = await consumer.evaluate(
        ([u, w]) => (window as unknown as LibraryWindow).abortedVideo(u, w),
        [clip, when] as const,
      );
      expect(aborted).toEqual({
        outcome: 'cancelled',
        frames: 0,
        message: expect.stringMatching(/^Analysis cancelled/),
      });
    }
    // A clip played in a <video>, each presented frame through a video session (one in flight): the three
    // faces of the still clip keep their numbers; a bitmap handed over goes to the worker uncopied.
    const clip = `/media/${VIDEO_FILES.mp4.split('/').pop()}`;
    const live = await consumer.evaluate((u) => (window as unknown as LibraryWindow).videoFrames(u), clip);
    expect(live.frames.length).toBeGreaterThanOrEqual(5);
    const faceNumbers = [...Array(CAMERA_FACE_COUNT).keys()].map((i) => i + 1);
    for (const faces of live.frames) expect(faces.map((f) => f.trackId).sort()).toEqual(faceNumbers);
    expect(live.handedOver).toBe(true);
    expect(watch.errors).toEqual([]);
    expect(watch.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u))).toEqual([]);

    // The app, with its default model as the library's default, on the same photos.
    const app = await openSession(page);
    expect(library.model).toBe(app.model);
    const appFaces: Face[][] = [];
    for (const n of SAMPLES) {
      const bytes = `data:image/jpeg;base64,${readFileSync(photo(n)).toString('base64')}`;
      appFaces.push(
        await page.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          const session = (window as FerWindow).ferSession;
          if (!session) throw new Error('no ferSession');
          const result = await session.analyzeStill(img);
          return result.faces.map((f) => ({
            label: result.labels[f.probabilities.indexOf(Math.max(...f.probabilities))] ?? '',
            box: f.box,
            probabilities: Object.fromEntries(result.labels.map((l, i) => [l, f.probabilities[i] ?? 0])),
          }));
        }, bytes),
      );
    }
    expect(library.photos.flat().length).toBeGreaterThanOrEqual(20); // face-api's six photos hold 22 faces
    expect(library.photos).toEqual(appFaces);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
