// The analysis worker: owns TF.js, the classifier and the face tracks, and answers the page's requests
// (protocol.ts). Faces are found and cropped by the detection worker (MediaPipe, detection.worker.ts) on the
// other core: each frame goes there first, and its faces' crops come back here to be classified, so that the
// next frame's detection overlaps this one's classification. Frames already located when the classifier
// gets to them are classified in one batch.

import * as tf from '@tensorflow/tfjs';
import { FaceAnalyzer, type FrameFaces } from '../pipeline/analyzer';
import { chooseBackend, type BackendProbe } from '../pipeline/backend';
import { loadClassifier, type Classifier } from '../pipeline/classifier';
import { STILL_VIEW_SCALES } from '../pipeline/cropInput';
import { loadEnsemble, mirrorAveraged } from '../pipeline/ensemble';
import { greyImagesToBatch } from '../pipeline/preprocess';
import { activateBackend, probeBackends, webgpuDevice } from '../pipeline/tfRuntime';
import { DetectionClient } from './detectionClient';
import { batchLength } from './frameBatch';
import {
  assertNever,
  type FrameImage,
  type FromWorker,
  type ModelLoad,
  type Request,
  type ToWorker,
} from './protocol';
import { errorMessage } from '../errorMessage';

/** The parts of DedicatedWorkerGlobalScope used here (the app compiles against the DOM library). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
  close(): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker): void => scope.postMessage(message);

/** The detection worker, once it has loaded its detector. */
let detection: DetectionClient | null = null;
let analyzer: FaceAnalyzer | null = null;
let windowLength = 10;
let disposed = false;
let probes: readonly BackendProbe[] = [];
/** The running model's files, to load it again on another backend after a GPU loss. */
let runningModel: ModelLoad | null = null;

/**
 * Analysis jobs (frames, stills, grey batches, track resets) run strictly one after another: the tracker
 * is shared, and a still must not interleave with a live frame.
 */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(job: () => Promise<T> | T): Promise<T> {
  epoch += 1;
  return inTurn(job);
}
function inTurn<T>(job: () => Promise<T> | T): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}
/**
 * Counts the jobs that are not frames, and the model switches: frames queued with another job or a switch
 * between them are never batched.
 */
let epoch = 0;

/** Model loads queue among themselves, so that the model asked for last is the one that runs. */
let modelQueue: Promise<unknown> = Promise.resolve();

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      void init(message);
      return;
    case 'loadModel': {
      const load = modelQueue.then(() => loadModel(message));
      modelQueue = load.catch(() => undefined);
      return;
    }
    case 'frame':
      acceptFrame(message.requestId, message.image, message.time);
      return;
    case 'analyzeStill':
      void answerStill(message);
      return;
    case 'classifyGrey':
      void classifyGrey(message);
      return;
    case 'configure':
      void configure(message);
      return;
    case 'memory':
      // After the frame in flight, so that its tensors are not counted.
      void serially(() => {
        const { numTensors, numBytes } = tf.memory();
        post({ type: 'memoryReport', requestId: message.requestId, numTensors, numBytes });
      });
      return;
    case 'simulateGpuLoss':
      webgpuDevice()?.destroy();
      return;
    case 'resetTracks':
      // Now, not in turn: the frames sent after this must not carry boxes from those before.
      detection?.reset();
      void serially(() => analyzer?.reset({ renumber: message.renumber }));
      return;
    case 'dispose':
      dispose();
      return;
    default:
      assertNever(message);
  }
});

async function init({ requestId, config, detectionPort }: Request<'init'>): Promise<void> {
  try {
    if (detection) throw new Error('the worker is already initialised');
    post({ type: 'progress', requestId, status: 'Choosing the fastest TF.js backend…' });
    const backends = await probeBackends(
      config.tfjsWasmBaseUrl,
      config.backend === undefined,
      config.wasmThreads,
    );
    const choice = chooseBackend(backends, config.backend);
    await activateBackend(choice.name);
    probes = backends;
    if (choice.name === 'webgpu') watchGpu();
    post({ type: 'progress', requestId, status: 'Loading the face detector…' });
    const detector = new DetectionClient(detectionPort);
    const detectorConfig = {
      wasmBaseUrl: config.mediapipeWasmBaseUrl,
      modelBaseUrl: config.detectorModelBaseUrl,
      range: config.detectorRange,
      minConfidence: config.minConfidence,
    };
    await detector.init(detectorConfig, config.detectEvery);
    detection = detector;
    windowLength = config.windowLength;
    post({ type: 'ready', requestId, backends, choice });
  } catch (error) {
    post({ type: 'initFailed', requestId, message: errorMessage(error) });
  }
}

/** One model, or an ensemble of its members (each loaded afresh: the running model is disposed on a switch). */
function loadModelFiles({ members, flipAverage }: ModelLoad): Promise<Classifier> {
  const [only] = members;
  if (only && members.length === 1 && !flipAverage) return loadClassifier(only.modelUrl, only.spec);
  const files = members.map(({ name, modelUrl, spec }) => ({ name, model: modelUrl, spec }));
  return loadEnsemble(files, { flipAverage });
}

async function loadModel({ requestId, id, model }: Request<'loadModel'>): Promise<void> {
  let next: Classifier;
  try {
    if (!detection) throw new Error('the worker is not initialised');
    next = await loadModelFiles(model);
  } catch (error) {
    post({ type: 'modelFailed', requestId, id, message: errorMessage(error) });
    return;
  }
  if (disposed || !detection) {
    next.dispose();
    return;
  }
  // A frame already sent keeps the classifier it was sent under: its crops were made for that one's spec.
  const previous = analyzer ? analyzer.setClassifier(next) : null;
  epoch += 1;
  detection.reset(); // tracks restart: the next frame detects
  runningModel = model;
  analyzer ??= new FaceAnalyzer(next, { windowLength });
  post({ type: 'modelLoaded', requestId, id });
  if (previous) {
    await queue; // the frames sent before the switch may still be using the previous model
    previous.dispose();
  }
}

/** A frame sent to the detection worker, waiting to be classified. */
interface WaitingFrame {
  readonly requestId: number;
  readonly time: number;
  /** The non-frame jobs and model switches before it (`epoch`): a batch holds frames of one epoch only. */
  readonly epoch: number;
  /** The model it was sent under: its faces are cropped for it, and it classifies them. */
  readonly classifier: Classifier;
  /** Resolves with its faces (rejects if the detection worker could not read, detect or crop). */
  readonly locating: Promise<FrameFaces>;
  /** Its faces, once they are back. */
  faces: FrameFaces | null;
}

/** Frames sent on, in the order they came, until answered. */
const waiting: WaitingFrame[] = [];

const NO_MODEL = 'the analysis worker has no model yet';

/**
 * What a frame or still is sent with: the detection worker and the model it is classified by. Without them
 * the image is closed and `requestId` answered with why: null.
 */
function readyFor(
  requestId: number,
  image: FrameImage,
): { detection: DetectionClient; classifier: Classifier } | null {
  const classifier = analyzer?.activeClassifier;
  if (detection && classifier) return { detection, classifier };
  image.close();
  post({
    type: 'error',
    requestId,
    message: detection ? NO_MODEL : 'the analysis worker is not initialised',
  });
  return null;
}

/** The most frames classified in one batch: their results wait for the batch. */
const MAX_BATCH_FRAMES = 8;

/**
 * Sends the frame to the detection worker at once (it transfers the image, which is closed there), and
 * queues its classification in turn with the other jobs.
 */
function acceptFrame(requestId: number, image: FrameImage, time: number): void {
  const ready = readyFor(requestId, image);
  if (!ready) return;
  const { classifier } = ready;
  const locating = ready.detection.locate(image, time, classifier.spec);
  const frame: WaitingFrame = { requestId, time, epoch, classifier, locating, faces: null };
  locating.then(
    (faces) => (frame.faces = faces),
    () => undefined, // answered by its classification job
  );
  waiting.push(frame);
  void inTurn(() => classifyWaiting(frame));
}

/**
 * Classifies `first` with the frames after it whose faces are already back (one batch, frameBatch.ts), and
 * answers each. Nothing to do for a frame already answered in an earlier frame's batch.
 */
async function classifyWaiting(first: WaitingFrame): Promise<void> {
  if (waiting[0] !== first) return; // answered: frames leave `waiting` in order, as they are classified
  let firstFaces: FrameFaces;
  try {
    firstFaces = await first.locating;
  } catch (error) {
    waiting.shift();
    post({ type: 'error', requestId: first.requestId, message: errorMessage(error) });
    return;
  }
  const frames = waiting.splice(0, batchLength(waiting, MAX_BATCH_FRAMES));
  // Every frame but the first has its faces (batchLength); the first's are those just awaited.
  const batch = frames.map((frame) => ({ ...(frame.faces ?? firstFaces), time: frame.time }));
  try {
    if (!analyzer) throw new Error(NO_MODEL);
    const results = await analyzer.classifyFrames(batch, first.classifier);
    frames.forEach(({ requestId }, i) => {
      const result = results[i];
      if (result) post({ type: 'result', requestId, result });
    });
  } catch (error) {
    for (const { requestId } of frames) post({ type: 'error', requestId, message: errorMessage(error) });
  }
}

/** `classifier`, or with `mirror` the same averaged over each input and its mirror image. */
const viewed = (classifier: Classifier, mirror: boolean): Classifier =>
  mirror ? mirrorAveraged(classifier) : classifier;

/** One still, with fresh tracks numbered from 1 that end with it. The bitmap is closed by the detection worker. */
async function answerStill({ requestId, bitmap, averageViews }: Request<'analyzeStill'>): Promise<void> {
  const ready = readyFor(requestId, bitmap);
  if (!ready) return;
  const { detection: detectionWorker, classifier } = ready;
  // Reset before and after, now: frames sent around the still neither carry boxes to it nor from it.
  detectionWorker.reset();
  const scales = averageViews ? STILL_VIEW_SCALES : [1];
  const located = detectionWorker.locate(bitmap, null, classifier.spec, scales);
  detectionWorker.reset();
  located.catch(() => undefined); // awaited in turn below
  try {
    const result = await serially(async () => {
      const faces = await located;
      if (!analyzer) throw new Error(NO_MODEL);
      analyzer.reset({ renumber: true });
      try {
        const [only] = await analyzer.classifyFrames([faces], viewed(classifier, averageViews));
        if (!only) throw new Error('the still was not classified');
        return only;
      } finally {
        analyzer.reset({ renumber: true });
      }
    });
    post({ type: 'result', requestId, result });
  } catch (error) {
    post({ type: 'error', requestId, message: errorMessage(error) });
  }
}

async function classifyGrey({ requestId, pixels, count, mirror }: Request<'classifyGrey'>): Promise<void> {
  try {
    const probabilities = await serially(async () => {
      // Read inside the job: a model switch must not dispose this classifier while it predicts.
      const classifier = analyzer?.activeClassifier;
      if (!classifier) throw new Error('the analysis worker has no model yet');
      const batch = greyImagesToBatch(pixels, count, classifier.spec);
      try {
        return await viewed(classifier, mirror).predict(batch);
      } finally {
        batch.dispose();
      }
    });
    post({ type: 'greyResult', requestId, probabilities });
  } catch (error) {
    post({ type: 'error', requestId, message: errorMessage(error) });
  }
}

async function configure({ requestId, settings }: Request<'configure'>): Promise<void> {
  try {
    await serially(async () => {
      if (!detection) throw new Error('the worker is not initialised');
      // A new detector (if the range or threshold changed); the old one keeps running if this fails.
      await detection.configure(settings.detectorRange, settings.minConfidence);
      windowLength = settings.windowLength;
      analyzer?.setWindowLength(windowLength);
      detection.reset(); // tracks restart: the next frame detects
    });
    post({ type: 'configured', requestId });
  } catch (error) {
    post({ type: 'error', requestId, message: errorMessage(error) });
  }
}

/** A lost WebGPU device (GPU reset, driver crash, `destroy()`): move to the next backend and go on. */
function watchGpu(): void {
  void webgpuDevice()?.lost.then((info) => {
    if (disposed) return;
    void serially(() => leaveLostGpu(info.message || info.reason || 'device lost'));
  });
}

async function leaveLostGpu(why: string): Promise<void> {
  const next = chooseBackend(probes.filter((p) => p.name !== 'webgpu'));
  await activateBackend(next.name);
  if (analyzer && runningModel) {
    const replacement = await loadModelFiles(runningModel);
    const lost = analyzer.setClassifier(replacement);
    try {
      lost.dispose();
    } catch {
      // its tensors lived on the lost device; nothing is left to free
    }
  }
  post({
    type: 'backendChanged',
    choice: { name: next.name, reason: `WebGPU stopped (${why}); switched to ${next.name}: ${next.reason}` },
  });
}

function dispose(): void {
  disposed = true;
  void serially(() => {
    analyzer?.activeClassifier.dispose();
    detection?.dispose();
    analyzer = null;
    detection = null;
    scope.close();
  });
}
