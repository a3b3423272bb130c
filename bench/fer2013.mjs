// FER2013 PrivateTest for the accuracy suite (the shared reader: scripts/fer2013.mjs), with a flag on
// each image that has a byte-identical twin in Training (the dataset README asks for a deduplicated
// figure beside the plain one).
import { readFer2013 } from '../scripts/fer2013.mjs';

export { FER_PIXELS, fer2013Available, fer2013File } from '../scripts/fer2013.mjs';

/**
 * The first `limit` PrivateTest images. `labels[i]` is the dataset's `emotion` column, an index into
 * FER2013's own label order (which our exporter writes into every model's spec.json).
 * @param {number} limit
 */
export const readPrivateTest = (limit = Infinity) =>
  readFer2013({ usage: 'PrivateTest', limit, markDuplicates: true });
