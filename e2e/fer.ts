// FER2013 faces and the page's automation API for the e2e tests. The dataset is read where it lies
// (../shared/datasets/fer2013, or $FER2013_DIR); it is never copied into the repository.

import { expect, type Page } from '@playwright/test';
import { fer2013Available, fer2013File, readFer2013 as readRows } from '../scripts/fer2013.mjs';

export const FER_SIDE = 48;
export const FER_PIXELS = FER_SIDE * FER_SIDE;
/** The dataset's own label order (its README): the `emotion` column is an index into this. */
export const FER2013_LABELS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

export { fer2013Available, fer2013File };

export interface FerImages {
  /** `count` 48×48 grey images, row-major, one after another. */
  readonly pixels: Uint8Array;
  /** FER2013 label per image: 0..6 = angry, disgust, fear, happy, sad, surprise, neutral. */
  readonly labels: readonly number[];
  readonly count: number;
}

/** `count` rows of one split (`Training`, `PublicTest`, `PrivateTest`) in file order, after its first `skip`. */
export async function readFer2013(
  usage: string,
  count: number,
  skip = 0,
  file = fer2013File(),
): Promise<FerImages> {
  const rows = await readRows({ usage, limit: count, skip, file });
  if (rows.count < count) throw new Error(`${file} has only ${rows.count} ${usage} rows, ${count} wanted`);
  return rows;
}

/** Images `start`..`start+n` as base64, the cheapest way to hand raw bytes to page.evaluate. */
export function ferChunkBase64(images: FerImages, start: number, n: number): string {
  const bytes = images.pixels.subarray(start * FER_PIXELS, (start + n) * FER_PIXELS);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * The part of `window.ferSession` (src/session/controller.ts, class Session) the tests use, typed here
 * because the e2e project does not compile the app's sources. Only for use inside page.evaluate.
 */
export interface FerSessionApi {
  state: {
    get(): {
      phase: 'loading' | 'ready' | 'failed';
      status: string;
      selectedModel: string | null;
      backend: { name: string; reason: string } | null;
      backends: readonly { name: string; available: boolean; threads?: number }[];
    };
  };
  analyzeStill(
    image: HTMLCanvasElement | HTMLImageElement | ImageBitmap,
    averageViews?: boolean,
  ): Promise<{
    faces: readonly {
      box: { x: number; y: number; width: number; height: number };
      detectionScore: number;
      probabilities: Float32Array;
    }[];
    labels: readonly string[];
  }>;
  classifyGrey(pixels: Uint8Array, count: number, mirror?: boolean): Promise<Float32Array[]>;
}
export type FerWindow = Window & { ferSession?: FerSessionApi };

/** Opens the app at `query` (e.g. "?backend=wasm") and waits until the session is ready; fails with its status otherwise. */
export async function openSession(
  page: Page,
  query = '',
  timeout = 150_000,
): Promise<{ backend: string; reason: string; model: string }> {
  await page.goto(`/${query}`);
  await page.waitForFunction(
    () => (window as FerWindow).ferSession?.state.get().phase !== 'loading',
    undefined,
    { timeout },
  );
  const state = await page.evaluate(() => {
    const s = (window as FerWindow).ferSession?.state.get();
    return {
      phase: s?.phase,
      status: s?.status,
      backend: s?.backend?.name ?? '',
      reason: s?.backend?.reason ?? '',
      model: s?.selectedModel ?? '',
    };
  });
  expect(state.phase, state.status).toBe('ready');
  return { backend: state.backend, reason: state.reason, model: state.model };
}
