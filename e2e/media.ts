// Test media made with ffmpeg from real face photos (npm @vladmandic/face-api demo/), cached in e2e/.media/.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const MEDIA_DIR = join(import.meta.dirname, '.media');
const PHOTOS = join(import.meta.dirname, '..', 'node_modules', '@vladmandic', 'face-api', 'demo');

export const photo = (n: number) => join(PHOTOS, `sample${n}.jpg`);

/** Letterbox a photo into 640×480 and loop it as a y4m camera clip (y4m keeps the frame rate). */
function cameraClip(out: string, input: string[], filter: string): void {
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...input,
    '-vf',
    filter,
    '-r',
    '10',
    '-t',
    '1',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
}

export const CAMERA_FACES = join(MEDIA_DIR, 'camera-3-faces.y4m');
export const CAMERA_NO_FACE = join(MEDIA_DIR, 'camera-no-face.y4m');
/** Faces in sample1.jpg, left to right: the fake camera clip must show exactly these. */
export const CAMERA_FACE_COUNT = 3;

export function makeMedia(): void {
  mkdirSync(MEDIA_DIR, { recursive: true });
  const fit =
    'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p';
  if (!existsSync(CAMERA_FACES)) cameraClip(CAMERA_FACES, ['-loop', '1', '-i', photo(1)], fit);
  if (!existsSync(CAMERA_NO_FACE)) {
    cameraClip(CAMERA_NO_FACE, ['-f', 'lavfi', '-i', 'color=c=0x406080:s=640x480'], 'format=yuv420p');
  }
}
