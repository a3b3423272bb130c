import { expect, test } from '@playwright/test';
import { fakeCameraLaunch, openApp } from './browser';
import { CAMERA_NO_FACE } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_NO_FACE) });

test('a camera frame without faces says that no face is found', async ({ page }) => {
  const watch = await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(page.getByText('No face found in view.')).toBeVisible({ timeout: 20_000 });
  expect(watch.errors).toEqual([]);
});
