// Probe page for scripts/measure-framing.mjs: runs MediaPipe FaceDetector (tasks-vision, CPU, IMAGE mode)
// on photos and on FER2013 images pasted into a neutral canvas, and reports boxes and timings.
import { FaceDetector, FilesetResolver } from '/tasks-vision/vision_bundle.mjs';

const FER_SIDE = 48;
const NEUTRAL_GREY = 128;
const detectors = new Map();
let fileset = null;

async function detectorFor(model) {
  if (!detectors.has(model)) {
    fileset ??= await FilesetResolver.forVisionTasks('/generated/mediapipe');
    const started = performance.now();
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: `/generated/models/${model}.tflite`, delegate: 'CPU' },
      runningMode: 'IMAGE',
    });
    detectors.set(model, { detector, loadMs: performance.now() - started });
  }
  return detectors.get(model);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Faces per photo; `firstMs` is the first detect on that photo, `ms` the median of `repeats` more. */
async function detectPhotos(model, urls, repeats) {
  const { detector, loadMs } = await detectorFor(model);
  const photos = [];
  for (const url of urls) {
    const image = new Image();
    image.src = url;
    await image.decode();
    let started = performance.now();
    const result = detector.detect(image);
    const firstMs = performance.now() - started;
    const times = [];
    for (let i = 0; i < repeats; i++) {
      started = performance.now();
      detector.detect(image);
      times.push(performance.now() - started);
    }
    photos.push({
      url,
      width: image.naturalWidth,
      height: image.naturalHeight,
      faces: result.detections.length,
      minScore: Math.min(...result.detections.map((d) => d.categories[0]?.score ?? 0)),
      firstMs,
      ms: median(times),
    });
  }
  return { loadMs, photos };
}

/**
 * For each 48×48 FER image in /fer.bin: upscale (bilinear) to side×side, centre it on a grey canvas,
 * detect, and express the FER frame in units of the detector's box (null where nothing was found).
 */
async function measureFer(model, { side, canvasSide }) {
  const { detector } = await detectorFor(model);
  const bytes = new Uint8Array(await (await fetch('/fer.bin')).arrayBuffer());
  const small = document.createElement('canvas');
  small.width = small.height = FER_SIDE;
  const smallContext = small.getContext('2d');
  const rgba = smallContext.createImageData(FER_SIDE, FER_SIDE);
  const big = document.createElement('canvas');
  big.width = big.height = canvasSide;
  const bigContext = big.getContext('2d');
  bigContext.imageSmoothingEnabled = true;
  bigContext.imageSmoothingQuality = 'low'; // bilinear in Chromium when upscaling
  const frame = (canvasSide - side) / 2;
  const centre = canvasSide / 2;

  const results = [];
  const times = [];
  for (let n = 0; n * FER_SIDE * FER_SIDE < bytes.length; n++) {
    const grey = bytes.subarray(n * FER_SIDE * FER_SIDE, (n + 1) * FER_SIDE * FER_SIDE);
    for (let i = 0; i < grey.length; i++) {
      rgba.data.fill(grey[i], 4 * i, 4 * i + 3);
      rgba.data[4 * i + 3] = 255;
    }
    smallContext.putImageData(rgba, 0, 0);
    bigContext.fillStyle = `rgb(${NEUTRAL_GREY},${NEUTRAL_GREY},${NEUTRAL_GREY})`;
    bigContext.fillRect(0, 0, canvasSide, canvasSide);
    bigContext.drawImage(small, frame, frame, side, side);
    const started = performance.now();
    const { detections } = detector.detect(big);
    times.push(performance.now() - started);

    // The face we placed: the best-scoring box whose centre falls inside the FER frame.
    const inside = detections.filter(({ boundingBox: b }) => {
      const x = b.originX + b.width / 2;
      const y = b.originY + b.height / 2;
      return x > frame && x < frame + side && y > frame && y < frame + side;
    });
    inside.sort((a, b) => (b.categories[0]?.score ?? 0) - (a.categories[0]?.score ?? 0));
    const best = inside[0];
    if (!best) {
      results.push(null);
      continue;
    }
    const b = best.boundingBox;
    results.push({
      scale: side / b.width,
      offsetX: (centre - (b.originX + b.width / 2)) / b.width,
      offsetY: (centre - (b.originY + b.height / 2)) / b.height,
      aspect: b.height / b.width,
      score: best.categories[0]?.score ?? 0,
      boxes: detections.length,
    });
  }
  return { results, ms: median(times) };
}

/** Can a module worker load tasks-vision? `useModule` picks the ES-module wasm loader. */
async function workerCheck(model, photoUrl, useModule) {
  const bitmap = await createImageBitmap(await (await fetch(photoUrl)).blob());
  const worker = new Worker('/framing/worker.mjs', { type: 'module' });
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: 'timeout after 60 s' }), 60_000);
      worker.onmessage = ({ data }) => {
        clearTimeout(timer);
        resolve(data);
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        resolve({ ok: false, error: `worker error: ${event.message}` });
      };
      worker.postMessage({ model, bitmap, useModule }, [bitmap]);
    });
  } finally {
    worker.terminate();
  }
}

window.probe = { detectPhotos, measureFer, workerCheck };
window.probeReady = true;
