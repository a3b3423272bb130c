// FER2013 read where it lies (../shared/datasets/fer2013, or $FER2013_DIR): never copied into the
// repository. The one reader of fer2013.csv.gz for the e2e tests, the benchmark and measure-framing.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const FER_PIXELS = 48 * 48;

export function fer2013File() {
  const dir =
    process.env.FER2013_DIR ?? join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'fer2013');
  return join(dir, 'fer2013.csv.gz');
}

export const fer2013Available = () => existsSync(fer2013File());

/**
 * Rows of one split (`Training`, `PublicTest`, `PrivateTest`) in file order: the first `skip` passed
 * over, then up to `limit`. With `markDuplicates`, `duplicate[i]` says whether the image has a
 * byte-identical twin in Training (Training rows come first in the file).
 * @param {{ usage: string, limit?: number, skip?: number, markDuplicates?: boolean, file?: string }} options
 * @returns {Promise<{ pixels: Uint8Array, labels: number[], duplicate: boolean[], count: number }>}
 */
export async function readFer2013({
  usage,
  limit = Infinity,
  skip = 0,
  markDuplicates = false,
  file = fer2013File(),
}) {
  const training = new Set();
  const digest = (/** @type {string} */ s) => createHash('md5').update(s).digest('hex');
  /** @type {Uint8Array[]} */
  const images = [];
  /** @type {number[]} */
  const labels = [];
  /** @type {boolean[]} */
  const duplicate = [];
  let skipped = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const [emotion, values, split] = line.split(',').map((s) => s.trim());
      if (!values || emotion === undefined) continue;
      if (markDuplicates && split === 'Training') training.add(digest(values));
      if (split !== usage) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      if (images.length >= limit) break;
      const grey = Uint8Array.from(values.split(' ').map(Number));
      if (grey.length !== FER_PIXELS) throw new Error(`${file}: a ${usage} row has ${grey.length} pixels`);
      images.push(grey);
      labels.push(Number(emotion));
      duplicate.push(markDuplicates && training.has(digest(values)));
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  const pixels = new Uint8Array(images.length * FER_PIXELS);
  images.forEach((grey, i) => pixels.set(grey, i * FER_PIXELS));
  return { pixels, labels, duplicate, count: images.length };
}
