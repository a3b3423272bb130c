// The detection worker: reads each frame's pixels, finds its faces (MediaPipe, pipeline/faceLocator.ts) and
// crops them (pipeline/cropInput.ts) for the analysis worker, which classifies them. The two run side by
// side: while the analysis worker classifies frames, this one locates the next (a whole file's analysis
// keeps several in flight). Only the crops travel, never a whole frame. It talks only to the analysis
// worker, over the port the page hands it.

import { cropFaces } from '../pipeline/cropInput';
import { createFaceDetector, type DetectorConfig, type FaceDetectorHandle } from '../pipeline/faceDetector';
import { FaceLocator } from '../pipeline/faceLocator';
import { errorMessage } from '../errorMessage';
import type { ConnectDetection, DetectionConnected, FromDetection, ToDetection } from './detectionProtocol';
import { assertNever } from './protocol';

let port: MessagePort | null = null;
let detector: FaceDetectorHandle | null = null;
let detectorConfig: DetectorConfig | null = null;
let locator: FaceLocator | null = null;

const post = (message: FromDetection, transfer: Transferable[] = []): void =>
  port?.postMessage(message, transfer);

/** Requests run one after another, in the order sent: the schedule carries boxes from frame to frame. */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(job: () => Promise<T> | T): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

self.addEventListener('message', (event: MessageEvent<ConnectDetection>) => {
  if (event.data.type !== 'connect' || port) return;
  port = event.data.port;
  port.addEventListener('message', (message: MessageEvent<ToDetection>) => receive(message.data));
  port.start();
  self.postMessage({ type: 'connected' } satisfies DetectionConnected);
});

function receive(message: ToDetection): void {
  switch (message.type) {
    case 'init':
      void answer(message.requestId, () => init(message.config, message.detectEvery));
      return;
    case 'configure':
      void answer(message.requestId, () => configure(message.range, message.minConfidence));
      return;
    case 'locate':
      void locate(message);
      return;
    case 'reset':
      void serially(() => locator?.reset());
      return;
    case 'dispose':
      void serially(() => {
        detector?.close();
        detector = null;
        locator = null;
        self.close();
      });
      return;
    default:
      assertNever(message);
  }
}

async function answer(requestId: number, job: () => Promise<void>): Promise<void> {
  try {
    await serially(job);
    post({ type: 'ready', requestId });
  } catch (error) {
    post({ type: 'failed', requestId, message: errorMessage(error) });
  }
}

async function init(config: DetectorConfig, detectEvery: number): Promise<void> {
  if (detector) throw new Error('the detection worker is already initialised');
  detector = await createFaceDetector(config);
  detectorConfig = config;
  locator = new FaceLocator(detector, { detectEvery });
}

async function configure(range: DetectorConfig['range'], minConfidence: number): Promise<void> {
  if (!detectorConfig || !locator) throw new Error('the detection worker is not initialised');
  if (range === detectorConfig.range && minConfidence === detectorConfig.minConfidence) return;
  const nextConfig = { ...detectorConfig, range, minConfidence };
  const next = await createFaceDetector(nextConfig); // the old one keeps running if this fails
  locator.setDetector(next).close();
  detector = next;
  detectorConfig = nextConfig;
}

type LocateRequest = Extract<ToDetection, { type: 'locate' }>;

/**
 * Locates one frame, crops its faces, and closes it whatever happens: an unclosed ImageBitmap or VideoFrame
 * holds a whole frame (a VideoFrame also holds one of the decoder's few buffers).
 */
async function locate({ requestId, image, time, crop, scales }: LocateRequest): Promise<void> {
  try {
    const frame = await serially(async () => {
      if (!locator) throw new Error('the face detector is not loaded');
      // Closed as soon as its pixels are read: the decoder may be waiting for the buffer.
      const located = await locator.locate(image, time).finally(() => image.close());
      // Cropped now, before the next frame is read into the same pixels.
      const t0 = performance.now();
      const { pixels, faces, readMs, ...rest } = located;
      const input = cropFaces(pixels, faces, crop, time === null, scales);
      const cropMs = readMs + performance.now() - t0;
      const size = { width: pixels.width, height: pixels.height };
      return { ...rest, faces, input, viewsPerFace: scales.length, cropMs, ...size };
    });
    post({ type: 'located', requestId, frame }, [frame.input.buffer]);
  } catch (error) {
    image.close();
    post({ type: 'failed', requestId, message: errorMessage(error) });
  }
}
