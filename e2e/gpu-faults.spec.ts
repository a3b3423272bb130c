// The WebGPU device lost mid-run (destroyed under TF.js, as a GPU reset does): the app says which backend
// it fell back to and keeps labelling faces. (WebGPU missing altogether: camera-faults.spec.ts.)

import { expect, test, type Page } from '@playwright/test';
import { expectLabelling as expectLabellingIn, fakeCameraLaunch, openApp } from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES } from './media';

const camera = fakeCameraLaunch(CAMERA_FACES);

const expectLabelling = (page: Page) => expectLabellingIn(page, CAMERA_FACE_COUNT, 60_000, 30_000);

// WebGPU here is SwiftShader, a software adapter: slow but real, with a device that can be destroyed.
test.use({ launchOptions: { ...camera, args: [...camera.args, '--enable-unsafe-webgpu'] } });

test('a lost WebGPU device: the app says so, falls back, and keeps labelling', async ({ page }) => {
  const watch = await openApp(page, '?backend=webgpu&model=cnn');
  await expect(page.getByTestId('status')).toContainText('webgpu chosen by you');
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expectLabelling(page);
  await page.evaluate(() =>
    (window as unknown as { ferSession: { simulateGpuLoss(): void } }).ferSession.simulateGpuLoss(),
  );
  await expect(page.getByRole('alert').filter({ hasText: 'WebGPU stopped' })).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByTestId('status')).not.toContainText('webgpu chosen');
  await expectLabelling(page);
  expect(watch.errors.filter((e) => !/WebGPU|GPU|device/i.test(e))).toEqual([]);
});
