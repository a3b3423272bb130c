// Load and lifecycle faults with a live camera: the tab hidden and shown, camera ↔ file ten times in a
// row, thirty faces in one frame, and a soak with the tensor count and the page's heap watched.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { faceEntries, fakeCameraLaunch, frameCount, openApp } from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES, photo, VIDEO_FILES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

interface SessionView {
  frameCount: number;
  tensorMemory(): Promise<{ numTensors: number }>;
  analyzeStill(image: HTMLCanvasElement): Promise<{ faces: { box: Box; smoothedLabel: string }[] }>;
}
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const frames = frameCount;

async function startCamera(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
}

/** Chromium keeps headless pages visible; the page is told it is hidden the way a tab switch tells it. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((hide) => {
    if (hide) {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    } else {
      delete (document as { hidden?: boolean }).hidden;
      delete (document as { visibilityState?: string }).visibilityState;
    }
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('a hidden tab pauses the analysis; shown again, it resumes', async ({ page }) => {
  await openApp(page);
  await startCamera(page);
  await setHidden(page, true);
  // The frame in flight, if any, lands: the count holds between two reads half a second apart.
  let last = -1;
  await expect
    .poll(
      async () => {
        const before = last;
        last = await frames(page);
        return last === before;
      },
      { intervals: [500], timeout: 20_000 },
    )
    .toBe(true);
  const paused = await frames(page);
  await page.waitForTimeout(2_000); // a span with no frame analysed is what is checked, not a condition
  expect(await frames(page)).toBe(paused);
  await setHidden(page, false);
  await expect.poll(() => frames(page), { timeout: 20_000 }).toBeGreaterThan(paused + 2);
});

test('camera and file, ten times in a row: labels each time, and every camera is released', async ({
  page,
}) => {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { openedStreams: MediaStream[] }).openedStreams = streams;
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await real(c);
      streams.push(stream);
      return stream;
    };
  });
  const watch = await openApp(page);
  const liveTracks = () =>
    page.evaluate(
      () =>
        (window as unknown as { openedStreams: MediaStream[] }).openedStreams
          .flatMap((s) => s.getTracks())
          .filter((t) => t.readyState === 'live').length,
    );
  for (let i = 0; i < 10; i++) {
    await startCamera(page);
    expect(await liveTracks()).toBe(1);
    await page.getByTestId('file-input').setInputFiles(VIDEO_FILES.webm);
    await expect(page.getByTestId('file-info')).toBeVisible();
    expect(await liveTracks()).toBe(0);
  }
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  expect(watch.errors).toEqual([]);
});

test('thirty faces in one frame are all found and labelled', async ({ page }) => {
  await openApp(page);
  const faces = await page.evaluate(
    async (b64) => {
      const session = (window as unknown as { ferSession: SessionView }).ferSession;
      const img = new Image();
      img.src = `data:image/jpeg;base64,${b64}`;
      await img.decode();
      const photoCanvas = document.createElement('canvas');
      photoCanvas.width = img.naturalWidth;
      photoCanvas.height = img.naturalHeight;
      photoCanvas.getContext('2d')?.drawImage(img, 0, 0);
      const [face] = (await session.analyzeStill(photoCanvas)).faces;
      if (!face) throw new Error('no face in the photo');
      // The face with a margin, tiled 6 × 5 at 160 px per tile.
      const side = face.box.width * 1.8;
      const sx = face.box.x + face.box.width / 2 - side / 2;
      const sy = face.box.y + face.box.height / 2 - side / 2;
      const grid = document.createElement('canvas');
      grid.width = 6 * 160;
      grid.height = 5 * 160;
      const ctx = grid.getContext('2d') as CanvasRenderingContext2D;
      for (let row = 0; row < 5; row++)
        for (let col = 0; col < 6; col++)
          ctx.drawImage(img, sx, sy, side, side, col * 160, row * 160, 160, 160);
      return (await session.analyzeStill(grid)).faces.map((f) => f.smoothedLabel);
    },
    readFileSync(photo(1)).toString('base64'),
  );
  expect(faces).toHaveLength(30);
  expect(faces.every((l) => /^[a-z]+$/.test(l))).toBe(true);
});

const SOAK_FRAMES = Number(process.env['SOAK_FRAMES'] ?? 150);

test(`soak: ${SOAK_FRAMES} live frames with the tensor count flat and the page heap within 10%`, async ({
  page,
}) => {
  test.setTimeout(120_000 + SOAK_FRAMES * 1_000);
  await openApp(page);
  await startCamera(page);
  const cdp = await page.context().newCDPSession(page);
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const tensors = await page.evaluate(
      async () =>
        (await (window as unknown as { ferSession: SessionView }).ferSession.tensorMemory()).numTensors,
    );
    return { heap, tensors, frames: await frames(page) };
  };
  // Warm-up first: the JIT, the first frames' caches and the page's first renders are not leaks.
  const warm = await frames(page);
  await expect.poll(() => frames(page), { timeout: 60_000 }).toBeGreaterThan(warm + 50);
  const start = await measure();
  await expect
    .poll(() => frames(page), { timeout: SOAK_FRAMES * 1_000, intervals: [1_000] })
    .toBeGreaterThan(start.frames + SOAK_FRAMES);
  const end = await measure();
  console.log(
    `soak: ${end.frames - start.frames} frames, tensors ${start.tensors} → ${end.tensors}, ` +
      `page heap ${(start.heap / 1e6).toFixed(1)} → ${(end.heap / 1e6).toFixed(1)} MB`,
  );
  expect(end.tensors).toBe(start.tensors);
  expect(end.heap).toBeLessThan(start.heap * 1.1);
});
