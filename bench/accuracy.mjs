// Accuracy of one target's classifier on FER2013 PrivateTest: the same 48×48 faces for every target, each
// through the target's own preprocessing (bench/pages/<target>.js), scored in FER2013's label order.
import { FER_PIXELS } from './fer2013.mjs';

/** Images per page.evaluate call (~1.5 MB of base64) and per classifier call. */
const CHUNK = 512;
const BATCH = 64;

/**
 * @param {import('playwright-core').Page} page
 * @param {{ pixels: Uint8Array, labels: number[], duplicate: boolean[] }} images
 * @param {readonly string[]} ferLabels FER2013's label words, in its order
 * @param {readonly string[]} targetLabels the target's output order, in its words
 * @param {Readonly<Record<string, string>>} aliases its words → FER2013's
 */
export async function measureAccuracy(page, images, ferLabels, targetLabels, aliases = {}) {
  const toFer = targetLabels.map((label) => {
    const index = ferLabels.indexOf(aliases[label] ?? label);
    if (index < 0) throw new Error(`label '${label}' has no FER2013 counterpart`);
    return index;
  });
  const count = images.labels.length;
  /** @type {number[]} */
  const predicted = [];
  const t0 = performance.now();
  for (let start = 0; start < count; start += CHUNK) {
    const bytes = images.pixels.subarray(start * FER_PIXELS, Math.min(count, start + CHUNK) * FER_PIXELS);
    const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    /** @type {number[]} */
    const top = await page.evaluate((o) => window.bench.classify(o), { base64, batch: BATCH });
    predicted.push(...top.map((i) => toFer[i]));
  }
  const msPerFace = (performance.now() - t0) / count;
  const confusion = ferLabels.map(() => ferLabels.map(() => 0));
  predicted.forEach((p, i) => confusion[images.labels[i]][p]++);
  const right = (/** @type {number} */ i) => predicted[i] === images.labels[i];
  const all = images.labels.map((_, i) => i);
  const unique = all.filter((i) => !images.duplicate[i]);
  return {
    images: count,
    accuracy: all.filter(right).length / count,
    dedupImages: unique.length,
    dedupAccuracy: unique.filter(right).length / unique.length,
    recall: Object.fromEntries(
      ferLabels.map((label, t) => [label, confusion[t][t] / confusion[t].reduce((a, b) => a + b, 0)]),
    ),
    confusion,
    msPerFace,
  };
}
