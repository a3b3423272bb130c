// What analyze() (and a video session's analyzeFrame, and classifyCrops) accepts, checked before anything goes
// to the worker: an image that has not loaded yet or a video without a frame would otherwise come back as
// "no face", which is not what happened.

import { RecognizerError } from './errors';
import { show } from './options';
import { errorMessage } from '../errorMessage';

const ACCEPTED =
  'an ImageBitmap, <img>, <video>, <canvas>, OffscreenCanvas, VideoFrame, ImageData or image Blob';

type Size = { width: number; height: number };

/** Per accepted class: its size (null: known once decoded), and why it cannot be read yet, if so. */
const KINDS: readonly {
  type: string;
  size: (image: never) => Size | null;
  notReady?: (image: never) => string | null;
}[] = [
  {
    type: 'HTMLImageElement',
    size: (img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight }),
    notReady: (img: HTMLImageElement) =>
      img.complete && img.naturalWidth > 0
        ? null
        : 'the <img> has not loaded (or failed to load): await img.decode() first',
  },
  {
    type: 'HTMLVideoElement',
    size: (video: HTMLVideoElement) => ({ width: video.videoWidth, height: video.videoHeight }),
    notReady: (video: HTMLVideoElement) =>
      video.readyState >= 2 && video.videoWidth > 0
        ? null
        : 'the <video> has no frame yet: wait for its loadeddata event',
  },
  {
    type: 'VideoFrame',
    size: (frame: VideoFrame) => ({ width: frame.displayWidth, height: frame.displayHeight }),
  },
  { type: 'Blob', size: () => null },
  // Getters on the prototype: a spread would not copy them.
  ...['ImageBitmap', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageData'].map((type) => ({
    type,
    size: ({ width, height }: Size) => ({ width, height }),
  })),
];

/** The class, when this context has it (a worker has no HTMLImageElement, Node has none of them). */
function isA(value: unknown, name: string): boolean {
  const type = (globalThis as Record<string, unknown>)[name];
  return typeof type === 'function' && value instanceof type;
}

/** The image's size in pixels (null for a Blob, known once decoded), or a RecognizerError saying why it cannot be analysed (yet). */
export function imageSize(image: unknown): Size | null {
  const kind = KINDS.find((k) => isA(image, k.type));
  if (!kind) throw new RecognizerError('invalid-input', `analyze() takes ${ACCEPTED}; got ${show(image)}`);
  const why = kind.notReady?.(image as never);
  if (why) throw new RecognizerError('invalid-input', why);
  return kind.size(image as never);
}

/** A copy of `image` as an ImageBitmap, for the worker (which takes ownership of it). */
export async function bitmapOf(image: unknown): Promise<ImageBitmap> {
  const size = imageSize(image);
  if (size && (size.width === 0 || size.height === 0))
    throw new RecognizerError('invalid-input', `the image is empty (${size.width}×${size.height} pixels)`);
  try {
    return await createImageBitmap(image as ImageBitmapSource);
  } catch (error) {
    throw new RecognizerError('invalid-input', `the image could not be decoded: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Why classifyCrops() cannot take `count` crops of `side`×`side` in `pixels`, or null. */
export function cropsProblem(pixels: unknown, count: unknown, side: number): RecognizerError | null {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    return new RecognizerError(
      'invalid-input',
      `classifyCrops() takes a whole count ≥ 1; got ${show(count)}`,
    );
  const bytes = count * side * side;
  if (pixels instanceof Uint8Array && pixels.length === bytes) return null;
  const given = pixels instanceof Uint8Array ? `${pixels.length} bytes` : show(pixels);
  return new RecognizerError(
    'invalid-input',
    `classifyCrops() takes ${count} crop(s) of ${side}×${side} grey pixels: a Uint8Array of ${bytes} bytes; got ${given}`,
  );
}
