// Which MediaPipe face model's boxes to keep: the full-range model finds small and turned faces but misses
// faces that fill the frame, the short-range (selfie) model the reverse. 'auto' runs both when it pays, and
// when neither finds a face, short range once more on the frame in a border (a face cut by the edges).
// Pure: no runtime imports, so the page can validate a range without loading MediaPipe.

import { iou, type Box } from './geometry';

/** One MediaPipe face model. The crop framing depends on it (spec.cropFraming[range]). */
export type DetectorRange = 'short' | 'full';

/** What the user picks: one model, or 'auto' (full range, and short range when faces are near). */
export type DetectorRangeChoice = DetectorRange | 'auto';

export const DETECTOR_RANGE_CHOICES: readonly DetectorRangeChoice[] = ['auto', 'short', 'full'];

/** Whether `value` is a range a user (or a developer) may pick. */
export function isDetectorRangeChoice(value: unknown): value is DetectorRangeChoice {
  return DETECTOR_RANGE_CHOICES.some((choice) => choice === value);
}

export interface DetectedFace {
  readonly box: Box;
  readonly score: number;
  /** The model whose box this is: its crop framing applies. */
  readonly range: DetectorRange;
  /** The slope of the eye line in radians (geometry.ts eyeLineRoll); the crop is turned to level it. */
  readonly roll?: number;
}

export interface AutoRangeConfig {
  /**
   * A face whose box side exceeds this share of the frame's shorter side is near: the short-range model
   * runs too and its box is kept. Default 0.4: on face-api's demo faces framed at 15–100% of the shorter
   * side (256² and 640×480 frames), short range found 21–22 of 22 from 25% up and kept its scores
   * (median ~0.9), while full range's scores fell from 40% (tenth percentile 0.69, then 0.55–0.6 near the
   * 0.5 threshold) and it began to miss faces at 35–50%; from 80% up it missed 9–19 of 22 in square
   * frames (2–8 at 640×480).
   */
  readonly nearFaceShare: number;
  /**
   * Boxes of the two models overlapping more than this are one face. Default 0.25: the same face's boxes
   * from the two models overlapped by IoU 0.47 or more (median ~0.74) at 20% and more of the frame, 0.31 at
   * worst for faces at 15%; two different faces rarely overlap that much.
   */
  readonly sameFaceIou: number;
  /**
   * When neither model finds a face, short range looks once more at the frame set in a mid-grey border that
   * makes each side this many times longer (paddedFrame.ts). A face cut by the frame's edges (closer than
   * the camera's view, a tight portrait crop) is then whole, and it fills at most 1/1.5 = 67% of the padded
   * frame, where short range found 22 of 22 faces in the measurement above. Default 1.5.
   */
  readonly retryPadding: number;
  /**
   * The padded frame is scaled down to at most this many pixels on its longer side. The short-range model
   * looks at 128×128 anyway, and MediaPipe's time grows with the pixels it is given (measured: 7 ms for a
   * 640×480 frame, 13–20 ms for it padded to 960×720); a 4096 px photo padded at full size would take 150 MB.
   * Default 512.
   */
  readonly retryMaxSide: number;
}

export const DEFAULT_AUTO_RANGE_CONFIG: AutoRangeConfig = {
  nearFaceShare: 0.4,
  sameFaceIou: 0.25,
  retryPadding: 1.5,
  retryMaxSide: 512,
};

export interface FrameSize {
  readonly width: number;
  readonly height: number;
}

function isNear(box: Box, frame: FrameSize, config: AutoRangeConfig): boolean {
  return Math.max(box.width, box.height) > config.nearFaceShare * Math.min(frame.width, frame.height);
}

/** Whether 'auto' must also run the short-range model, given what the full-range one found. */
export function needsShortRange(
  fullFaces: readonly DetectedFace[],
  frame: FrameSize,
  config: AutoRangeConfig = DEFAULT_AUTO_RANGE_CONFIG,
): boolean {
  return fullFaces.length === 0 || fullFaces.some((f) => isNear(f.box, frame, config));
}

/** Pairs of (full index, short index), one face each, best overlap first. */
function sameFacePairs(
  full: readonly DetectedFace[],
  short: readonly DetectedFace[],
  minIou: number,
): [number, number][] {
  const candidates: { f: number; s: number; overlap: number }[] = [];
  full.forEach((a, f) =>
    short.forEach((b, s) => {
      const overlap = iou(a.box, b.box);
      if (overlap > minIou) candidates.push({ f, s, overlap });
    }),
  );
  candidates.sort((a, b) => b.overlap - a.overlap);
  const usedFull = new Set<number>();
  const usedShort = new Set<number>();
  const pairs: [number, number][] = [];
  for (const { f, s } of candidates) {
    if (usedFull.has(f) || usedShort.has(s)) continue;
    usedFull.add(f);
    usedShort.add(s);
    pairs.push([f, s]);
  }
  return pairs;
}

/**
 * One list of faces from both models' detections of the same frame. A face both found is kept once: with
 * the short-range box when it is near (that model is made for such faces and scores them higher), else with
 * the full-range box. Faces only one model found are kept as they are. Full-range faces come first, in
 * their order, so the face order stays stable while the short-range model comes and goes.
 */
export function mergeRanges(
  full: readonly DetectedFace[],
  short: readonly DetectedFace[],
  frame: FrameSize,
  config: AutoRangeConfig = DEFAULT_AUTO_RANGE_CONFIG,
): DetectedFace[] {
  const pairs = sameFacePairs(full, short, config.sameFaceIou);
  const shortOf = new Map(pairs);
  const paired = new Set(pairs.map(([, s]) => s));
  const merged = full.map((face, f) => {
    const twin = shortOf.get(f);
    const near = twin !== undefined && isNear(face.box, frame, config);
    return near ? (short[twin] as DetectedFace) : face;
  });
  return merged.concat(short.filter((_, s) => !paired.has(s)));
}
