// The page's side of the analysis worker: promise-returning calls over the typed protocol, and one
// clear failure when the worker dies, so that no caller waits for an answer that will never come.

import type { FrameResult } from '../pipeline/frameResult';
import type { BackendChoice, BackendProbe } from '../pipeline/backend';
import {
  type AnalysisSettings,
  assertNever,
  type FrameImage,
  type FromWorker,
  type ModelLoad,
  type ToWorker,
  type WorkerConfig,
} from './protocol';
import type { ConnectDetection } from './detectionProtocol';
import workerScriptUrl from './analysis.worker.ts?worker&url';
import detectionScriptUrl from './detection.worker.ts?worker&url';
import { errorMessage } from '../errorMessage';

export interface WorkerStarted {
  readonly backends: readonly BackendProbe[];
  readonly choice: BackendChoice;
}

export interface AnalysisEvents {
  /** Start-up progress, for the status line. */
  readonly onProgress: (status: string) => void;
  /** The worker switched backend by itself (the GPU was lost); it keeps analysing on `choice`. */
  readonly onBackendChanged: (choice: BackendChoice) => void;
  /** The worker died (it failed to load or crashed); every request from now on fails with `message`. */
  readonly onFatal: (message: string) => void;
}

interface Pending {
  /** Turns the answer into the request's value, or throws the failure it reports. */
  readonly settle: (reply: FromWorker) => void;
  readonly reject: (error: Error) => void;
}

/** A request's message, given the id it is sent under. */
type Build = (requestId: number) => ToWorker;

export class AnalysisClient {
  private readonly worker: Worker;
  /** Finds the faces for the analysis worker, which alone talks to it (over a channel made here). */
  private readonly detectionWorker: Worker;
  private readonly releaseDetection: () => void;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker is dead or disposed; every later request is rejected with it. */
  private failure: Error | null = null;

  constructor(private readonly events: AnalysisEvents) {
    const { worker, release } = startWorker(workerScriptUrl);
    this.worker = worker;
    const detection = startWorker(detectionScriptUrl);
    this.detectionWorker = detection.worker;
    this.releaseDetection = detection.release;
    // Its only message to the page says that its script has loaded: the bootstrap URL is no longer needed.
    this.detectionWorker.addEventListener('message', this.releaseDetection, { once: true });
    this.detectionWorker.addEventListener('error', (event) => {
      event.preventDefault();
      this.releaseDetection();
      const detail = typeof event.message === 'string' && event.message ? ` (${event.message})` : '';
      this.fail(`the detection worker failed to load or crashed${detail}`);
    });
    this.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.receive(event.data));
    this.worker.addEventListener('message', release, { once: true });
    this.worker.addEventListener('error', release, { once: true });
    // A module that fails to load or evaluate, or an exception nothing caught, lands here.
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      // A script that fails to load fires a plain Event, without the ErrorEvent's message.
      const detail = typeof event.message === 'string' && event.message ? ` (${event.message})` : '';
      this.fail(`the analysis worker failed to load or crashed${detail}`);
    });
    this.worker.addEventListener('messageerror', () =>
      this.fail('the analysis worker sent an unreadable message'),
    );
  }

  init(config: WorkerConfig): Promise<WorkerStarted> {
    const channel = new MessageChannel();
    const connect: ConnectDetection = { type: 'connect', port: channel.port2 };
    this.detectionWorker.postMessage(connect, [channel.port2]);
    return this.request(
      (requestId) => ({ type: 'init', requestId, config, detectionPort: channel.port1 }),
      (reply) => {
        if (reply.type === 'ready') return { backends: reply.backends, choice: reply.choice };
        if (reply.type === 'initFailed') throw new Error(reply.message);
        return unexpected(reply);
      },
      [channel.port1],
    );
  }

  /** Resolves once the model runs in the worker; rejects (and the previous model keeps running) if it fails. */
  loadModel(id: string, model: ModelLoad): Promise<void> {
    // The worker resolves relative URLs against its own script.
    const members = model.members.map((m) => ({ ...m, modelUrl: new URL(m.modelUrl, location.href).href }));
    return this.request(
      (requestId) => ({ type: 'loadModel', requestId, id, model: { ...model, members } }),
      (reply) => {
        if (reply.type === 'modelLoaded') return;
        if (reply.type === 'modelFailed') throw new Error(reply.message);
        return unexpected(reply);
      },
    );
  }

  /**
   * One live frame, or a file's, at `time` seconds. The image is transferred: it is unusable here
   * afterwards, and the worker closes it.
   */
  analyzeFrame(image: FrameImage, time: number): Promise<FrameResult> {
    return this.request((requestId) => ({ type: 'frame', requestId, image, time }), frameResult, [image]);
  }

  /**
   * One still image with fresh tracks. The bitmap is transferred, as for `analyzeFrame`. `averageViews`: each
   * face's probabilities are the mean of its views (three crop scales, each mirrored; the protocol's).
   */
  analyzeStill(bitmap: ImageBitmap, averageViews: boolean): Promise<FrameResult> {
    return this.request(
      (requestId) => ({ type: 'analyzeStill', requestId, bitmap, averageViews }),
      frameResult,
      [bitmap],
    );
  }

  /**
   * Bare 48×48 grey images (row-major uint8) through the current classifier; `mirror`: each averaged with
   * its mirror image.
   * `pixels` is copied, not moved.
   */
  classifyGrey(pixels: Uint8Array, count: number, mirror: boolean): Promise<Float32Array[]> {
    return this.request(
      (requestId) => ({ type: 'classifyGrey', requestId, pixels, count, mirror }),
      (reply) => {
        if (reply.type === 'greyResult') return reply.probabilities;
        if (reply.type === 'error') throw new Error(reply.message);
        return unexpected(reply);
      },
    );
  }

  /** Applies detector and vote-window settings in the worker; rejects (old settings kept) on failure. */
  configure(settings: AnalysisSettings): Promise<void> {
    return this.request(
      (requestId) => ({ type: 'configure', requestId, settings }),
      (reply) => {
        if (reply.type === 'configured') return;
        if (reply.type === 'error') throw new Error(reply.message);
        return unexpected(reply);
      },
    );
  }

  /** The worker's TF.js tensor count and bytes, after the job in flight. */
  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.request(
      (requestId) => ({ type: 'memory', requestId }),
      (reply) => {
        if (reply.type === 'memoryReport') return { numTensors: reply.numTensors, numBytes: reply.numBytes };
        return unexpected(reply);
      },
    );
  }

  /** Fault injection for the tests: the worker loses its WebGPU device. */
  simulateGpuLoss(): void {
    if (!this.failure) this.worker.postMessage({ type: 'simulateGpuLoss' } satisfies ToWorker);
  }

  /** Forget every face; `renumber`: the next is Face 1 (a new analysis or source). */
  resetTracks(renumber: boolean): void {
    if (!this.failure) this.worker.postMessage({ type: 'resetTracks', renumber } satisfies ToWorker);
  }

  /** Releases the worker's runtimes; it ends itself once the job in flight is done. */
  dispose(): void {
    if (this.failure) return;
    this.worker.postMessage({ type: 'dispose' } satisfies ToWorker);
    this.rejectAll(new Error('the analysis session was closed'));
  }

  /** Sends a request; `transfer` (an image, a port) goes with it. */
  private request<T>(
    build: Build,
    accept: (reply: FromWorker) => T,
    transfer: (FrameImage | MessagePort)[] = [],
  ): Promise<T> {
    if (this.failure) {
      for (const item of transfer) item.close(); // never transferred, so still ours to close
      return Promise.reject(this.failure);
    }
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, {
        settle: (reply) => {
          try {
            resolve(accept(reply));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(errorMessage(error)));
          }
        },
        reject,
      });
      this.worker.postMessage(build(requestId), transfer);
    });
  }

  private receive(reply: FromWorker): void {
    switch (reply.type) {
      case 'progress':
        this.events.onProgress(reply.status);
        return;
      case 'backendChanged':
        this.events.onBackendChanged(reply.choice);
        return;
      case 'ready':
      case 'initFailed':
      case 'modelLoaded':
      case 'modelFailed':
      case 'result':
      case 'greyResult':
      case 'memoryReport':
      case 'configured':
      case 'error': {
        const pending = this.pending.get(reply.requestId);
        this.pending.delete(reply.requestId);
        pending?.settle(reply); // none after dispose: the answer is no longer wanted
        return;
      }
      default:
        assertNever(reply);
    }
  }

  private fail(message: string): void {
    if (this.failure) return;
    this.worker.terminate();
    this.detectionWorker.terminate();
    this.rejectAll(new Error(message));
    this.events.onFatal(message);
  }

  private rejectAll(error: Error): void {
    this.failure = error;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    waiting.forEach((p) => p.reject(error));
  }
}

/**
 * Starts the worker from a one-line blob: module that imports the bundled worker script (same origin).
 * Why not `new Worker(scriptUrl)`: such a worker obeys only the CSP headers of its own response, not the
 * page's <meta> policy (measured in Chromium: its fetch to another host went out). A blob: worker inherits
 * the page's policy, so the CSP that keeps every request on this origin covers MediaPipe and TF.js too.
 * `release` frees the blob URL once the worker has answered or failed.
 */
function startWorker(scriptUrl: string): { worker: Worker; release: () => void } {
  const script = new URL(scriptUrl, location.href).href;
  const bootstrap = new Blob([`import ${JSON.stringify(script)};\n`], { type: 'text/javascript' });
  const url = URL.createObjectURL(bootstrap);
  const worker = new Worker(url, { type: 'module' });
  return { worker, release: () => URL.revokeObjectURL(url) };
}

function frameResult(reply: FromWorker): FrameResult {
  if (reply.type === 'result') return reply.result;
  if (reply.type === 'error') throw new Error(reply.message);
  return unexpected(reply);
}

function unexpected(reply: FromWorker): never {
  throw new Error(`the analysis worker answered '${reply.type}' to the wrong request`);
}
