// A FrameResult for unit tests: the faces given, every other field a plain placeholder.

import type { FrameResult } from '../src/pipeline/frameResult';
import { videoBox } from '../src/pipeline/geometry';

export interface TestFace {
  readonly trackId: number;
  readonly smoothedLabel: string;
  readonly smoothedConfidence?: number;
}

export function frameOf(faces: readonly TestFace[]): FrameResult {
  return {
    faces: faces.map(({ trackId, smoothedLabel, smoothedConfidence = 0.6 }) => ({
      trackId,
      box: videoBox({ x: 0, y: 0, width: 10, height: 10 }),
      detectionScore: 1,
      probabilities: new Float32Array(7),
      smoothedLabel,
      smoothedConfidence,
    })),
    skippedFaces: 0,
    labels: [],
    timings: { detectMs: 0, cropMs: 0, classifyMs: 0 },
    detected: true,
    frameWidth: 100,
    frameHeight: 100,
  };
}
