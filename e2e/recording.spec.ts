// What a camera session makes. Recording: Record → Stop gives the per-face summary and CSV/JSON that agree
// with it; the recording keeps one model; a camera that goes away ends the recording and keeps what it
// holds; a new recording asks before replacing one that was not downloaded. Snapshot: the frame as shown
// (mirrored), at the camera's size, with the overlay's boxes and labels where the faces are.

import { expect, test, type Page } from '@playwright/test';
import { download, faceEntries, fakeCameraLaunch, openApp, unplugCamera } from './browser';
import { CAMERA_FACES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

const FACES = 3;

/** Frames recorded so far, from the panel's "Recording: 0:04, 37 frames". */
async function recordedFrames(page: Page): Promise<number> {
  const text = (await page.getByTestId('recording-progress').textContent()) ?? '';
  return Number(/(\d+) frames/.exec(text)?.[1] ?? 0);
}

async function startLabelledCamera(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(FACES, { timeout: 30_000 });
}

test('a recorded camera session: summary per face, CSV and JSON agreeing, one model throughout', async ({
  page,
}) => {
  const watch = await openApp(page);
  await startLabelledCamera(page);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.getByLabel('Model')).toBeDisabled();
  await expect.poll(() => recordedFrames(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
  await page.getByRole('button', { name: 'Stop recording' }).click();

  const message = (await page.getByTestId('recording-message').textContent()) ?? '';
  const frames = Number(/Recorded (\d+) frames/.exec(message)?.[1]);
  expect(frames).toBeGreaterThanOrEqual(10);
  await expect(page.getByLabel('Model')).toBeEnabled();
  const panel = page.getByRole('region', { name: 'Camera recording' });
  await expect(panel.getByRole('heading')).toContainText(`(${frames} frames,`);
  // The fake camera shows three still faces: three tracks, each seen in (nearly) every frame.
  const faceRows = panel.getByTestId('summary').locator('tbody tr');
  await expect(faceRows).toHaveCount(FACES);

  const csv = await download(page, 'Download recording CSV');
  expect(csv.file).toMatch(/^camera-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.emotions\.csv$/);
  const rows = csv.text.trimEnd().split('\r\n').slice(1);
  expect(rows.length).toBeGreaterThanOrEqual(frames * FACES - FACES); // a face may be missed in a frame
  expect(rows.length).toBeLessThanOrEqual(frames * FACES);
  const labels = await page.evaluate(() => {
    const w = window as unknown as {
      ferSession: {
        capture: { recorder: { state: { get(): { results: { meta: { labels: string[] } } } } } };
      };
    };
    return w.ferSession.capture.recorder.state.get().results.meta.labels;
  });
  for (const row of rows) expect(labels).toContain(row.split(',')[6]);

  const json = JSON.parse((await download(page, 'Download recording JSON')).text);
  expect(json.source).toBe('camera');
  expect(json.frames).toHaveLength(frames);
  expect(json.frames.reduce((n: number, f: { faces: unknown[] }) => n + f.faces.length, 0)).toBe(rows.length);
  // The on-screen summary is the JSON's: each face's most frequent label.
  for (const [i, track] of (json.summary as { dominantLabel: string }[]).entries())
    await expect(faceRows.nth(i).locator('[data-dominant]')).toHaveAttribute(
      'data-dominant',
      track.dominantLabel,
    );
  expect(watch.errors).toEqual([]);
});

test('a camera unplugged while recording: the recording ends, is kept, and a new one asks first', async ({
  page,
}) => {
  const watch = await openApp(page);
  await startLabelledCamera(page);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect.poll(() => recordedFrames(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(5);
  await unplugCamera(page);
  await expect(page.getByTestId('camera-error')).toContainText(/camera stopped/);
  await expect(page.getByTestId('recording-message')).toContainText(/the recording ended; its \d+ frames/);
  const panel = page.getByRole('region', { name: 'Camera recording' });
  await expect(panel.getByTestId('summary').locator('tbody tr')).toHaveCount(FACES);
  const heading = await panel.getByRole('heading').textContent();

  // Back on the camera, Record would replace the unsaved recording: declining keeps it.
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(faceEntries(page)).toHaveCount(FACES, { timeout: 30_000 });
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toHaveCount(0);
  await expect(panel.getByRole('heading')).toHaveText(heading ?? '');

  // Once downloaded, a new recording starts without asking.
  await download(page, 'Download recording CSV');
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Stop recording' })).toBeVisible();
  expect(watch.errors).toEqual([]);
});

test("a snapshot: the frame as shown, at its own size, with each face's box drawn where the face is", async ({
  page,
}) => {
  const watch = await openApp(page);
  await startLabelledCamera(page);
  const annotated = await download(page, 'Snapshot');
  expect(annotated.file).toMatch(/^camera-\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.png$/);
  type SessionApi = {
    updateSetting(key: string, value: boolean): Promise<void>;
    frame: {
      get(): { result: { faces: { box: { x: number; y: number; width: number; height: number } }[] } };
    };
  };
  await page.evaluate(async () => {
    const session = (window as unknown as { ferSession: SessionApi }).ferSession;
    await session.updateSetting('showBoxes', false);
    await session.updateSetting('showLabels', false);
  });
  const plain = await download(page, 'Snapshot');

  // The fake camera loops one still photo, so both snapshots show the same frame.
  const found = await page.evaluate(
    async ({ annotatedPng, plainPng }) => {
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const [a, p] = await Promise.all([decode(annotatedPng), decode(plainPng)]);
      const video = document.querySelector('video') as HTMLVideoElement;
      // The frame as the stage shows it: mirrored (the camera's default view).
      const shown = new OffscreenCanvas(video.videoWidth, video.videoHeight);
      const sctx = shown.getContext('2d') as OffscreenCanvasRenderingContext2D;
      sctx.setTransform(-1, 0, 0, 1, video.videoWidth, 0);
      sctx.drawImage(video, 0, 0);
      const frame = sctx.getImageData(0, 0, video.videoWidth, video.videoHeight);
      const diff = (x: ImageData, y: ImageData, i: number) =>
        Math.max(...[0, 1, 2].map((c) => Math.abs((x.data[i + c] ?? 0) - (y.data[i + c] ?? 0))));
      let plainVsFrame = 0;
      for (let i = 0; i < frame.data.length; i += 4) plainVsFrame += diff(p, frame, i);
      const session = (window as unknown as { ferSession: SessionApi }).ferSession;
      const faces = session.frame.get().result.faces.map(({ box }) => {
        const x = Math.round(a.width - box.x - box.width); // mirrored
        const at = (px: number, py: number) => 4 * (Math.round(py) * a.width + px);
        let edge = 0;
        let inside = 0;
        const rows = [0.4, 0.5, 0.6].map((f) => box.y + f * box.height);
        for (const y of rows) {
          if (diff(a, p, at(x, y)) > 40) edge += 1; // the box's left side is drawn
          if (diff(a, p, at(x + Math.round(box.width / 2), y)) > 3) inside += 1; // the face itself is not
        }
        return { edge, inside, of: rows.length };
      });
      return {
        size: [a.width, a.height, video.videoWidth, video.videoHeight],
        plainVsFrame: plainVsFrame / (frame.data.length / 4),
        faces,
      };
    },
    { annotatedPng: annotated.base64, plainPng: plain.base64 },
  );
  const [width, height, videoWidth, videoHeight] = found.size;
  expect([width, height]).toEqual([videoWidth, videoHeight]);
  expect(found.plainVsFrame).toBeLessThan(2); // mean difference per pixel, 0-255
  expect(found.faces).toHaveLength(FACES);
  for (const face of found.faces) expect(face).toEqual({ edge: face.of, inside: 0, of: face.of });
  expect(watch.errors).toEqual([]);
});
