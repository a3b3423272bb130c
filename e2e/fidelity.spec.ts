// Pipeline fidelity: FER2013 faces placed in a webcam-sized frame go through detect → crop → classify in
// the built app and must score (almost) as well as the same faces fed bare to the classifier. A gap here
// means the live crop or preprocessing differs from training, which the model's own accuracy never shows.

import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './browser';
import {
  argmax,
  FER2013_LABELS,
  fer2013Available,
  fer2013File,
  ferChunkBase64,
  openSession,
  readFer2013,
  type FerImages,
  type FerWindow,
} from './fer';

const COUNT = Number(process.env['FIDELITY_COUNT'] ?? 400);
/** The crop framing was measured on the first 400 PrivateTest faces (training/crop_framing.json): skip them. */
const SKIP = 400;
/** Images per page.evaluate call. */
const CHUNK = 100;
/** A 480×360 frame with the 48 px face upscaled to 192 px: a face at arm's length from a webcam. */
const FRAME = { width: 480, height: 360 };
const SIDE = Number(process.env['FIDELITY_SIDE'] ?? 192);
/** Pipeline accuracy must reach this share of the bare classifier's accuracy. */
const MIN_RATIO = 0.95;
/** The model to hold to the bars; by default the one the app starts with. */
const MODEL = process.env['FIDELITY_MODEL'] ?? '';

interface Outcome {
  /** Faces the detector found in the frame. */
  readonly faces: number;
  /** This frame's probabilities for the face on the placed image; null when the detector missed it. */
  readonly pipeline: number[] | null;
  /** The same 48×48 image through `classifyGrey`. */
  readonly bare: number[];
}

interface ChunkArgs {
  readonly base64: string;
  readonly n: number;
  readonly start: number;
  readonly side: number;
  readonly frame: { readonly width: number; readonly height: number };
}

/**
 * Runs in the page: each grey 48×48 image is upscaled (bilinear) onto a mid-grey frame, at a different
 * place per image so the crop geometry is exercised across the frame, and analysed as a still; then the
 * whole chunk goes bare through the classifier.
 */
async function analyseChunk({ base64, n, start, side, frame }: ChunkArgs) {
  const session = (window as FerWindow).ferSession;
  if (!session) throw new Error('window.ferSession is missing');
  const pixels = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const small = document.createElement('canvas');
  small.width = small.height = 48;
  const smallCtx = small.getContext('2d') as CanvasRenderingContext2D;
  const canvas = document.createElement('canvas');
  canvas.width = frame.width;
  canvas.height = frame.height;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const face = new ImageData(48, 48);
  const outcomes: { faces: number; pipeline: number[] | null }[] = [];
  let labels: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 48 * 48; p++) {
      const g = pixels[i * 48 * 48 + p] ?? 0;
      face.data.set([g, g, g, 255], p * 4);
    }
    smallCtx.putImageData(face, 0, 0);
    const k = start + i;
    const x = 16 + ((k * 131) % (frame.width - side - 32));
    const y = 16 + ((k * 71) % (frame.height - side - 32));
    ctx.fillStyle = 'rgb(128, 128, 128)';
    ctx.fillRect(0, 0, frame.width, frame.height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low'; // bilinear
    ctx.drawImage(small, x, y, side, side);
    // Each face once, as a camera's frames are classified (a photo's views are averaged; this crop is among them).
    const result = await session.analyzeStill(canvas, false);
    labels = [...result.labels];
    // The face on the placed image: the best-scoring detection whose centre lies on it.
    const onImage = result.faces
      .filter((f) => {
        const cx = f.box.x + f.box.width / 2;
        const cy = f.box.y + f.box.height / 2;
        return cx >= x && cx <= x + side && cy >= y && cy <= y + side;
      })
      .sort((a, b) => b.detectionScore - a.detectionScore)[0];
    outcomes.push({
      faces: result.faces.length,
      pipeline: onImage ? Array.from(onImage.probabilities) : null,
    });
  }
  const bare = await session.classifyGrey(pixels, n);
  return { labels, outcomes: outcomes.map((o, i) => ({ ...o, bare: Array.from(bare[i] ?? []) })) };
}

interface Figures {
  readonly bareAcc: number;
  readonly pipelineAcc: number;
  /** Accuracies on the faces the detector found only. */
  readonly bareAccFound: number;
  readonly pipelineAccFound: number;
  readonly missed: number;
}

async function measure(
  page: Page,
  images: FerImages,
  range: 'short' | 'full' | 'auto',
  model = MODEL,
): Promise<Figures> {
  const watch = watchPage(page);
  const session = await openSession(page, `?backend=wasm&range=${range}${model ? `&model=${model}` : ''}`);
  const t0 = Date.now();
  const outcomes: Outcome[] = [];
  let labels: string[] = [];
  for (let start = 0; start < images.count; start += CHUNK) {
    const n = Math.min(CHUNK, images.count - start);
    const base64 = ferChunkBase64(images, start, n);
    const chunk = await page.evaluate(analyseChunk, { base64, n, start, side: SIDE, frame: FRAME });
    outcomes.push(...chunk.outcomes);
    labels = chunk.labels;
  }
  const seconds = (Date.now() - t0) / 1000;
  // The model's label order comes from its spec.json; compare by name with the dataset's order.
  expect([...labels].sort()).toEqual([...FER2013_LABELS].sort());
  const right = (probs: number[] | null, i: number) =>
    probs !== null && labels[argmax(probs)] === FER2013_LABELS[images.labels[i] ?? -1];

  const count = outcomes.length;
  const found = outcomes.flatMap((o, i) => (o.pipeline ? [i] : []));
  const bareRight = outcomes.filter((o, i) => right(o.bare, i)).length;
  const pipelineRight = outcomes.filter((o, i) => right(o.pipeline, i)).length;
  const bareRightFound = found.filter((i) => right(outcomes[i]?.bare ?? null, i)).length;
  const agree = found.filter((i) => {
    const o = outcomes[i] as Outcome;
    return argmax(o.pipeline ?? []) === argmax(o.bare);
  }).length;
  const extra = outcomes.filter((o) => o.faces > 1).length;
  const figures: Figures = {
    bareAcc: bareRight / count,
    pipelineAcc: pipelineRight / count,
    bareAccFound: bareRightFound / Math.max(1, found.length),
    pipelineAccFound: pipelineRight / Math.max(1, found.length),
    missed: count - found.length,
  };
  const pct = (right: number, of: number) => `${((100 * right) / of).toFixed(1)}% (${right}/${of})`;
  console.log(
    [
      `fidelity, ${range}-range detector: ${count} FER2013 PrivateTest faces (from #${SKIP}), model ${session.model}, backend ${session.backend},`,
      `  48 px faces upscaled to ${SIDE} px in a ${FRAME.width}×${FRAME.height} mid-grey frame, ${seconds.toFixed(1)} s`,
      `  bare classifier accuracy:     ${pct(bareRight, count)}`,
      `  whole pipeline accuracy:      ${pct(pipelineRight, count)}, misses counted wrong`,
      `  ratio pipeline / bare:        ${(figures.pipelineAcc / figures.bareAcc).toFixed(3)}`,
      `  detector missed the face:     ${figures.missed}/${count}; frames with more than one detection: ${extra}`,
      `  on the faces found: bare ${pct(bareRightFound, found.length)}, pipeline ${pct(pipelineRight, found.length)}`,
      `  same top class as bare:       ${pct(agree, found.length)} of the faces found`,
    ].join('\n'),
  );
  expect(watch.errors).toEqual([]);
  return figures;
}

test.describe('FER2013 faces through the whole pipeline', () => {
  // Without the data the figures cannot be measured: on a developer's machine that is a skip, in CI a failure.
  test.skip(
    !fer2013Available() && !process.env.CI,
    `FER2013 is not at ${fer2013File()} (set FER2013_DIR to its folder)`,
  );

  // Measured on 2026-12-04: the default model (the VGG with camera effects and FER+ votes at 0.4) keeps 96.4% of
  // its bare accuracy with short range, 97.8% with the automatic range, 97.7% on the faces the full range finds
  // (the VGG before it, 2026-12-02: 98.2%, 97.1%, 95.7%); the VGG without camera effects kept 94.4% with short
  // range (below the bar, so the forced ranges were held on the CNN, 96.5%).
  // Models trained with ±10% scale jitter kept 94–95%: the detector's box varies per face more than that (IQR
  // 1.06–1.33 × box).

  let images: FerImages | undefined;
  const ferImages = async () => (images ??= await readFer2013('PrivateTest', COUNT, SKIP));

  test('short-range detector: the pipeline scores as well as the bare classifier, misses counted wrong', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const f = await measure(page, await ferImages(), 'short');
    expect(f.bareAcc).toBeGreaterThan(0);
    expect(f.pipelineAcc).toBeGreaterThanOrEqual(MIN_RATIO * f.bareAcc);
  });

  // The full range alone (an override; 'auto' starts with it). It misses a quarter to a third of FER2013's
  // tightly cropped faces at any size (scores around the 0.5 threshold; bigger faces do not help, smaller
  // ones do worse), while it finds faces cut from real photos with their surroundings at 40–180 px. So here
  // only the crop it makes for the faces it finds is held to the bar; the miss count is printed and must
  // stay below half.
  test('full-range detector: the faces it finds score as well as bare', async ({ page }) => {
    test.setTimeout(240_000);
    const f = await measure(page, await ferImages(), 'full');
    expect(f.missed).toBeLessThan(COUNT / 2);
    expect(f.pipelineAccFound).toBeGreaterThanOrEqual(MIN_RATIO * f.bareAccFound);
  });

  // The app's default: full range, and short range where full range misses a face or finds it near (these
  // faces fill about half the frame's height), so the short range's bar applies, misses counted wrong.
  test('automatic range (the default): the pipeline scores as well as the bare classifier', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const f = await measure(page, await ferImages(), 'auto');
    expect(f.bareAcc).toBeGreaterThan(0);
    expect(f.pipelineAcc).toBeGreaterThanOrEqual(MIN_RATIO * f.bareAcc);
  });
});
