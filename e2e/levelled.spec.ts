// A tilted head is labelled as the same head held level: a photo's faces have their crops turned by the
// slope of their eye lines (src/pipeline/geometry.ts levellingTurn, cropSquare; preprocess.ts), so a photo
// turned by ±20° gives its face nearly the probabilities it has upright. Without the levelling they
// move further (see MAX_MEAN_L1).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './browser';

const LFW_EXPRESSIONS =
  process.env['LFW_EXPRESSIONS_DIR'] ??
  join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'lfw-expressions');
/** Photos per class from lfw-expressions (the first of each in labels.csv: a fixed slice). */
const PER_CLASS = 10;
/** Degrees each photo is turned by: clockwise and anticlockwise in turn. */
const TURN = 20;
/**
 * The largest mean L1 distance allowed between a photo's face probabilities upright and turned. Measured on
 * this slice (70 photos) with the default model when the test was written: 0.268 levelled, 0.397 with the
 * crop's turn forced to 0 (the test then fails).
 */
const MAX_MEAN_L1 = 0.35;

/** The slice: file names, a fixed number per class. Missing data fails the test (CI must not skip it). */
function slice(): string[] {
  const lines = readFileSync(join(LFW_EXPRESSIONS, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const taken: Record<string, number> = {};
  return lines
    .map((line) => line.split(','))
    .filter(([, label]) => (taken[label ?? ''] = (taken[label ?? ''] ?? 0) + 1) <= PER_CLASS)
    .map(([file]) => file ?? '');
}

/** The largest face's probabilities with the photo upright and turned by `degrees` (null: no face). */
function uprightAndTurned(page: Page, jpeg: string, degrees: number): Promise<(number[] | null)[]> {
  return page.evaluate(
    async ({ jpeg, degrees }) => {
      type Face = { box: { width: number; height: number }; probabilities: ArrayLike<number> };
      const session = (
        window as unknown as {
          ferSession: {
            analyzeStill(image: HTMLCanvasElement, averageViews: boolean): Promise<{ faces: Face[] }>;
          };
        }
      ).ferSession;
      const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
      const image = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
      const out: (number[] | null)[] = [];
      for (const turn of [0, degrees]) {
        const angle = (turn * Math.PI) / 180;
        const [cos, sin] = [Math.abs(Math.cos(angle)), Math.abs(Math.sin(angle))];
        const canvas = document.createElement('canvas');
        canvas.width = Math.ceil(image.width * cos + image.height * sin);
        canvas.height = Math.ceil(image.width * sin + image.height * cos);
        const context = canvas.getContext('2d') as CanvasRenderingContext2D;
        context.fillStyle = '#808080';
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.translate(canvas.width / 2, canvas.height / 2);
        context.rotate(angle);
        context.drawImage(image, -image.width / 2, -image.height / 2);
        // Each face once, as MAX_MEAN_L1 was measured: averaged views would blur the turn being tested.
        const { faces } = await session.analyzeStill(canvas, false);
        const area = (f: Face) => f.box.width * f.box.height;
        const largest = faces.reduce<Face | null>((a, f) => (!a || area(f) > area(a) ? f : a), null);
        out.push(largest ? Array.from(largest.probabilities) : null);
      }
      return out;
    },
    { jpeg, degrees },
  );
}

test('photos turned ±20°: each face gets nearly the probabilities it has upright', async ({ page }) => {
  const watch = await openApp(page);
  const distances: number[] = [];
  for (const [index, file] of slice().entries()) {
    const jpeg = readFileSync(join(LFW_EXPRESSIONS, 'images', file)).toString('base64');
    const [upright, turned] = await uprightAndTurned(page, jpeg, index % 2 === 0 ? TURN : -TURN);
    if (upright && turned)
      distances.push(upright.reduce((sum, p, i) => sum + Math.abs(p - (turned[i] ?? 0)), 0));
  }
  const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
  console.log(`${distances.length} photos with a face both ways, mean L1 ${mean.toFixed(3)}`);
  expect(distances.length).toBeGreaterThanOrEqual(60);
  expect(mean).toBeLessThan(MAX_MEAN_L1);
  expect(watch.errors).toEqual([]);
});
