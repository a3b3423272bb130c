// MediaPipe face detection (tasks-vision FaceDetector, VIDEO mode) behind a small interface.

import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import type { Box } from './geometry';

export type DetectorRange = 'short' | 'full';

export interface DetectorConfig {
  /** URL folder holding tasks-vision's wasm files (served by the app itself). */
  readonly wasmBaseUrl: string;
  /** URL folder holding the patched face_detection_{short,full}_range.tflite files. */
  readonly modelBaseUrl: string;
  /** 'full' finds small and turned faces that 'short' (selfie distance) misses. The app's default ('full') is in session/launchOptions.ts. */
  readonly range: DetectorRange;
  /** Detections below this score are ignored, 0..1 (app default 0.5, session/launchOptions.ts). */
  readonly minConfidence: number;
}

export interface DetectedFace {
  readonly box: Box;
  readonly score: number;
}

export interface FaceDetectorHandle {
  /** Which model runs: the crop framing depends on it. */
  readonly range: DetectorRange;
  /** Faces in one frame. Timestamps passed to VIDEO mode must grow, so we keep our own clock. */
  detect(frame: TexImageSource): DetectedFace[];
  close(): void;
}

export async function createFaceDetector(config: DetectorConfig): Promise<FaceDetectorHandle> {
  // `true` picks the ES-module wasm loader: the detector runs in a module worker, where the classic
  // loader cannot register itself ("ModuleFactory not set"). It works on the main thread too.
  const fileset = await FilesetResolver.forVisionTasks(config.wasmBaseUrl, true);
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: {
      modelAssetPath: `${config.modelBaseUrl}face_detection_${config.range}_range.tflite`,
      delegate: 'CPU',
    },
    runningMode: 'VIDEO',
    minDetectionConfidence: config.minConfidence,
  });
  let lastTimestamp = 0;
  const handle: FaceDetectorHandle = {
    range: config.range,
    detect(frame) {
      lastTimestamp = Math.max(lastTimestamp + 1, Math.floor(performance.now()));
      const result = detector.detectForVideo(frame, lastTimestamp);
      return result.detections.flatMap((d) => {
        const b = d.boundingBox;
        if (!b || b.width <= 0 || b.height <= 0) return [];
        return [
          {
            box: { x: b.originX, y: b.originY, width: b.width, height: b.height },
            score: d.categories[0]?.score ?? 0,
          },
        ];
      });
    },
    close: () => detector.close(),
  };
  // MediaPipe sets its graph up on the first frame (about a second here): do that now, not on the user's.
  handle.detect(new ImageData(64, 64));
  return handle;
}
