// FER2013 PrivateTest for the accuracy suite, read where the dataset lies (../shared/datasets/fer2013 or
// $FER2013_DIR; never copied into the repository), with a flag on each image that has a byte-identical
// twin in Training (the dataset README asks for a deduplicated figure beside the plain one).
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const FER_PIXELS = 48 * 48;

export function fer2013File() {
  const dir = process.env.FER2013_DIR ?? join(import.meta.dirname, '../../shared/datasets/fer2013');
  return join(dir, 'fer2013.csv.gz');
}

export const fer2013Available = () => existsSync(fer2013File());

/**
 * The first `limit` PrivateTest images. `labels[i]` is the dataset's `emotion` column, an index into
 * FER2013's own label order (which our exporter writes into every model's spec.json).
 * @param {number} limit
 * @returns {Promise<{ pixels: Uint8Array, labels: number[], duplicate: boolean[] }>}
 */
export async function readPrivateTest(limit = Infinity) {
  const training = new Set();
  /** @type {number[][]} */
  const images = [];
  const labels = [];
  const duplicate = [];
  const digest = (/** @type {string} */ s) => createHash('md5').update(s).digest('hex');
  const lines = createInterface({
    input: createReadStream(fer2013File()).pipe(createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of lines) {
    const [emotion, values, usage] = line.split(',').map((s) => s.trim());
    if (usage === 'Training') training.add(digest(values));
    if (usage !== 'PrivateTest') continue;
    if (images.length === limit) break; // PrivateTest comes last: nothing more is needed
    const grey = values.split(' ').map(Number);
    if (grey.length !== FER_PIXELS) throw new Error(`a PrivateTest row has ${grey.length} pixels`);
    images.push(grey);
    labels.push(Number(emotion));
    duplicate.push(training.has(digest(values)));
  }
  const pixels = new Uint8Array(images.length * FER_PIXELS);
  images.forEach((grey, i) => pixels.set(grey, i * FER_PIXELS));
  return { pixels, labels, duplicate };
}
