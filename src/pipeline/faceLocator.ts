// Where a frame's faces are: its pixels read once, then the detector run or the last boxes carried
// (detectSchedule.ts). The first half of the pipeline, with the crops (cropInput.ts); it runs in the
// detection worker, beside the classifier's worker, so that one frame's detection overlaps the previous
// frames' classification. No TF.js.

import { DetectSchedule, type DetectScheduleConfig } from './detectSchedule';
import type { DetectedFace, FaceDetectorHandle } from './faceDetector';

/** More faces than this in one frame are reported but not classified, to keep the frame rate usable. */
export const MAX_FACES_PER_FRAME = 64;

export type FrameSource =
  HTMLVideoElement | HTMLCanvasElement | HTMLImageElement | ImageBitmap | OffscreenCanvas | VideoFrame;

/** One frame with its faces found, ready to crop. */
export interface LocatedFrame {
  /**
   * The frame's RGBA pixels, in a buffer the locator reads the next frame into: crop before locating
   * another. Only the crops leave the detection worker, never the whole frame.
   */
  readonly pixels: ImageData;
  /** The faces to classify, detected or carried, at most MAX_FACES_PER_FRAME. */
  readonly faces: readonly DetectedFace[];
  /** Faces found beyond MAX_FACES_PER_FRAME. */
  readonly skippedFaces: number;
  /** Whether the detector ran on this frame (false: the last frame's boxes were carried). */
  readonly detected: boolean;
  /** Detector time, ms (0: none ran). */
  readonly detectMs: number;
  /** Time spent reading the frame's pixels, ms. */
  readonly readMs: number;
}

const isVideoFrame = (frame: FrameSource): frame is VideoFrame =>
  typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame;

// The element classes do not exist in a worker (where `instanceof` on them would throw a ReferenceError).
function frameSize(frame: FrameSource): [number, number] {
  if (typeof HTMLVideoElement !== 'undefined' && frame instanceof HTMLVideoElement)
    return [frame.videoWidth, frame.videoHeight];
  if (typeof HTMLImageElement !== 'undefined' && frame instanceof HTMLImageElement)
    return [frame.naturalWidth, frame.naturalHeight];
  if (isVideoFrame(frame)) return [frame.displayWidth, frame.displayHeight];
  return [frame.width, frame.height];
}

export class FaceLocator {
  private readonly schedule: DetectSchedule;
  /** The last frame's faces (detected or carried): what the next frame carries. */
  private lastFaces: readonly DetectedFace[] = [];
  /**
   * The canvas frames are read back through. `willReadFrequently` keeps it in CPU memory: TF.js's own
   * fromPixels draws into a GPU-backed canvas and waits for a readback on every frame (measured: it was
   * most of the ~40 ms per frame that no pipeline stage accounted for).
   */
  private readback: OffscreenCanvasRenderingContext2D | null = null;
  /** What a decoder's frame is read into, frame after frame (a new 1.2 MB buffer a frame cost time and GC). */
  private pixels: ImageData | null = null;

  constructor(
    private detector: FaceDetectorHandle,
    scheduleConfig: Partial<DetectScheduleConfig> = {},
  ) {
    this.schedule = new DetectSchedule(scheduleConfig);
  }

  /** The next frame runs the detector, and carries nothing. */
  reset(): void {
    this.schedule.reset();
    this.lastFaces = [];
  }

  /** Swaps the detector (another range or threshold); returns the old one for the caller to close. */
  setDetector(next: FaceDetectorHandle): FaceDetectorHandle {
    const previous = this.detector;
    this.detector = next;
    this.reset();
    return previous;
  }

  /**
   * Reads the frame and finds its faces; `time` is its time in seconds (media or capture time), null for
   * a still (which should come after a `reset`). The caller still owns and closes `frame`.
   */
  async locate(frame: FrameSource, time: number | null): Promise<LocatedFrame> {
    const [width, height] = frameSize(frame);
    // One read of the frame's pixels serves the schedule, the detector and the crops.
    const t0 = performance.now();
    const pixels = await this.readFrame(frame, width, height);
    const readMs = performance.now() - t0;
    const t1 = performance.now();
    const detected = this.schedule.decide(pixels, time ?? 0, this.lastFaces.length) !== 'carry';
    const found = detected ? this.detector.detect(pixels) : this.lastFaces;
    const detectMs = detected ? performance.now() - t1 : 0;
    const faces = found.slice(0, MAX_FACES_PER_FRAME);
    this.lastFaces = faces;
    return { pixels, faces, skippedFaces: found.length - faces.length, detected, detectMs, readMs };
  }

  private async readFrame(frame: FrameSource, width: number, height: number): Promise<ImageData> {
    // A decoder's frame converts straight to RGBA in one copy, without a canvas; one with non-square pixels
    // (visible size ≠ display size) is scaled by the canvas below instead.
    const visible = isVideoFrame(frame) ? frame.visibleRect : null;
    if (visible && visible.width === width && visible.height === height) {
      if (this.pixels?.width !== width || this.pixels.height !== height)
        this.pixels = new ImageData(width, height);
      const pixels = this.pixels;
      try {
        await (frame as VideoFrame).copyTo(pixels.data, { format: 'RGBA', colorSpace: 'srgb' });
        return pixels;
      } catch {
        // a browser without copyTo's format conversion: the canvas does it
      }
    }
    if (this.readback?.canvas.width !== width || this.readback.canvas.height !== height)
      this.readback = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
    if (!this.readback) throw new Error('no 2D canvas to read the frame with');
    this.readback.drawImage(frame, 0, 0, width, height);
    return this.readback.getImageData(0, 0, width, height);
  }
}
