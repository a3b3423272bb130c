// Test media made with ffmpeg from real face photos (npm @vladmandic/face-api demo/), cached in e2e/.media/.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MEDIA_DIR = join(import.meta.dirname, '.media');
const PHOTOS = join(import.meta.dirname, '..', 'node_modules', '@vladmandic', 'face-api', 'demo');

export const photo = (n: number) => join(PHOTOS, `sample${n}.jpg`);

/**
 * Letterboxes the input into 640×480 (or applies `filter`) and writes `seconds` of it at `fps`, unless `out`
 * exists already.
 */
function clip(
  out: string,
  input: string[],
  seconds: number,
  fps: number,
  output: string[],
  filter: string = FIT,
): void {
  if (existsSync(out)) return;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...input,
    '-vf',
    filter,
    '-r',
    String(fps),
    '-t',
    String(seconds),
    ...output,
    out,
  ]);
}

/** A photo of a wall: no face. */
export const PHOTO_NO_FACE = join(MEDIA_DIR, 'no-face.png');
/** sample1.jpg enlarged to 6000 px wide: more than the app analyses (4096 px on the longest side). */
export const PHOTO_LARGE = join(MEDIA_DIR, 'large-6000.jpg');
/**
 * A close-up, as profile pictures are: the right-hand face of sample1.jpg (its detector box 163 px at
 * 1472,256) cropped so that the box fills 85% of a 200×200 photo. Measured: the full-range detector finds
 * nothing in it even at a 0.3 threshold; the short-range one finds the face with a score of 0.86.
 */
export const PHOTO_CLOSE_UP = join(MEDIA_DIR, 'close-up-200.jpg');
const CLOSE_UP_CROP = 'crop=192:192:1458:242,scale=200:200';

export const CAMERA_FACES = join(MEDIA_DIR, 'camera-3-faces.y4m');
export const CAMERA_NO_FACE = join(MEDIA_DIR, 'camera-no-face.y4m');
/** Faces in sample1.jpg, left to right: the fake camera clip must show exactly these. */
export const CAMERA_FACE_COUNT = 3;

const FIT =
  'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p';

/** Video files for the file tests: 2 s at 10 fps, so a full analysis at step 1 gives 20 frames. */
export const CLIP_SECONDS = 2;
export const CLIP_FPS = 10;
export const VIDEO_FILES = {
  mp4: join(MEDIA_DIR, 'faces-h264.mp4'),
  webm: join(MEDIA_DIR, 'faces-vp9.webm'),
  noFace: join(MEDIA_DIR, 'no-face.webm'),
  hevc: join(MEDIA_DIR, 'faces-hevc.mp4'),
  theora: join(MEDIA_DIR, 'faces-theora.ogv'),
  truncated: join(MEDIA_DIR, 'truncated.mp4'),
  empty: join(MEDIA_DIR, 'empty.mp4'),
  notVideo: join(MEDIA_DIR, 'notes.mp4'),
  /** The MP4 followed by 2 GiB of padding (a sparse file: no disk used). */
  huge: join(MEDIA_DIR, 'huge-2gb.mp4'),
  /**
   * A download cut off: an MP4 with its index first (+faststart), 4 s at 10 fps, whose bytes stop at
   * CUT_SHARE: the index still states 4 s, the frames stop early.
   */
  cut: join(MEDIA_DIR, 'cut-short.mp4'),
} as const;

export const HUGE_BYTES = 2 ** 31;
/** The cut file: the length its index states, and the share of its bytes kept. */
export const CUT_WHOLE_SECONDS = 4;
export const CUT_SHARE = 0.5;

const NO_FACE = ['-f', 'lavfi', '-i', 'color=c=0x406080:s=640x480'];

const videoClip = (out: string, input: string[], codec: string[]) =>
  clip(out, input, CLIP_SECONDS, CLIP_FPS, codec);

function makeVideoFiles(): void {
  const faces = ['-loop', '1', '-i', photo(1)];
  videoClip(VIDEO_FILES.mp4, faces, ['-c:v', 'libx264', '-movflags', '+faststart']);
  videoClip(VIDEO_FILES.webm, faces, ['-c:v', 'libvpx-vp9', '-b:v', '500k']);
  videoClip(VIDEO_FILES.noFace, NO_FACE, ['-c:v', 'libvpx-vp9']);
  videoClip(VIDEO_FILES.hevc, faces, [
    '-c:v',
    'libx265',
    '-x265-params',
    'log-level=error',
    '-tag:v',
    'hvc1',
  ]);
  videoClip(VIDEO_FILES.theora, faces, ['-c:v', 'libtheora']);
  if (!existsSync(VIDEO_FILES.truncated)) {
    // Without +faststart the index (moov) comes last: the first half of the file has frames but no index.
    const whole = join(MEDIA_DIR, 'whole-for-truncation.mp4');
    videoClip(whole, faces, ['-c:v', 'libx264']);
    const bytes = readFileSync(whole);
    writeFileSync(VIDEO_FILES.truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
  }
  if (!existsSync(VIDEO_FILES.huge)) {
    copyFileSync(VIDEO_FILES.mp4, VIDEO_FILES.huge);
    truncateSync(VIDEO_FILES.huge, HUGE_BYTES);
  }
  if (!existsSync(VIDEO_FILES.cut)) {
    const whole = join(MEDIA_DIR, 'whole-for-cut.mp4');
    // A key frame every half second, so that the bytes before the cut hold whole decodable frames.
    clip(whole, faces, CUT_WHOLE_SECONDS, CLIP_FPS, [
      '-c:v',
      'libx264',
      '-g',
      '5',
      '-movflags',
      '+faststart',
    ]);
    const bytes = readFileSync(whole);
    writeFileSync(VIDEO_FILES.cut, bytes.subarray(0, Math.floor(bytes.length * CUT_SHARE)));
  }
  writeFileSync(VIDEO_FILES.empty, '');
  writeFileSync(VIDEO_FILES.notVideo, 'These are meeting notes, not a video.\n'.repeat(200));
}

export function makeMedia(): void {
  mkdirSync(MEDIA_DIR, { recursive: true });
  makeVideoFiles();
  // Camera clips: y4m keeps the frame rate, and the fake camera loops them.
  clip(CAMERA_FACES, ['-loop', '1', '-i', photo(1)], 1, 10, []);
  clip(CAMERA_NO_FACE, NO_FACE, 1, 10, []);
  if (!existsSync(PHOTO_NO_FACE))
    execFileSync('ffmpeg', ['-v', 'error', '-y', ...NO_FACE, '-frames:v', '1', PHOTO_NO_FACE]);
  if (!existsSync(PHOTO_LARGE))
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', photo(1), '-vf', 'scale=6000:-2', PHOTO_LARGE]);
  if (!existsSync(PHOTO_CLOSE_UP))
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', photo(1), '-vf', CLOSE_UP_CROP, PHOTO_CLOSE_UP]);
}

/**
 * One person switching expression: lfw-expressions' David_Beckham_0025 (happy; the CNN: p 1.00) and _0023
 * (neutral; p 0.90), SWITCH_SEGMENT_SECONDS each, happy → neutral → happy, at 10 fps. The photos are read
 * where they lie (../shared/datasets, or $LFW_EXPRESSIONS_DIR) and never copied into the repository.
 */
export const SWITCH_CLIP = join(MEDIA_DIR, 'switch-happy-neutral-10fps.mp4');
export const SWITCH_SEGMENT_SECONDS = 2;
export const SWITCH_LABELS = ['happy', 'neutral', 'happy'] as const;
const LFW_EXPRESSIONS =
  process.env['LFW_EXPRESSIONS_DIR'] ??
  join(import.meta.dirname, '..', '..', 'shared', 'datasets', 'lfw-expressions');

/**
 * The same person for the fake camera (y4m, which it loops): happy, then neutral, SWITCH_SEGMENT_SECONDS each,
 * so that the label changes every 2 s, and each change holds long enough to be announced (1.5 s).
 */
export const CAMERA_SWITCH = join(MEDIA_DIR, 'camera-switch-happy-neutral.y4m');

/** Made on first use; throws (the test fails) when the dataset is missing. */
export const makeSwitchClip = (): string =>
  switchClip(SWITCH_CLIP, SWITCH_LABELS.length, ['-c:v', 'libx264']);

/** As makeSwitchClip, the first two segments (happy, neutral) for the fake camera. */
export const makeCameraSwitchClip = (): string => switchClip(CAMERA_SWITCH, 2, []);

/** The first `segments` of happy → neutral → happy into `out`, encoded with `codec` (by the file's type). */
function switchClip(out: string, segments: number, codec: string[]): string {
  if (existsSync(out)) return out;
  mkdirSync(MEDIA_DIR, { recursive: true });
  const photo = (name: string) => [
    '-loop',
    '1',
    '-framerate',
    '10',
    '-i',
    join(LFW_EXPRESSIONS, 'images', name),
  ];
  const face = 'scale=288:288,pad=640:480:(ow-iw)/2:(oh-ih)/2,format=yuv420p';
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...photo('David_Beckham_0025.jpg'),
    ...photo('David_Beckham_0023.jpg'),
    '-filter_complex',
    `[0]${face}[a];[1]${face}[b];[a][b]overlay=enable='between(t,${SWITCH_SEGMENT_SECONDS},${2 * SWITCH_SEGMENT_SECONDS - 0.001})'[out]`,
    '-map',
    '[out]',
    '-t',
    String(segments * SWITCH_SEGMENT_SECONDS),
    ...codec,
    out,
  ]);
  return out;
}
