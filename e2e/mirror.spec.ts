// A photo's faces are classified as they are and mirrored left to right, and labelled by the mean of the two
// views (src/pipeline/ensemble.ts mirrorAveraged): what the app shows for an opened photo is that mean, not
// the single view a live frame gets.

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { faceEntries, openApp } from './browser';
import { CAMERA_FACE_COUNT, photo } from './media';

const PHOTO = photo(1);

type Faces = { x: number; probabilities: number[] }[];

test("an opened photo's faces get the mean of each face and its mirror image", async ({ page }) => {
  const watch = await openApp(page, '?backend=wasm');
  await page.getByTestId('file-input').setInputFiles(PHOTO);
  await expect(faceEntries(page)).toHaveCount(CAMERA_FACE_COUNT, { timeout: 30_000 });

  const { shown, mirrored, single } = await page.evaluate(async (base64) => {
    type Face = { box: { x: number }; probabilities: ArrayLike<number> };
    type Result = { faces: Face[] };
    const session = (
      window as unknown as {
        ferSession: {
          frame: { get(): { result: Result | null } };
          analyzeStill(image: HTMLImageElement, mirror: boolean): Promise<Result>;
        };
      }
    ).ferSession;
    const faces = (result: Result | null) =>
      (result?.faces ?? []).map((f) => ({ x: f.box.x, probabilities: Array.from(f.probabilities) }));
    const image = new Image();
    image.src = `data:image/jpeg;base64,${base64}`;
    await image.decode();
    return {
      shown: faces(session.frame.get().result),
      mirrored: faces(await session.analyzeStill(image, true)),
      single: faces(await session.analyzeStill(image, false)),
    };
  }, readFileSync(PHOTO).toString('base64'));

  const gap = (a: Faces, b: Faces) =>
    Math.max(
      ...a.flatMap((face, i) =>
        face.probabilities.map((p, c) => Math.abs(p - (b[i]?.probabilities[c] ?? NaN))),
      ),
    );
  for (const faces of [mirrored, single]) {
    expect(faces.map((f) => f.x)).toEqual(shown.map((f) => f.x)); // the same faces in the same order
  }
  expect(gap(shown, mirrored)).toBeLessThan(1e-5);
  // The mirror image moves the probabilities: an app that classified each face once would fail above.
  expect(gap(shown, single)).toBeGreaterThan(0.01);
  expect(watch.errors).toEqual([]);
});
