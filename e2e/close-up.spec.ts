// Faces at every scale: a close-up photo (the face filling most of a 200×200 frame, as in a profile picture)
// is found and labelled with the default detector range ('auto'), and is not by the far (full) range alone,
// whether that is asked for in the URL or chosen in the settings.

import { expect, test, type Page } from '@playwright/test';
import { faceEntries, openApp } from './browser';
import { PHOTO_CLOSE_UP } from './media';

const NO_FACE = 'No face found in the photo.';

/** The labels the running model declares (its spec.json), read from the page. */
function modelLabels(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      (
        window as unknown as { ferSession: { frame: { get(): { result: { labels: string[] } | null } } } }
      ).ferSession.frame.get().result?.labels ?? [],
  );
}

async function expectOneLabelledFace(page: Page): Promise<void> {
  await expect(faceEntries(page)).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByText(NO_FACE)).toHaveCount(0);
  const label = await faceEntries(page).first().getAttribute('data-label');
  expect(await modelLabels(page)).toContain(label);
}

test('a close-up photo: found and labelled by default, not by the far range alone', async ({ page }) => {
  const watch = await openApp(page);
  const range = page.getByLabel('Detector range');
  await expect(range).toHaveValue('auto');
  await page.getByTestId('file-input').setInputFiles(PHOTO_CLOSE_UP);
  await expectOneLabelledFace(page);

  // The settings' override: the photo is analysed again with each choice.
  await page.getByText('Settings', { exact: true }).click();
  await range.selectOption('full');
  await expect(page.getByText(NO_FACE)).toBeVisible({ timeout: 30_000 });
  await expect(faceEntries(page)).toHaveCount(0);
  await range.selectOption('auto');
  await expectOneLabelledFace(page);

  // The URL's override, on a fresh visit.
  await openApp(page, '?range=full');
  await expect(range).toHaveValue('full');
  await page.getByTestId('file-input').setInputFiles(PHOTO_CLOSE_UP);
  await expect(page.getByText(NO_FACE)).toBeVisible({ timeout: 30_000 });
  await expect(faceEntries(page)).toHaveCount(0);
  expect(watch.errors).toEqual([]);
});
