// Page side of the benchmark: the same measurements for every target (our app, face-api, Human). A target
// adapter calls `install(target)`; Node drives the resulting `window.bench` through page.evaluate.

/**
 * @typedef {{ detectMs: number, cropMs: number, classifyMs: number }} Stages
 * @typedef {{ faces: number, stages?: Stages }} FrameOutcome
 * @typedef {object} Target
 * @property {(backend: string) => Promise<{ backend: string }>} load  loads models and runtime on `backend`
 * @property {(frame: HTMLCanvasElement) => Promise<FrameOutcome>} analyze  one frame: detect and classify every face
 * @property {(pixels: Uint8Array, count: number) => Promise<ArrayLike<number>[]>} classifyGrey
 *   bare 48×48 grey faces through the emotion classifier, one score vector per face in `labels` order
 * @property {readonly string[]} labels  the classifier's output order in the target's own words ([] if unknown here)
 * @property {(image: HTMLCanvasElement, variant: string) => Promise<PhotoFace[]>} [photo]
 *   a photo through the target's whole pipeline (detector, crop, classifier), as a user of it would run it;
 *   `variant` names one of its pipelines where it has several (face-api: 'ssd' or 'aligned')
 * @typedef {{ box: { x: number, y: number, width: number, height: number }, scores: ArrayLike<number> }} PhotoFace
 */

/** @param {string} url @returns {Promise<HTMLCanvasElement>} */
async function loadFrame(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
  bitmap.close();
  return canvas;
}

/**
 * The photo centred on a canvas `pad` times its size, filled with mid grey: detectors made for faces
 * smaller than the frame (face-api's SSD) find none in a face-and-hair crop, and find it padded.
 * @param {HTMLCanvasElement} photo @param {number} pad
 */
function padded(photo, pad) {
  if (pad <= 1) return photo;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(photo.width * pad);
  canvas.height = Math.round(photo.height * pad);
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  context.fillStyle = '#808080';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(photo, (canvas.width - photo.width) / 2, (canvas.height - photo.height) / 2);
  return canvas;
}

/**
 * The photo turned by `degrees` (clockwise) about its centre, on a canvas just large enough for it,
 * mid grey where the photo does not reach: a head tilted as people tilt theirs at a camera.
 * @param {HTMLCanvasElement} photo @param {number} degrees
 */
function turned(photo, degrees) {
  if (degrees === 0) return photo;
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.abs(Math.cos(angle));
  const sin = Math.abs(Math.sin(angle));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(photo.width * cos + photo.height * sin);
  canvas.height = Math.ceil(photo.width * sin + photo.height * cos);
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  context.fillStyle = '#808080';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate(angle);
  context.drawImage(photo, -photo.width / 2, -photo.height / 2);
  return canvas;
}

/** @param {string} base64 */
function bytes(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** @param {ArrayLike<number>} values */
function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Runs `fn` and times it. @template T @param {() => Promise<T>} fn */
async function timed(fn) {
  const start = performance.now();
  const outcome = await fn();
  return { ms: performance.now() - start, outcome };
}

const FER_PIXELS = 48 * 48;

/** @param {Target} target */
export function install(target) {
  /** @type {Map<string, HTMLCanvasElement>} */
  const frames = new Map();
  const frame = async (/** @type {string} */ url) => {
    if (!frames.has(url)) frames.set(url, await loadFrame(url));
    return /** @type {HTMLCanvasElement} */ (frames.get(url));
  };
  /** The benchmark's one global: what Node calls. */
  window.bench = {
    /** @param {string} backend */
    async load(backend) {
      const t0 = performance.now();
      const loaded = await target.load(backend);
      return { ...loaded, loadMs: performance.now() - t0, labels: target.labels };
    },

    /**
     * The very first call on the first frame (a cold start, timed), then `warmup` untimed calls on every
     * frame: runtimes keep warming up for a few calls (kernels, caches, one shape per face count).
     */
    async warm(/** @type {{ urls: string[], warmup: number }} */ { urls, warmup }) {
      const canvases = await Promise.all(urls.map(frame));
      const { ms } = await timed(() => target.analyze(canvases[0]));
      for (const canvas of canvases) for (let i = 0; i < warmup; i++) await target.analyze(canvas);
      return ms;
    },

    /** One timed call per frame (Node interleaves these rounds across targets). */
    async sample(/** @type {{ urls: string[] }} */ { urls }) {
      const out = [];
      for (const canvas of await Promise.all(urls.map(frame)))
        out.push(await timed(() => target.analyze(canvas)));
      return out;
    },

    /**
     * The bare classifier on synthetic faces, `count` per call for each of `counts`, alternating counts
     * over `runs` rounds after two untimed rounds; milliseconds per count.
     */
    async classifyTiming(/** @type {{ counts: number[], runs: number }} */ { counts, runs }) {
      const inputs = counts.map((count) => ({
        count,
        pixels: Uint8Array.from({ length: count * FER_PIXELS }, (_, i) => (i * 37) % 256),
      }));
      /** @type {number[][]} */
      const ms = counts.map(() => []);
      for (let round = -2; round < runs; round++)
        for (const [i, { count, pixels }] of inputs.entries()) {
          const t = await timed(() => target.classifyGrey(pixels, count));
          if (round >= 0) ms[i].push(t.ms);
        }
      return ms;
    },

    /** Top class (index into `labels`) of each 48×48 grey face, classified `batch` at a time. */
    async classify(/** @type {{ base64: string, batch: number }} */ { base64, batch }) {
      const pixels = bytes(base64);
      const count = pixels.length / FER_PIXELS;
      const top = [];
      for (let start = 0; start < count; start += batch) {
        const n = Math.min(batch, count - start);
        const scores = await target.classifyGrey(
          pixels.subarray(start * FER_PIXELS, (start + n) * FER_PIXELS),
          n,
        );
        top.push(...scores.map(argmax));
      }
      return top;
    },

    /**
     * Photos (same-origin URLs) through the whole pipeline, one at a time (padded `pad` times, see
     * `padded`) and, with `roll`, turned by that many degrees, clockwise and anticlockwise in turn (see
     * `turned`); per photo the number of faces found and the largest face's scores (the photos show one
     * person each), or the error.
     */
    async photos(
      /** @type {{ urls: string[], variant: string, pad: number, roll?: number }} */ {
        urls,
        variant,
        pad,
        roll = 0,
      },
    ) {
      if (!target.photo) throw new Error('this target has no photo pipeline');
      const out = [];
      for (const [index, url] of urls.entries()) {
        try {
          const photo = turned(padded(await loadFrame(url), pad), index % 2 === 0 ? roll : -roll);
          const faces = await target.photo(photo, variant);
          const area = (/** @type {PhotoFace} */ f) => f.box.width * f.box.height;
          const largest = faces.reduce((a, b) => (area(b) > area(a) ? b : a), faces[0]);
          out.push({ faces: faces.length, scores: largest ? Array.from(largest.scores) : null });
        } catch (error) {
          out.push({ faces: 0, scores: null, error: String(error instanceof Error ? error.message : error) });
        }
      }
      return out;
    },

    /** One frame `frames` times in a row (the memory run); returns the mean time per frame. */
    async loop(/** @type {{ url: string, frames: number }} */ { url, frames: n }) {
      const canvas = await frame(url);
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await target.analyze(canvas);
      return (performance.now() - t0) / n;
    },
  };
}
