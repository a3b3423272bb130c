// The frames every target sees: face-api's six sample photos, cut into faces by our detector and tiled
// 1, 2, 4, 8 and 16 per 640×480 frame (bench/pages/frames.js). Kept in bench/.media/frames/ (git-ignored)
// and reused, so that runs compare like with like; delete the folder to rebuild them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTarget } from './browser.mjs';

export const FACE_COUNTS = [1, 2, 4, 8, 16];
const DIR = join(import.meta.dirname, '.media/frames');
const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => `/peers/face-api/demo/sample${i}.jpg`);

/** @typedef {{ faces: number, url: string }} Frame */

/** @param {number} faces @returns {Frame} */
const frame = (faces) => ({ faces, url: `/media/frames/faces-${faces}.png` });

/**
 * The frames, built on first use with our detector in `browser` (a wasm browser).
 * @param {import('playwright-core').Browser} browser
 * @param {import('./peers/package.mjs').Target} ours
 * @returns {Promise<Frame[]>}
 */
export async function ensureFrames(browser, ours) {
  const file = (/** @type {number} */ n) => join(DIR, `faces-${n}.png`);
  if (FACE_COUNTS.every((n) => existsSync(file(n)))) return FACE_COUNTS.map(frame);
  const { page } = await openTarget(browser, ours, 'wasm');
  const made = await page.evaluate(
    async (options) => (await import('/bench/frames.js')).makeFrames(options),
    { photos: PHOTOS, counts: FACE_COUNTS },
  );
  await page.close();
  mkdirSync(DIR, { recursive: true });
  for (const { faces, png } of made) writeFileSync(file(faces), Buffer.from(png.split(',')[1], 'base64'));
  console.log(`frames: made ${FACE_COUNTS.join(', ')}-face frames in ${DIR}`);
  return FACE_COUNTS.map(frame);
}
