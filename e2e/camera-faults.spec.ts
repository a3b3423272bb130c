// Camera faults: refused, missing, busy, unplugged or stalled mid-stream — a clear message, a working Retry, no
// leaked camera.

import { expect, test, type Page } from '@playwright/test';
import {
  expectNoSeriousA11yViolations,
  faceEntries,
  fakeCameraLaunch,
  lostTrackState,
  openApp,
  unplugCamera,
  waitUntilReady,
  watchPage,
} from './browser';
import { CAMERA_FACES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

/** Makes the next getUserMedia calls fail with a DOMException of this name until `restore()` in the page. */
async function failCameraWith(page: Page, name: string): Promise<void> {
  await page.addInitScript((errorName) => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    const w = window as unknown as { restoreCamera: () => void };
    let failing = true;
    w.restoreCamera = () => (failing = false);
    navigator.mediaDevices.getUserMedia = (c) =>
      failing ? Promise.reject(new DOMException('test', errorName)) : real(c);
  }, name);
}

for (const [name, message] of [
  ['NotAllowedError', /refused/],
  ['NotFoundError', /No camera was found/],
  ['NotReadableError', /in use by another application/],
]) {
  test(`${name}: explains, and Retry works once the camera is available`, async ({ page }) => {
    const watch = watchPage(page);
    await failCameraWith(page, name as string);
    await page.goto('/');
    await waitUntilReady(page);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(page.getByTestId('camera-error')).toContainText(message as RegExp);
    await page.evaluate(() => (window as unknown as { restoreCamera: () => void }).restoreCamera());
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('camera-error')).toHaveCount(0);
    await expect(faceEntries(page).first()).toBeVisible({ timeout: 20_000 });
    expect(watch.errors).toEqual([]);
  });
}

test('a camera unplugged mid-stream: message, camera released, Retry reconnects', async ({ page }) => {
  const watch = await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page).first()).toBeVisible({ timeout: 20_000 });
  await unplugCamera(page);
  await expect(page.getByTestId('camera-error')).toContainText(/camera stopped/);
  expect(await lostTrackState(page)).toBe('ended'); // we stopped it: the camera light goes off
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(faceEntries(page).first()).toBeVisible({ timeout: 20_000 });
  expect(watch.errors).toEqual([]);
});

type FreezableWindow = { freezeCamera: (frozen: boolean) => void };

/**
 * Every camera stream the app opens goes through a frame pump that `freezeCamera(true)` stops: the track
 * stays live and fires no 'ended' (as a camera muted by the system or a frozen driver), but no new frame
 * comes. (MediaStreamTrackProcessor/Generator: Chromium's insertable streams on the page's thread.)
 */
async function makeCameraFreezable(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Pump = {
      MediaStreamTrackProcessor: new (o: { track: MediaStreamTrack }) => {
        readable: ReadableStream<VideoFrame>;
      };
      MediaStreamTrackGenerator: new (o: { kind: 'video' }) => MediaStreamTrack & {
        writable: WritableStream<VideoFrame>;
      };
    };
    const w = window as unknown as Pump & FreezableWindow;
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    let frozen = false;
    w.freezeCamera = (on) => (frozen = on);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const camera = (await real(constraints)).getVideoTracks()[0] as MediaStreamTrack;
      const output = new w.MediaStreamTrackGenerator({ kind: 'video' });
      const pump = new TransformStream<VideoFrame, VideoFrame>({
        transform: (frame, out) => (frozen ? frame.close() : out.enqueue(frame)),
      });
      void new w.MediaStreamTrackProcessor({ track: camera }).readable
        .pipeThrough(pump)
        .pipeTo(output.writable)
        .catch(() => camera.stop()); // the app stopped the output track: release the camera
      return new MediaStream([output]);
    };
  });
}

test('a camera that stops sending frames (no ended event) is reported as stalled; Retry reconnects', async ({
  page,
}) => {
  await makeCameraFreezable(page);
  const watch = await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page).first()).toBeVisible({ timeout: 20_000 });
  const frozenAt = Date.now();
  await page.evaluate(() => (window as unknown as FreezableWindow).freezeCamera(true));
  await expect(page.getByTestId('camera-error')).toContainText(/stopped sending pictures/, {
    timeout: 15_000,
  });
  expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(3000); // not before 3 s without a frame
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible(); // no "Stop camera" left
  await expect(faceEntries(page)).toHaveCount(0); // no stale label
  await expectNoSeriousA11yViolations(page, 'camera stalled');
  await page.evaluate(() => (window as unknown as FreezableWindow).freezeCamera(false));
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('camera-error')).toHaveCount(0);
  await expect(faceEntries(page).first()).toBeVisible({ timeout: 20_000 });
  // The Retry button went with its message; the focus went to the camera button, now "Stop camera".
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeFocused();
  expect(watch.errors).toEqual([]);
});

test('WebGPU asked for where there is none: the status explains, and another backend labels', async ({
  page,
}) => {
  await openApp(page, '?backend=webgpu');
  await expect(page.getByTestId('status')).toContainText('webgpu is unavailable');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(3, { timeout: 30_000 });
});
