// The app for people: keyboard-only use, an automated accessibility check on each main view, a phone-sized
// screen, settings that survive a reload, and announcements only when a face's label changes.

import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, faceEntries, fakeCameraLaunch, openApp } from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES, VIDEO_FILES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

/** Presses Tab (or Shift+Tab) until the button with this name has the focus (at most 60 presses). */
async function tabTo(page: Page, name: string, key = 'Tab'): Promise<void> {
  const target = page.getByRole('button', { name, exact: true });
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`the keyboard never reached the button ${name}`);
}

test('keyboard only: camera, model switch, file, analysis and export; axe finds nothing serious', async ({
  page,
}) => {
  // Playwright turns on file-chooser interception when the first listener is added, without waiting for the
  // browser to confirm; a listener added just before the key press can lose that race (it did in CI, and the
  // chooser never came). Adding one now gives the browser the whole camera part of the test to get there.
  const chooser = page.waitForEvent('filechooser', { timeout: 170_000 });
  await openApp(page);
  await expectNoSeriousA11yViolations(page, 'start');
  await tabTo(page, 'Start camera');
  await page.keyboard.press('Enter');
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await expect(page.getByTestId('announcer')).toContainText('appeared');
  await expectNoSeriousA11yViolations(page, 'camera');

  await page.getByLabel('Model').focus();
  const before = await page.getByLabel('Model').inputValue();
  const index = await page.getByLabel('Model').evaluate((s: HTMLSelectElement) => s.selectedIndex);
  await page.keyboard.press(index > 0 ? 'ArrowUp' : 'ArrowDown');
  await expect(page.getByLabel('Model')).not.toHaveValue(before);
  await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
  // Closes the select's option list if the key opened one (headless Chromium then keeps Enter for it).
  await page.keyboard.press('Escape');

  await tabTo(page, 'Open video or photo', 'Shift+Tab'); // it comes before the Model select
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(VIDEO_FILES.mp4);
  await expect(page.getByTestId('file-info')).toBeVisible();
  await tabTo(page, 'Analyse whole file');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('analysis-message')).toContainText('Analysed', { timeout: 120_000 });
  await tabTo(page, 'Download CSV');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/\.emotions\.csv$/);
  await expectNoSeriousA11yViolations(page, 'file results');
});

test('settings survive a reload and apply: window, mirror, probabilities; reset restores defaults', async ({
  page,
}) => {
  await openApp(page);
  await page.getByText('Settings', { exact: true }).click();
  await page.getByLabel('Smoothing window (frames)').fill('0');
  await expect(page.getByRole('alert').filter({ hasText: 'smoothing window' })).toBeVisible();
  await page.getByLabel('Smoothing window (frames)').fill('5');
  await page.getByLabel('Mirror the camera').uncheck();
  await page.getByLabel('Show probabilities').uncheck();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeEnabled({ timeout: 90_000 });
  await page.getByText('Settings', { exact: true }).click();
  await expect(page.getByLabel('Smoothing window (frames)')).toHaveValue('5');
  await expect(page.getByLabel('Mirror the camera')).not.toBeChecked();
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await expect(page.getByLabel('Camera view')).not.toHaveClass(/mirrored/);
  await expect(page.locator('.bars')).toHaveCount(0);
  await page.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(page.getByLabel('Smoothing window (frames)')).toHaveValue('10');
  await expect(page.getByLabel('Camera view')).toHaveClass(/mirrored/);
  await expect(page.locator('.bars')).toHaveCount(CAMERA_FACE_COUNT);
});

test('a followed face charts its last 30 seconds', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await faceEntries(page).first().getByRole('button', { name: 'Follow' }).click();
  const chart = page.getByTestId('followed-chart');
  await expect(chart).toBeVisible();
  await expect
    .poll(() =>
      chart.evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
        return n;
      }),
    )
    .toBeGreaterThan(100);
});

test.describe('phone-sized screen', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('shows the video and the labels, with no control over the video', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Start camera' }).click();
    await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
    const video = page.getByLabel('Camera view');
    await video.scrollIntoViewIfNeeded();
    const box = await video.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(360);
    expect(box?.width).toBeGreaterThan(300);
    // Nothing but the video and its overlay at the video's centre.
    const topmost = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, {
      x: (box?.x ?? 0) + (box?.width ?? 0) / 2,
      y: (box?.y ?? 0) + (box?.height ?? 0) / 2,
    });
    expect(['VIDEO', 'CANVAS']).toContain(topmost);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await expectNoSeriousA11yViolations(page, 'phone');
  });
});

test('full screen shows the whole stage with its overlay, and leaves it again', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  // The video element's own full screen would show the video without the overlay: it is not offered.
  await expect(page.getByLabel('Camera view')).toHaveAttribute('controlslist', 'nofullscreen');
  await page.getByRole('button', { name: 'Full screen' }).click();
  await expect(page.getByRole('button', { name: 'Exit full screen' })).toBeVisible();
  const overlayFillsScreen = () =>
    page.getByTestId('overlay').evaluate((c: HTMLCanvasElement) => {
      const onScreen = document.fullscreenElement?.contains(c) ?? false;
      const fills =
        c.width === Math.round(innerWidth * devicePixelRatio) &&
        c.height === Math.round(innerHeight * devicePixelRatio);
      const pixels =
        c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      let drawn = 0;
      for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) drawn += 1;
      return onScreen && fills && drawn > 0;
    });
  // Redrawn at the screen's size with every frame's boxes.
  await expect.poll(overlayFillsScreen, { timeout: 20_000 }).toBe(true);
  await page.getByRole('button', { name: 'Exit full screen' }).click();
  await expect(page.getByRole('button', { name: 'Full screen' })).toBeVisible();
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
});
