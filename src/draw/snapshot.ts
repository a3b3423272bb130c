// A still of what the stage shows: the current video frame (or the photo) at its own size, mirrored when
// the view is, with the boxes and labels the overlay shows, as a PNG made on the user's machine.

import { drawOverlay, type DrawableFrame, type OverlayOptions } from './drawOverlay';
import { frameLayout } from './overlayGeometry';

/** What the stage shows: a video (its current frame) or a photo. */
export type StageImage = HTMLVideoElement | ImageBitmap;

/** The size of what the stage shows, in its own pixels (0×0 before a video has a frame). */
export function stageImageSize(image: StageImage): { width: number; height: number } {
  return image instanceof HTMLVideoElement
    ? { width: image.videoWidth, height: image.videoHeight }
    : { width: image.width, height: image.height };
}

export async function annotatedSnapshot(
  image: StageImage,
  result: DrawableFrame | null,
  { mirrored, ...overlay }: OverlayOptions & { readonly mirrored: boolean },
): Promise<Blob> {
  const { width, height } = stageImageSize(image);
  if (width === 0 || height === 0) throw new Error('there is no video frame to save yet');
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for drawing the frame');
  if (mirrored) ctx.setTransform(-1, 0, 0, 1, width, 0);
  ctx.drawImage(image, 0, 0, width, height);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const size = { width, height };
  const layout = frameLayout({ video: size, canvas: size, mirrored });
  drawOverlay(ctx, layout, result, { ...overlay, clear: false });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the frame could not be encoded'))),
      'image/png',
    ),
  );
}
