// What analyze() accepts, checked before anything goes to the worker: an image that has not loaded yet or
// a video without a frame would otherwise come back as "no face", which is not what happened.

import { errorMessage } from '../worker/protocol';
import { RecognizerError } from './errors';
import { show } from './options';

const ACCEPTED =
  'an ImageBitmap, <img>, <video>, <canvas>, OffscreenCanvas, VideoFrame, ImageData or image Blob';

/** The class, when this context has it (a worker has no HTMLImageElement, Node has none of them). */
const has = (name: string): (new (...args: never[]) => object) | null => {
  const value = (globalThis as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as new (...args: never[]) => object) : null;
};

function isA(value: unknown, name: string): boolean {
  const type = has(name);
  return type !== null && value instanceof type;
}

/** The image's size in pixels, or a RecognizerError saying why it cannot be analysed (yet). */
export function imageSize(image: unknown): { width: number; height: number } | null {
  if (isA(image, 'HTMLImageElement')) {
    const img = image as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0)
      throw new RecognizerError(
        'invalid-input',
        'the <img> has not loaded (or failed to load): await img.decode() first',
      );
    return { width: img.naturalWidth, height: img.naturalHeight };
  }
  if (isA(image, 'HTMLVideoElement')) {
    const video = image as HTMLVideoElement;
    if (video.readyState < 2 || video.videoWidth === 0)
      throw new RecognizerError(
        'invalid-input',
        'the <video> has no frame yet: wait for its loadeddata event',
      );
    return { width: video.videoWidth, height: video.videoHeight };
  }
  if (isA(image, 'VideoFrame')) {
    const frame = image as VideoFrame;
    return { width: frame.displayWidth, height: frame.displayHeight };
  }
  if (isA(image, 'Blob')) return null; // known once decoded
  for (const name of ['ImageBitmap', 'HTMLCanvasElement', 'OffscreenCanvas', 'ImageData'])
    if (isA(image, name)) {
      const { width, height } = image as { width: number; height: number }; // getters: not copied by a spread
      return { width, height };
    }
  throw new RecognizerError('invalid-input', `analyze() takes ${ACCEPTED}; got ${show(image)}`);
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
