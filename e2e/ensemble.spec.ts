// "All three" in the Model menu: a photo's faces get the mean of the three models' probabilities, computed in
// the app's worker; and when a member cannot load, the ensemble is unavailable with why and the app goes on.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { faceEntries, openApp } from './browser';
import { CAMERA_FACE_COUNT, photo } from './media';

const PHOTO = photo(1);
const MODELS = join(import.meta.dirname, '..', 'public', 'models');
const manifest = JSON.parse(readFileSync(join(MODELS, 'manifest.json'), 'utf8')) as {
  models: { id: string; name: string; members?: string[] }[];
};
const ensemble = manifest.models.find((m) => m.members);
const members = ensemble?.members ?? [];

type Shown = { box: { x: number; y: number }; probabilities: number[] }[];

/** The faces the app shows for the open photo: their boxes and probabilities. */
function shownFaces(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    type Face = { box: { x: number; y: number }; probabilities: Float32Array };
    const session = (
      window as unknown as { ferSession: { frame: { get(): { result: { faces: Face[] } | null } } } }
    ).ferSession;
    return (session.frame.get().result?.faces ?? []).map((f) => ({
      box: { x: f.box.x, y: f.box.y },
      probabilities: Array.from(f.probabilities),
    }));
  });
}

/** Picks model `value` in the menu and waits until the photo has been labelled again by it. */
async function pick(page: Page, value: string, previous: Shown): Promise<Shown> {
  const select = page.getByLabel('Model');
  await select.selectOption(value);
  await expect(select).toHaveValue(value);
  await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
  // Another model's probabilities differ: the photo has been analysed again once they change.
  await expect
    .poll(async () => (await shownFaces(page))[0]?.probabilities[0], { timeout: 30_000 })
    .not.toBe(previous[0]?.probabilities[0]);
  return shownFaces(page);
}

test('"All three" labels a photo with the mean of the three models’ probabilities', async ({ page }) => {
  expect(members.length).toBeGreaterThanOrEqual(2); // the manifest ships the ensemble
  const watch = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });

  const select = page.getByLabel('Model');
  let shown = await shownFaces(page);
  const singles: Shown[] = [];
  for (const id of members) {
    if ((await select.inputValue()) !== id) shown = await pick(page, id, shown);
    singles.push(shown);
  }
  const allThree = await select.locator('option', { hasText: /^All three/ }).getAttribute('value');
  const averaged = await pick(page, allThree ?? '', shown);

  expect(averaged).toHaveLength(CAMERA_FACE_COUNT);
  // The members disagree on this photo, so any answer but their mean (one member's, a sum) fails below.
  const spread = (i: number, c: number) => {
    const ps = singles.map((s) => s[i]?.probabilities[c] ?? NaN);
    return Math.max(...ps) - Math.min(...ps);
  };
  expect(
    Math.max(...averaged.flatMap((face, i) => face.probabilities.map((_, c) => spread(i, c)))),
  ).toBeGreaterThan(0.01);
  averaged.forEach((face, i) => {
    // The same faces in the same order under every model: one detector, one photo.
    for (const single of singles) expect(single[i]?.box).toEqual(face.box);
    face.probabilities.forEach((p, c) => {
      const mean = singles.reduce((sum, s) => sum + (s[i]?.probabilities[c] ?? NaN), 0) / singles.length;
      expect(Math.abs(p - mean), `face ${i}, class ${c}`).toBeLessThan(1e-5);
    });
  });
  expect(watch.errors).toEqual([]);
});

test('a member that cannot load: "All three" is unavailable with why, the current model keeps labelling', async ({
  page,
}) => {
  // The app starts on the model that leads its cards' dev-set figure: break the member that trails it, so
  // that the app starts on a working model and the ensemble is what the broken file takes down.
  const devFigure = (id: string): number =>
    JSON.parse(readFileSync(join(MODELS, id, 'card.json'), 'utf8')).lfw_expressions?.balanced_accuracy ?? 0;
  const trailing = [...members].sort((a, b) => devFigure(a) - devFigure(b))[0];
  const broken = manifest.models.find((m) => m.id === trailing);
  await page.route(`**/models/${broken?.id}/weights.bin`, (route) => route.fulfill({ status: 404 }));
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openApp(page);
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });

  const select = page.getByLabel('Model');
  const before = await select.inputValue();
  const option = select.locator(`option[value="${ensemble?.id}"]`);
  await select.selectOption(ensemble?.id ?? '');
  await expect(option).toBeDisabled();
  await expect(select).toHaveValue(before);
  const message = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
  await expect(message).toHaveCount(1);
  await expect(message).toContainText(`${ensemble?.name} could not be loaded;`);
  await expect(message.locator('details')).toContainText(
    new RegExp(`${broken?.name} failed to load \\(.*404.*\\)`),
  );
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT);
  expect(pageErrors).toEqual([]);
});

test('?model=all starts the app on "All three", and it labels the photo', async ({ page }) => {
  const watch = await openApp(page, `?model=${ensemble?.id}`);
  await expect(page.getByLabel('Model')).toHaveValue(ensemble?.id ?? '');
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  expect(watch.errors).toEqual([]);
});
