// Two runs of the app on the same inputs, compared: the same photos through the whole pipeline and the same
// FER2013 faces through the bare classifier. For checks that a way of running (a backend, threads) changes
// speed only, never results.

import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
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

/** face-api's demo photos 1 and 2 (1920 px, several faces each). */
const PHOTOS = [1, 2].map((n) => readFileSync(photo(n)).toString('base64'));

/** The inputs of every run: the photos, and the first `count` PrivateTest faces when FER2013 is here. */
export interface Inputs {
  readonly ferBase64: string;
  readonly ferCount: number;
}

export async function loadInputs(ferCount: number): Promise<Inputs> {
  const fer = fer2013Available() ? await readFer2013('PrivateTest', ferCount) : null;
  if (!fer) console.log(`FER2013 is not at ${fer2013File()}: comparing photos only`);
  return { ferBase64: fer ? ferChunkBase64(fer, 0, fer.count) : '', ferCount: fer?.count ?? 0 };
}

export interface Run {
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

/** Opens the app at `query` and runs the inputs through it. */
export async function runOn(page: Page, query: string, { ferBase64, ferCount }: Inputs): Promise<Run> {
  const tStart = Date.now();
  const session = await openSession(page, query);
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

/**
 * Expects both runs to find the same faces in the same places with the same top class; returns the largest
 * probability difference through the pipeline and through the bare classifier, and the faces compared.
 */
export function compareRuns(a: Run, b: Run): { faces: number; maxDiff: number; ferDiff: number } {
  let maxDiff = 0;
  let faces = 0;
  a.photos.forEach((aFaces, p) => {
    const bFaces = b.photos[p] ?? [];
    // The detector runs on the CPU either way, so both runs see the same faces in the same order.
    expect(aFaces.length, `faces in photo ${p + 1}`).toBe(bFaces.length);
    expect(aFaces.length, `faces in photo ${p + 1}`).toBeGreaterThan(0);
    aFaces.forEach((af, i) => {
      const bf = bFaces[i] as (typeof bFaces)[number];
      expect(maxAbsDiff(Object.values(af.box), Object.values(bf.box))).toBeLessThan(0.5);
      expect(argmax(af.probabilities), `top class, photo ${p + 1} face ${i + 1}`).toBe(
        argmax(bf.probabilities),
      );
      maxDiff = Math.max(maxDiff, maxAbsDiff(af.probabilities, bf.probabilities));
      faces++;
    });
  });
  expect(b.fer.length).toBe(a.fer.length);
  let ferDiff = 0;
  a.fer.forEach((af, i) => {
    const bf = b.fer[i] ?? [];
    expect(argmax(af), `top class, FER face ${i + 1}`).toBe(argmax(bf));
    ferDiff = Math.max(ferDiff, maxAbsDiff(af, bf));
  });
  return { faces, maxDiff, ferDiff };
}

/** The summary line of a comparison, for the test log. */
export function describeComparison(
  title: string,
  a: Run,
  b: Run,
  names: readonly [string, string],
  { faces, maxDiff, ferDiff }: ReturnType<typeof compareRuns>,
): string {
  return [
    `${title}:`,
    `  ${faces} faces in ${PHOTOS.length} photos through the pipeline: max |Δp| ${maxDiff.toExponential(2)}`,
    `  ${a.fer.length} FER2013 faces through classifyGrey: max |Δp| ${ferDiff.toExponential(2)}`,
    `  start-up: ${names[0]} ${a.startSeconds.toFixed(1)} s, ${names[1]} ${b.startSeconds.toFixed(1)} s`,
    `  the same work: ${names[0]} ${a.seconds.toFixed(1)} s, ${names[1]} ${b.seconds.toFixed(1)} s`,
  ].join('\n');
}
