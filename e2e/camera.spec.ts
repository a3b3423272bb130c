// Live camera, end to end: a fake camera showing real faces (face-api's sample1.jpg) through the built app.

import { expect, test } from '@playwright/test';
import { expectOnlyOwnOrigin, faceEntries, fakeCameraLaunch, openApp } from './browser';
import { CAMERA_FACE_COUNT, CAMERA_FACES } from './media';

test.use({ launchOptions: fakeCameraLaunch(CAMERA_FACES) });

test('every face from the camera gets a box and a label, and switching models keeps labels coming', async ({
  page,
  baseURL,
}) => {
  const watch = await openApp(page);
  await page.getByRole('button', { name: 'Start camera' }).click();

  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 20_000 });
  // Labels must be ones the running model declares (its spec.json), read from the page, not typed here.
  const labels = await page.evaluate(
    () =>
      (
        window as unknown as { ferSession: { frame: { get(): { result: { labels: string[] } | null } } } }
      ).ferSession.frame.get().result?.labels ?? [],
  );
  expect(labels).toHaveLength(7);
  for (const label of await faceEntries(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('data-label')),
  )) {
    expect(labels).toContain(label);
  }

  await expect(faceEntries(page).first().locator('.caption')).toHaveText(/^.*Face \d+: [a-z]+ \d+%$/);

  // The overlay canvas has drawn boxes: some pixels are not transparent.
  const drawn = await page.getByTestId('overlay').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
    return n;
  });
  expect(drawn).toBeGreaterThan(100);
  await expect(page.getByTestId('fps')).not.toHaveText('–');

  const select = page.getByLabel('Model');
  const options = await select
    .locator('option:not([disabled])')
    .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
  const started = await select.inputValue();
  for (const id of options
    .filter((v) => v !== started)
    .concat(started)
    .slice(0, 2)) {
    await select.selectOption(id);
    await expect(select).toHaveValue(id);
    await expect(page.getByTestId('status')).not.toHaveText(/Loading/, { timeout: 60_000 });
    const frames = () =>
      page.evaluate(
        () => (window as unknown as { ferSession: { frameCount: number } }).ferSession.frameCount,
      );
    const before = await frames();
    await expect.poll(frames, { timeout: 20_000 }).toBeGreaterThan(before + 3);
    await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 20_000 });
  }

  await page.getByRole('button', { name: 'Stop camera' }).click();
  expect(watch.errors).toEqual([]);
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});
