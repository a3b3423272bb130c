// Stage first (issue 18): at a laptop, a desktop and a phone size the picture and a face's label are in the
// first screen after Start camera and after opening a photo, on the first visit too (the introduction folds
// away); a photo's result is announced once; focus stays on the camera button and in the Model menu.
// With SCREENSHOTS=<folder> (npm run screenshots) each size is also saved there for the README.

import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, faceEntries, fakeCameraLaunch, openApp } from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES, photo } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

const SIZES = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'desktop', width: 1920, height: 1080 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** The element lies wholly inside the first screen (the page not scrolled). */
async function expectInFirstScreen(page: Page, element: Locator, what: string): Promise<void> {
  const box = await element.boundingBox();
  const viewport = page.viewportSize();
  expect(box, what).not.toBeNull();
  expect(await page.evaluate(() => scrollY), 'the page is not scrolled').toBe(0);
  if (!box || !viewport) return;
  expect(box.y, `${what}: top`).toBeGreaterThanOrEqual(0);
  expect(box.x, `${what}: left`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what}: bottom`).toBeLessThanOrEqual(viewport.height);
  expect(box.x + box.width, `${what}: right`).toBeLessThanOrEqual(viewport.width);
}

const shoot = async (page: Page, file: string) => {
  const folder = process.env['SCREENSHOTS'];
  // JPEG: a tenth of the PNG's size for a photo-like page, and the README's pictures need no more.
  if (folder) await page.screenshot({ path: join(folder, file), type: 'jpeg', quality: 80 });
};

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('the stage and a label are in the first screen, for the camera and for a photo', async ({
      page,
    }) => {
      await openApp(page); // a fresh profile: the first visit, introduction open
      await expect(page.locator('details.intro')).toHaveAttribute('open', '');
      await page.getByRole('button', { name: 'Start camera' }).click();
      await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
      await expect(page.locator('details.intro')).not.toHaveAttribute('open', '');
      await expectInFirstScreen(page, page.getByLabel('Camera view'), 'the camera view');
      await expectInFirstScreen(page, faceEntries(page).first().locator('.caption'), "a face's label");
      await expect(faceEntries(page).first().locator('.held')).toHaveText(/^ for \d+ s$/);
      await shoot(page, `camera-${size.width}x${size.height}.jpg`);
      await expectNoSeriousA11yViolations(page, `camera at ${size.name}`);

      await page.getByTestId('file-input').setInputFiles(photo(1));
      await expect(page.getByTestId('announcer')).toContainText(
        `sample1.jpg: ${CAMERA_FACE_COUNT} faces. Face`,
        { timeout: 30_000 },
      );
      await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT);
      await expectInFirstScreen(page, page.getByTestId('photo'), 'the photo');
      await expectInFirstScreen(page, faceEntries(page).first().locator('.caption'), "a photo face's label");
      await expectNoSeriousA11yViolations(page, `photo at ${size.name}`);
    });
  });
}

/** The focused element's tag and its accessible text (a button's text, a select's label). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const text =
      el instanceof HTMLSelectElement ? (el.labels?.[0]?.textContent ?? '') : (el?.textContent ?? '');
    return `${el?.tagName ?? ''} ${text.trim().split(/\s+/)[0] ?? ''}`;
  });

test('focus stays on the camera button across Start/Stop, and in the Model menu while a model loads', async ({
  page,
}) => {
  await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Stop camera' })).toBeVisible({ timeout: 20_000 });
  expect(await focused(page)).toBe('BUTTON Stop');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Start camera' })).toBeVisible();
  expect(await focused(page)).toBe('BUTTON Start');

  const menu = page.getByLabel('Model');
  const usable = await menu
    .locator('option:not([disabled])')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  await menu.focus();
  const first = await menu.evaluate((s: HTMLSelectElement) => s.selectedIndex);
  const key = first > 0 ? 'ArrowUp' : 'ArrowDown';
  await page.keyboard.press(key);
  const chosen = await menu.inputValue();
  expect(chosen).not.toBe(usable[first]);
  await expect(page.getByTestId('status')).toHaveText(/Loading/);
  expect(await focused(page)).toBe('SELECT Model'); // while the model loads
  await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
  expect(await focused(page)).toBe('SELECT Model');
  // The next arrow press works: another model is chosen and loads.
  const now = await menu.evaluate((s: HTMLSelectElement) => s.selectedIndex);
  await page.keyboard.press(now > 0 ? 'ArrowUp' : 'ArrowDown');
  await expect(menu).not.toHaveValue(chosen);
  await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
  expect(await focused(page)).toBe('SELECT Model');
});
