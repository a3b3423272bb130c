// A photo opened instead of a video: its faces are boxed and labelled as the pipeline labels that image;
// another model labels it again at once; the snapshot is the photo at its own size with the overlay; a
// photo without faces says so; a file that is not an image gets a message and changes nothing.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  download,
  dropFile,
  expectNoSeriousA11yViolations,
  expectOnlyOwnOrigin,
  faceEntries,
  openApp,
  pickAnotherModel,
} from './browser';
import { CAMERA_FACE_COUNT, photo, PHOTO_LARGE, PHOTO_NO_FACE, VIDEO_FILES } from './media';

const PHOTO = photo(1);

type Face = { box: { x: number }; probabilities: Float32Array };
type SessionApi = {
  frame: { get(): { result: { faces: Face[] } | null } };
  analyzeStill(image: HTMLImageElement, averageViews?: boolean): Promise<{ faces: Face[] }>;
};

/** A photo's faces: each one's left edge, and its probabilities. */
type Faces = { x: number[]; probabilities: number[][] };

/**
 * The faces the app shows for the open photo; those of the pipeline on the same file, as a photo is labelled
 * (each face's views averaged: three crop scales, each mirrored); and those of a single view of each face, as
 * a camera frame's.
 */
async function shownAndExpected(page: Page): Promise<{ shown: Faces; expected: Faces; single: Faces }> {
  return page.evaluate(async (b64) => {
    const session = (window as unknown as { ferSession: SessionApi }).ferSession;
    const image = new Image();
    image.src = `data:image/jpeg;base64,${b64}`;
    await image.decode();
    const expected = await session.analyzeStill(image);
    const single = await session.analyzeStill(image, false);
    const faces = (list: Face[]) => ({
      x: list.map((f) => f.box.x),
      probabilities: list.map((f) => Array.from(f.probabilities)),
    });
    return {
      shown: faces(session.frame.get().result?.faces ?? []),
      expected: faces(expected.faces),
      single: faces(single.faces),
    };
  }, readFileSync(PHOTO).toString('base64'));
}

/** The largest difference between two photos' probabilities, face by face and class by class. */
const largestGap = (a: number[][], b: number[][]) =>
  Math.max(...a.flatMap((face, i) => face.map((p, c) => Math.abs(p - (b[i]?.[c] ?? NaN)))));

/** Width and height of a PNG given as base64, as the browser decodes it. */
function pngSize(page: Page, base64: string): Promise<number[]> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    return [bitmap.width, bitmap.height];
  }, base64);
}

function expectClose(shown: number[][], expected: number[][]): void {
  expect(shown).toHaveLength(expected.length);
  shown.forEach((face, i) => face.forEach((p, k) => expect(p).toBeCloseTo(expected[i]?.[k] ?? NaN, 4)));
}

test('a photo: every face labelled as the pipeline labels it, again with another model, and a snapshot', async ({
  page,
  baseURL,
}) => {
  const watch = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(page.getByTestId('photo-info')).toContainText(basename(PHOTO));
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await expect(page.getByTestId('photo')).toBeVisible();
  await expect(page.getByLabel('Camera view')).toBeHidden();
  // A photo's faces have no time: no "held for", no chart to follow.
  await expect(page.getByRole('button', { name: 'Follow' })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'photo');
  const first = await shownAndExpected(page);
  expectClose(first.shown.probabilities, first.expected.probabilities);
  // Each face's views averaged (src/pipeline/cropInput.ts STILL_VIEW_SCALES, each mirrored): the same faces in
  // the same order as a single view, whose probabilities differ, so an app that classified each face once fails.
  for (const faces of [first.expected, first.single]) expect(faces.x).toEqual(first.shown.x);
  expect(largestGap(first.shown.probabilities, first.expected.probabilities)).toBeLessThan(1e-5);
  expect(largestGap(first.shown.probabilities, first.single.probabilities)).toBeGreaterThan(0.01);

  await pickAnotherModel(page);
  await expect
    .poll(async () => (await shownAndExpected(page)).shown.probabilities[0]?.[0], { timeout: 20_000 })
    .not.toBe(first.shown.probabilities[0]?.[0]);
  const second = await shownAndExpected(page);
  expectClose(second.shown.probabilities, second.expected.probabilities);

  const snapshot = await download(page, 'Snapshot');
  expect(snapshot.file).toBe(`${basename(PHOTO, '.jpg')}.annotated.png`);
  const [width, height] = await pngSize(page, snapshot.base64);
  await expect(page.getByTestId('photo-info')).toContainText(`${width}×${height}`);
  expect(watch.errors).toEqual([]);
  expectOnlyOwnOrigin(watch.requests, baseURL as string);
});

test('a photo without a face says so; a file that is not an image changes nothing; a video replaces the photo', async ({
  page,
}) => {
  const watch = await openApp(page);
  const input = page.getByTestId('file-input');
  await dropFile(page, PHOTO_NO_FACE);
  await expect(page.getByText('No face found in the photo.')).toBeVisible({ timeout: 30_000 });

  await input.setInputFiles(PHOTO);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  await input.setInputFiles({
    name: 'broken.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('not a photo'),
  });
  await expect(page.getByTestId('file-error')).toContainText(
    /“broken\.jpg” cannot be opened: it is not an image this browser can read/,
  );
  await expect(page.getByTestId('photo-info')).toContainText(basename(PHOTO));
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT);

  await input.setInputFiles(VIDEO_FILES.webm);
  await expect(page.getByTestId('file-info')).toContainText(basename(VIDEO_FILES.webm));
  await expect(page.getByTestId('photo')).toHaveCount(0);
  await expect(page.getByTestId('photo-info')).toHaveCount(0);
  await expect(page.getByLabel('Video file', { exact: true })).toBeVisible();
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  expect(watch.errors).toEqual([]);
});

test('a photo larger than 4096 px is analysed, shown and saved at 4096 px on its longest side', async ({
  page,
}) => {
  const watch = await openApp(page);
  await page.getByTestId('file-input').setInputFiles(PHOTO_LARGE);
  await expect(page.getByTestId('photo-info')).toContainText('6000×4000, analysed at 4096×2731');
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });
  const snapshot = await download(page, 'Snapshot');
  expect(await pngSize(page, snapshot.base64)).toEqual([4096, 2731]);
  expect(watch.errors).toEqual([]);
});

test('several photos are labelled in turn into one table, a broken one named with its reason; CSV and JSON agree', async ({
  page,
}) => {
  const watch = await openApp(page);
  const input = page.getByTestId('file-input');
  const broken = { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') };
  await input.setInputFiles([
    { name: basename(PHOTO), mimeType: 'image/jpeg', buffer: readFileSync(PHOTO) },
    broken,
    { name: basename(PHOTO_NO_FACE), mimeType: 'image/png', buffer: readFileSync(PHOTO_NO_FACE) },
  ]);
  await expect(page.getByTestId('photos-progress')).toContainText('3 of 3 photos, 3 faces', {
    timeout: 60_000,
  });
  const rows = page.getByTestId('photos-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-faces', String(CAMERA_FACE_COUNT));
  await expect(rows.nth(1)).toContainText('“broken.jpg” cannot be opened');
  // A row says what went wrong with that photo, not the page's advice of what still works.
  await expect(rows.nth(1)).not.toContainText('try another file');
  await expect(rows.nth(2)).toContainText('no face found');
  // The stage shows the last photo read.
  await expect(page.getByTestId('photo-info')).toContainText(basename(PHOTO_NO_FACE));

  const csv = (await download(page, 'Download photos CSV')).text.trimEnd().split('\r\n');
  expect(csv).toHaveLength(1 + CAMERA_FACE_COUNT + 2);
  const header = (csv[0] ?? '').split(',');
  const json = JSON.parse((await download(page, 'Download photos JSON')).text);
  expect(json.photos.map((p: { name: string }) => p.name)).toEqual([
    basename(PHOTO),
    'broken.jpg',
    basename(PHOTO_NO_FACE),
  ]);
  const faces: { label: string }[] = json.photos[0].faces;
  expect(faces).toHaveLength(CAMERA_FACE_COUNT);
  faces.forEach((face, i) => {
    const cells = (csv[1 + i] ?? '').split(',');
    expect(cells[header.indexOf('photo')]).toBe(basename(PHOTO));
    expect(cells[header.indexOf('label')]).toBe(face.label);
    expect(json.labels).toContain(face.label);
  });

  // A video among photos is refused with a message; what is open stays.
  await input.setInputFiles([PHOTO, VIDEO_FILES.webm]);
  await expect(page.getByTestId('file-error')).toContainText(/is not a photo: open one video at a time/);
  await expect(page.getByTestId('photo-info')).toContainText(basename(PHOTO_NO_FACE));
  expect(watch.errors).toEqual([]);
});
