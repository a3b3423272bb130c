// A photo opened instead of a video: decoded on the user's machine (as the browser shows it, EXIF
// orientation applied) and scaled down when it is larger than the analysis can use. The stage shows it
// with the same overlay as a video frame.

/**
 * The longest side kept, in pixels. The detector looks at a 128–192 px version of the whole image and a
 * face is read at 48×48, so more pixels only cost memory (a 50-megapixel photo is 200 MB as RGBA).
 */
export const MAX_PHOTO_SIDE = 4096;

/** Photos by name, for files whose type the system did not say. */
const PHOTO_NAME = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

export interface PhotoInfo {
  readonly name: string;
  readonly bytes: number;
  /** The photo's own size. */
  readonly width: number;
  readonly height: number;
  /** The size analysed and shown (smaller when the photo's longest side exceeds MAX_PHOTO_SIDE). */
  readonly shownWidth: number;
  readonly shownHeight: number;
}

export class PhotoFileError extends Error {}

/** Whether `file` is a photo (to analyzePhotos()) rather than a video: by its type, else by its name's ending. */
export function isPhotoFile(file: Pick<File, 'type' | 'name'>): boolean {
  return file.type.startsWith('image/') || (file.type === '' && PHOTO_NAME.test(file.name));
}

/** The size a photo is analysed at: its own, or scaled down to MAX_PHOTO_SIDE on its longest side. */
export function analysedSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Decodes `file`; a file that is not a readable image gets a PhotoFileError naming it. */
export async function openPhotoFile(file: File): Promise<{ bitmap: ImageBitmap; info: PhotoInfo }> {
  if (file.size === 0) throw new PhotoFileError(`“${file.name}” is empty.`);
  let decoded: ImageBitmap;
  try {
    decoded = await createImageBitmap(file);
  } catch {
    throw new PhotoFileError(
      `“${file.name}” cannot be opened: it is not an image this browser can read (JPEG, PNG, WebP, GIF, BMP or AVIF), or it is damaged.`,
    );
  }
  const { width, height } = decoded;
  const shown = analysedSize(width, height);
  let bitmap = decoded;
  if (shown.width !== width || shown.height !== height) {
    bitmap = await createImageBitmap(decoded, {
      resizeWidth: shown.width,
      resizeHeight: shown.height,
      resizeQuality: 'high',
    });
    decoded.close();
  }
  const info = {
    name: file.name,
    bytes: file.size,
    width,
    height,
    shownWidth: shown.width,
    shownHeight: shown.height,
  };
  return { bitmap, info };
}
