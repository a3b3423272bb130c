// Camera faults: refused, missing, busy, unplugged mid-stream — a clear message, a working Retry, no leaked camera.

import { expect, test, type Page } from '@playwright/test';
import {
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

test('WebGPU asked for where there is none: the status explains, and another backend labels', async ({
  page,
}) => {
  await openApp(page, '?backend=webgpu');
  await expect(page.getByTestId('status')).toContainText('webgpu is unavailable');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(3, { timeout: 30_000 });
});
