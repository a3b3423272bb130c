// WebGPU runs when asked for and agrees with wasm: the same photos through the whole pipeline and the same
// FER2013 faces through the bare classifier, once per backend in one browser. Here WebGPU is SwiftShader,
// a software adapter: slow, but its results must match wasm's.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, watchPage } from './browser';
import {
  argmax,
  fer2013Available,
  fer2013File,
  ferChunkBase64,
  openSession,
  readFer2013,
  type FerWindow,
} from './fer';
import { photo } from './media';

test.use({
  launchOptions: { executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] },
});

/** face-api's demo photos 1 and 2 (1920 px, several faces each). */
const PHOTOS = [1, 2].map((n) => readFileSync(photo(n)).toString('base64'));
const FER_COUNT = 32;
const MAX_DIFF = 1e-3;

interface Run {
  readonly backend: string;
  readonly reason: string;
  /** Per photo, per face: its box and this frame's probabilities. */
  readonly photos: {
    box: { x: number; y: number; width: number; height: number };
    probabilities: number[];
  }[][];
  /** Per FER face: `classifyGrey` probabilities. */
  readonly fer: number[][];
  /** Seconds to open the app until ready, and then for the work above. */
  readonly startSeconds: number;
  readonly seconds: number;
}

async function runOn(page: Page, backend: string, ferBase64: string, ferCount: number): Promise<Run> {
  const tStart = Date.now();
  const session = await openSession(page, `?backend=${backend}`);
  const t0 = Date.now();
  const results = await page.evaluate(
    async ({ photos, ferBase64, ferCount }) => {
      const session = (window as FerWindow).ferSession;
      if (!session) throw new Error('window.ferSession is missing');
      const faces = [];
      for (const base64 of photos) {
        const image = new Image();
        image.src = `data:image/jpeg;base64,${base64}`;
        await image.decode();
        const result = await session.analyzeStill(image);
        faces.push(
          result.faces.map((f) => ({ box: { ...f.box }, probabilities: Array.from(f.probabilities) })),
        );
      }
      const pixels = Uint8Array.from(atob(ferBase64), (c) => c.charCodeAt(0));
      const fer = ferCount > 0 ? await session.classifyGrey(pixels, ferCount) : [];
      return { photos: faces, fer: fer.map((p) => Array.from(p)) };
    },
    { photos: PHOTOS, ferBase64, ferCount },
  );
  return {
    backend: session.backend,
    reason: session.reason,
    ...results,
    startSeconds: (t0 - tStart) / 1000,
    seconds: (Date.now() - t0) / 1000,
  };
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return Math.max(0, ...a.map((v, i) => Math.abs(v - (b[i] ?? NaN))));
}

test('webgpu runs when asked for and gives the same probabilities as wasm', async ({ page }) => {
  test.setTimeout(240_000);
  const watch = watchPage(page);
  const fer = fer2013Available() ? await readFer2013('PrivateTest', FER_COUNT) : null;
  if (!fer) console.log(`FER2013 is not at ${fer2013File()}: comparing photos only`);
  const ferBase64 = fer ? ferChunkBase64(fer, 0, fer.count) : '';
  const ferCount = fer?.count ?? 0;

  const gpu = await runOn(page, 'webgpu', ferBase64, ferCount);
  // The override must hold even on a software (fallback) adapter.
  expect(gpu.backend, gpu.reason).toBe('webgpu');
  const wasm = await runOn(page, 'wasm', ferBase64, ferCount);
  expect(wasm.backend, wasm.reason).toBe('wasm');

  let maxDiff = 0;
  let faces = 0;
  gpu.photos.forEach((gpuFaces, p) => {
    const wasmFaces = wasm.photos[p] ?? [];
    // The detector runs on the CPU either way, so both runs see the same faces in the same order.
    expect(gpuFaces.length, `faces in photo ${p + 1}`).toBe(wasmFaces.length);
    expect(gpuFaces.length, `faces in photo ${p + 1}`).toBeGreaterThan(0);
    gpuFaces.forEach((g, i) => {
      const w = wasmFaces[i] as (typeof wasmFaces)[number];
      expect(maxAbsDiff(Object.values(g.box), Object.values(w.box))).toBeLessThan(0.5);
      expect(argmax(g.probabilities), `top class, photo ${p + 1} face ${i + 1}`).toBe(
        argmax(w.probabilities),
      );
      maxDiff = Math.max(maxDiff, maxAbsDiff(g.probabilities, w.probabilities));
      faces++;
    });
  });
  let ferDiff = 0;
  gpu.fer.forEach((g, i) => {
    const w = wasm.fer[i] ?? [];
    expect(argmax(g), `top class, FER face ${i + 1}`).toBe(argmax(w));
    ferDiff = Math.max(ferDiff, maxAbsDiff(g, w));
  });
  expect(wasm.fer.length).toBe(gpu.fer.length);

  console.log(
    [
      `webgpu vs wasm (webgpu: ${gpu.reason}):`,
      `  ${faces} faces in ${PHOTOS.length} photos through the pipeline: max |Δp| ${maxDiff.toExponential(2)}`,
      `  ${gpu.fer.length} FER2013 faces through classifyGrey: max |Δp| ${ferDiff.toExponential(2)}`,
      `  start-up: webgpu ${gpu.startSeconds.toFixed(1)} s, wasm ${wasm.startSeconds.toFixed(1)} s`,
      `  the same work: webgpu ${gpu.seconds.toFixed(1)} s, wasm ${wasm.seconds.toFixed(1)} s`,
    ].join('\n'),
  );
  expect(maxDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(ferDiff).toBeLessThanOrEqual(MAX_DIFF);
  expect(watch.errors).toEqual([]);
});
