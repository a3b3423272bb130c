// The analysis worker: owns TF.js, the MediaPipe detector, the classifier and the face tracks, so that
// detection and classification never block the page. Answers the requests of protocol.ts, one at a time.

import * as tf from '@tensorflow/tfjs';
import { FaceAnalyzer } from '../pipeline/analyzer';
import type { FrameResult } from '../pipeline/frameResult';
import { chooseBackend, type BackendProbe } from '../pipeline/backend';
import { loadClassifier, type Classifier } from '../pipeline/classifier';
import { loadEnsemble } from '../pipeline/ensemble';
import { createFaceDetector, type FaceDetectorHandle } from '../pipeline/faceDetector';
import { greyImagesToBatch } from '../pipeline/preprocess';
import { activateBackend, probeBackends, webgpuDevice } from '../pipeline/tfRuntime';
import type { DetectorRangeChoice } from '../pipeline/faceDetector';
import {
  assertNever,
  type FrameImage,
  type FromWorker,
  type ModelLoad,
  type Request,
  type ToWorker,
} from './protocol';
import { errorMessage } from '../pipeline/errorMessage';

/** The parts of DedicatedWorkerGlobalScope used here (the app compiles against the DOM library). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
  close(): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker): void => scope.postMessage(message);

let detector: FaceDetectorHandle | null = null;
let analyzer: FaceAnalyzer | null = null;
let windowLength = 10;
let detectEvery = 1;
/** What the detector was made with; a 'configure' with other values makes a new one. */
let detectorConfig: {
  wasmBaseUrl: string;
  modelBaseUrl: string;
  range: DetectorRangeChoice;
  minConfidence: number;
} | null = null;
let disposed = false;
let probes: readonly BackendProbe[] = [];
/** The running model's files, to load it again on another backend after a GPU loss. */
let runningModel: ModelLoad | null = null;

/**
 * Analysis jobs (frames, stills, grey batches, track resets) run strictly one after another: the tracker
 * is shared, and a still must not interleave with a live frame. The page sends one frame at a time anyway.
 */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(job: () => Promise<T> | T): Promise<T> {
  const run = queue.then(job);
  queue = run.catch(() => undefined);
  return run;
}

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
      void answerFrame(message.requestId, message.image, message.time);
      return;
    case 'analyzeStill':
      void answerFrame(message.requestId, message.bitmap, null);
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
      void serially(() => analyzer?.reset({ renumber: message.renumber }));
      return;
    case 'dispose':
      dispose();
      return;
    default:
      assertNever(message);
  }
});

async function init({ requestId, config }: Request<'init'>): Promise<void> {
  try {
    if (detector) throw new Error('the worker is already initialised');
    post({ type: 'progress', requestId, status: 'Choosing the fastest TF.js backend…' });
    const backends = await probeBackends(config.tfjsWasmBaseUrl, config.backend === undefined);
    const choice = chooseBackend(backends, config.backend);
    await activateBackend(choice.name);
    probes = backends;
    if (choice.name === 'webgpu') watchGpu();
    post({ type: 'progress', requestId, status: 'Loading the face detector…' });
    detectorConfig = {
      wasmBaseUrl: config.mediapipeWasmBaseUrl,
      modelBaseUrl: config.detectorModelBaseUrl,
      range: config.detectorRange,
      minConfidence: config.minConfidence,
    };
    detector = await createFaceDetector(detectorConfig);
    windowLength = config.windowLength;
    detectEvery = config.detectEvery;
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
    if (!detector) throw new Error('the worker is not initialised');
    next = await loadModelFiles(model);
  } catch (error) {
    post({ type: 'modelFailed', requestId, id, message: errorMessage(error) });
    return;
  }
  if (disposed || !detector) {
    next.dispose();
    return;
  }
  // A frame already running keeps the classifier it started with (FaceAnalyzer reads it once per frame).
  const previous = analyzer ? analyzer.setClassifier(next) : null;
  runningModel = model;
  analyzer ??= new FaceAnalyzer(detector, next, { windowLength }, { detectEvery });
  post({ type: 'modelLoaded', requestId, id });
  if (previous) {
    await queue; // the frame in flight may still be using the previous model
    previous.dispose();
  }
}

/**
 * Analyses one image and closes it whatever happens: an unclosed ImageBitmap or VideoFrame holds a whole
 * frame (a VideoFrame also holds one of the decoder's few buffers).
 * `time` null: a still, analysed with fresh tracks numbered from 1.
 */
async function answerFrame(requestId: number, image: FrameImage, time: number | null): Promise<void> {
  try {
    const result = await serially(() => analyze(image, time));
    post({ type: 'result', requestId, result });
  } catch (error) {
    post({ type: 'error', requestId, message: errorMessage(error) });
  } finally {
    image.close();
  }
}

async function analyze(image: FrameImage, time: number | null): Promise<FrameResult> {
  if (!analyzer) throw new Error('the analysis worker has no model yet');
  if (time !== null) return analyzer.analyze(image, time);
  analyzer.reset({ renumber: true });
  try {
    return await analyzer.analyze(image);
  } finally {
    analyzer.reset({ renumber: true });
  }
}

async function classifyGrey({ requestId, pixels, count }: Request<'classifyGrey'>): Promise<void> {
  try {
    const probabilities = await serially(async () => {
      // Read inside the job: a model switch must not dispose this classifier while it predicts.
      const classifier = analyzer?.activeClassifier;
      if (!classifier) throw new Error('the analysis worker has no model yet');
      const batch = greyImagesToBatch(pixels, count, classifier.spec);
      try {
        return await classifier.predict(batch);
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
      if (!detectorConfig || !detector) throw new Error('the worker is not initialised');
      const { detectorRange: range, minConfidence } = settings;
      if (range !== detectorConfig.range || minConfidence !== detectorConfig.minConfidence) {
        const nextConfig = { ...detectorConfig, range, minConfidence };
        const next = await createFaceDetector(nextConfig); // the old one keeps running if this fails
        (analyzer ? analyzer.setDetector(next) : detector).close();
        detector = next;
        detectorConfig = nextConfig;
      }
      windowLength = settings.windowLength;
      analyzer?.setWindowLength(windowLength);
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
    detector?.close();
    analyzer = null;
    detector = null;
    scope.close();
  });
}
