// MediaPipe face detection (tasks-vision FaceDetector, VIDEO mode) behind a small interface.

import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import {
  DEFAULT_AUTO_RANGE_CONFIG,
  mergeRanges,
  needsShortRange,
  type AutoRangeConfig,
  type DetectedFace,
  type DetectorRange,
  type DetectorRangeChoice,
} from './detectorRange';
import { eyeLineRoll } from './geometry';
import { greyPixels, paddedPlacement, placeFrame, unpadFaces, type Placement } from './paddedFrame';

export type { DetectedFace, DetectorRange, DetectorRangeChoice } from './detectorRange';

export interface DetectorConfig {
  /** URL folder holding tasks-vision's wasm files (served by the app itself). */
  readonly wasmBaseUrl: string;
  /** URL folder holding the patched face_detection_{short,full}_range.tflite files. */
  readonly modelBaseUrl: string;
  /**
   * 'full' finds small and turned faces that 'short' (selfie distance) misses, and misses faces that fill
   * the frame; 'auto' loads both and adds short range where full range finds nothing or a near face
   * (detectorRange.ts). The app's default ('auto') is in session/state/launchOptions.ts.
   */
  readonly range: DetectorRangeChoice;
  /** Detections below this score are ignored, 0..1 (app default 0.5, session/state/launchOptions.ts). */
  readonly minConfidence: number;
}

export interface FaceDetectorHandle {
  /** What the user chose; each face says which model's box it has (`DetectedFace.range`). */
  readonly range: DetectorRangeChoice;
  /** Faces in one frame. Timestamps passed to VIDEO mode must grow, so each model keeps its own clock. */
  detect(frame: ImageData): DetectedFace[];
  close(): void;
}

/** tasks-vision does not export its fileset type. */
type WasmFileset = Awaited<ReturnType<typeof FilesetResolver.forVisionTasks>>;

/**
 * tasks-vision imports its wasm loader, takes the factory that the loader leaves on `self.ModuleFactory`
 * and clears it. In a module worker the loader is an ES module, which a second import does not run again:
 * a second detector in the same worker ('auto' makes two; a changed setting makes a new one) failed with
 * "ModuleFactory not set". So the loader is imported here once and its factory handed back before each.
 */
async function loadFileset(wasmBaseUrl: string): Promise<{ fileset: WasmFileset; factory: unknown }> {
  // `true` picks the ES-module wasm loader: the detector runs in a module worker, where the classic
  // loader cannot register itself ("ModuleFactory not set"). It works on the main thread too.
  const fileset = await FilesetResolver.forVisionTasks(wasmBaseUrl, true);
  const loader: { default?: unknown } = await import(/* @vite-ignore */ fileset.wasmLoaderPath);
  return { fileset, factory: loader.default };
}

/** One MediaPipe model: its faces in one frame, tagged with its range. */
interface RangeDetector {
  detect(frame: ImageData): DetectedFace[];
  close(): void;
}

async function createRangeDetector(
  { fileset, factory }: { fileset: WasmFileset; factory: unknown },
  config: DetectorConfig,
  range: DetectorRange,
): Promise<RangeDetector> {
  (globalThis as { ModuleFactory?: unknown }).ModuleFactory = factory;
  const detector = await FaceDetector.createFromOptions(fileset, {
    baseOptions: {
      modelAssetPath: `${config.modelBaseUrl}face_detection_${range}_range.tflite`,
      delegate: 'CPU',
    },
    runningMode: 'VIDEO',
    minDetectionConfidence: config.minConfidence,
  });
  let lastTimestamp = 0;
  const rangeDetector: RangeDetector = {
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
            range,
            // MediaPipe's first two keypoints: the face's right eye, then its left.
            roll: eyeLineRoll(d.keypoints[0], d.keypoints[1], frame.width, frame.height),
          },
        ];
      });
    },
    close: () => detector.close(),
  };
  // MediaPipe sets its graph up on the first frame (about a second here): do that now, not on the user's.
  rangeDetector.detect(new ImageData(64, 64));
  return rangeDetector;
}

/** The frame in a grey border, scaled down, in a buffer kept while the frame size holds. */
function createPadder({
  retryPadding,
  retryMaxSide,
}: AutoRangeConfig): (frame: ImageData) => { image: ImageData; placement: Placement } {
  let image: ImageData | null = null;
  return (frame) => {
    const placement = paddedPlacement(frame, retryPadding, retryMaxSide);
    if (image?.width !== placement.width || image.height !== placement.height)
      image = new ImageData(greyPixels(placement.width, placement.height), placement.width, placement.height);
    placeFrame(image.data, frame, placement);
    return { image, placement };
  };
}

/**
 * Full range first; short range only when full range finds no face or a near one, and short range on the
 * padded frame only when neither found a face (detectorRange.ts says why).
 */
function autoDetector(full: RangeDetector, short: RangeDetector): (frame: ImageData) => DetectedFace[] {
  const pad = createPadder(DEFAULT_AUTO_RANGE_CONFIG);
  return (frame) => {
    const fullFaces = full.detect(frame);
    if (!needsShortRange(fullFaces, frame)) return fullFaces;
    const faces = mergeRanges(fullFaces, short.detect(frame), frame);
    if (faces.length > 0) return faces;
    const { image, placement } = pad(frame);
    return unpadFaces(short.detect(image), placement);
  };
}

export async function createFaceDetector(config: DetectorConfig): Promise<FaceDetectorHandle> {
  const fileset = await loadFileset(config.wasmBaseUrl);
  const { range } = config;
  if (range !== 'auto') {
    const only = await createRangeDetector(fileset, config, range);
    return { range, detect: (frame) => only.detect(frame), close: () => only.close() };
  }
  const full = await createRangeDetector(fileset, config, 'full');
  let short: RangeDetector;
  try {
    short = await createRangeDetector(fileset, config, 'short');
  } catch (error) {
    full.close();
    throw error;
  }
  return {
    range,
    detect: autoDetector(full, short),
    close: () => {
      full.close();
      short.close();
    },
  };
}
