// createEmotionRecognizer: the app's analysis worker (src/worker/analysisClient.ts) behind a small public
// interface. The recognizer starts the worker, picks and loads the model, and runs its calls one at a time;
// a video session's frames (videoSession.ts) and whole files (files.ts) go through the same worker.

import { errorMessage } from '../errorMessage';
import type { BackendProbe } from '../pipeline/backend';
import type { FrameResult } from '../pipeline/frameResult';
import { AnalysisClient } from '../worker/analysisClient';
import { RecognizerError } from './errors';
import {
  photoAnalysis,
  photosArgumentsProblem,
  videoAnalysis,
  videoArgumentsProblem,
  type FileHost,
} from './files';
import { bitmapOf } from './input';
import { listModels, startOrder, type ModelOption } from './models';
import { resolveOptions, resolveSettings, show, type ResolvedOptions } from './options';
import type {
  AnalyzeOptions,
  AnalyzeVideoOptions,
  BackendInfo,
  EmotionRecognizer,
  ImageAnalysis,
  ImageInput,
  ModelInfo,
  ModelName,
  PhotoAnalysis,
  RecognizerOptions,
  RecognizerSettings,
  VideoAnalysis,
  VideoSession,
} from './types';
import { WorkerVideoSession } from './videoSession';

/**
 * Starts the analysis worker, loads the face detector and the emotion model, and resolves once a first
 * image can be analysed. Rejects with a {@link RecognizerError}: `'invalid-option'`, `'unknown-model'`,
 * `'model-unavailable'`, `'start-failed'` or `'worker-failed'`.
 *
 * @example
 * const recognizer = await createEmotionRecognizer({ model: 'vgg', modelBaseUrl: '/fer/models/' });
 * const { faces } = await recognizer.analyze(document.querySelector('img')!);
 */
export async function createEmotionRecognizer(options?: RecognizerOptions): Promise<EmotionRecognizer> {
  const recognizer = new Recognizer(resolveOptions(options, location.href), options ?? {});
  try {
    await recognizer.start();
  } catch (error) {
    recognizer.dispose();
    throw error;
  }
  return recognizer;
}

/** The model in use: its entry of the manifest, with its spec (labels, input size). */
type LoadedModel = ModelOption & Required<Pick<ModelOption, 'spec'>>;

class Recognizer implements EmotionRecognizer {
  private readonly client: AnalysisClient;
  private options: ModelOption[] = [];
  /** Why a model failed to load here (the loader's words), by id: it is unavailable from then on. */
  private readonly loadFailures = new Map<string, string>();
  private current: LoadedModel | null = null;
  private chosenBackend: BackendInfo | null = null;
  private probes: readonly BackendProbe[] = [];
  private settings: Required<RecognizerSettings>;
  private session: WorkerVideoSession | null = null;
  /** Why the recognizer cannot be used any more (disposed, or its worker died). */
  private closed: RecognizerError | null = null;
  /** The calls run one after another: the worker's face tracks are shared. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly resolved: ResolvedOptions,
    private readonly events: Pick<RecognizerOptions, 'onStatus' | 'onBackendChange' | 'onFailure'>,
  ) {
    const { detectorRange, minConfidence, windowLength } = resolved;
    this.settings = { detectorRange, minConfidence, windowLength };
    this.client = new AnalysisClient({
      onProgress: (status) => events.onStatus?.(status),
      onBackendChanged: (choice) => {
        this.chosenBackend = choice;
        events.onBackendChange?.(choice);
      },
      onFatal: (message) => {
        if (this.closed) return; // disposed first: nobody waits for this worker
        this.closed = new RecognizerError(
          'worker-failed',
          `the analysis worker stopped: ${message}; create a new recognizer`,
          { cause: new Error(message) },
        );
        events.onFailure?.(this.closed);
      },
    });
  }

  get model(): ModelInfo & { readonly labels: readonly string[] } {
    const { id, name, spec } = this.usable().current as LoadedModel;
    return { id, name, labels: spec.labels };
  }

  get models(): readonly ModelInfo[] {
    return this.options.map((option) => modelInfo(option, this.loadFailures.get(option.id)));
  }

  get backend(): BackendInfo {
    return this.usable().chosenBackend as BackendInfo;
  }

  get backends(): readonly BackendProbe[] {
    return this.probes;
  }

  async start(): Promise<void> {
    const s = this.resolved;
    const [started, models] = await Promise.all([
      this.client
        .init({
          tfjsWasmBaseUrl: s.tfjsWasmBaseUrl,
          mediapipeWasmBaseUrl: s.mediapipeWasmBaseUrl,
          detectorModelBaseUrl: s.detectorModelBaseUrl,
          detectorRange: s.detectorRange,
          minConfidence: s.minConfidence,
          windowLength: s.windowLength,
          detectEvery: s.detectEvery,
          ...(s.backend !== 'auto' ? { backend: s.backend } : {}),
        })
        .catch((error: unknown) => {
          throw this.closed ?? failure('start-failed', 'the face detector could not start', error, s);
        }),
      listModels(s.modelBaseUrl).catch((error: unknown) => {
        throw failure('start-failed', `the model manifest could not be read`, error, s);
      }),
    ]);
    this.chosenBackend = started.choice;
    this.probes = started.backends;
    this.options = models;
    if (s.model !== undefined && !s.modelFallback) return this.load(this.find(s.model));
    // The one asked for (with modelFallback) first, then the best measured: the first that loads.
    const reasons: string[] = [];
    for (const option of startOrder(models, s.model)) {
      try {
        return await this.load(option);
      } catch (error) {
        if (this.closed) throw this.closed;
        reasons.push(`${option.name}: ${this.loadFailures.get(option.id) ?? errorMessage(error)}`);
      }
    }
    throw new RecognizerError(
      'model-unavailable',
      `no emotion model could be loaded (${reasons.join('; ')})`,
    );
  }

  analyze(image: ImageInput, options: AnalyzeOptions = {}): Promise<ImageAnalysis> {
    return this.serially(async () => {
      const bitmap = await bitmapOf(image);
      const result = await (options.tracking
        ? this.client.analyzeFrame(bitmap, options.time ?? performance.now() / 1000)
        : this.client.analyzeStill(bitmap));
      return imageAnalysis(result);
    });
  }

  openVideoSession(): VideoSession {
    this.usable();
    this.session?.close();
    this.client.resetTracks(true);
    this.session = new WorkerVideoSession({
      analyzeFrame: (image, time) => this.client.analyzeFrame(image, time),
      resetTracks: (renumber) => this.client.resetTracks(renumber),
      unusable: () => this.closed,
      failure: (error) => this.failure(error),
    });
    return this.session;
  }

  analyzeVideo(file: File, options: AnalyzeVideoOptions = {}): Promise<VideoAnalysis> {
    const problem = videoArgumentsProblem(file, options);
    if (problem) return Promise.reject(problem);
    return this.serially(() => videoAnalysis(this.fileHost(), file, options));
  }

  analyzePhotos(files: readonly File[]): Promise<PhotoAnalysis> {
    const problem = photosArgumentsProblem(files);
    if (problem) return Promise.reject(problem);
    return this.serially(() => photoAnalysis(this.fileHost(), files));
  }

  setModel(model: ModelName): Promise<void> {
    return this.serially(() => this.load(this.find(model)));
  }

  setOptions(settings: RecognizerSettings): Promise<void> {
    let next: Required<RecognizerSettings>;
    try {
      next = resolveSettings(settings, this.settings);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.serially(async () => {
      await this.client.configure(next);
      this.settings = next;
    });
  }

  classifyCrops(pixels: Uint8Array, count: number): Promise<Float32Array[]> {
    const problem = this.closed ? null : cropsProblem(pixels, count, this.current?.spec.inputSize ?? 0);
    if (problem) return Promise.reject(problem);
    return this.serially(() => this.client.classifyGrey(pixels, count));
  }

  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.serially(() => this.client.memory());
  }

  simulateGpuLoss(): void {
    if (!this.closed) this.client.simulateGpuLoss();
  }

  dispose(): void {
    if (this.closed?.code === 'disposed') return;
    this.closed = new RecognizerError(
      'disposed',
      'this recognizer was disposed; create a new one with createEmotionRecognizer()',
    );
    this.session?.close();
    this.client.dispose();
  }

  private fileHost(): FileHost {
    const { id, name, spec } = this.current as LoadedModel;
    return {
      openSession: () => this.openVideoSession(),
      analyzeStill: (bitmap) => this.client.analyzeStill(bitmap),
      model: { id, name, labels: spec.labels },
    };
  }

  private find(id: string): ModelOption {
    const option = this.options.find((m) => m.id === id);
    if (!option) {
      const known = this.options.map((m) => `'${m.id}'`).join(', ');
      throw new RecognizerError(
        'unknown-model',
        `there is no model '${id}' in ${this.resolved.modelBaseUrl}manifest.json; it lists ${known}`,
      );
    }
    return option;
  }

  private async load(option: ModelOption): Promise<void> {
    const unavailable = this.loadFailures.get(option.id) ?? option.unavailable;
    if (!option.load || !option.spec || unavailable !== undefined)
      throw new RecognizerError(
        'model-unavailable',
        `${option.name} cannot be used: ${unavailable ?? 'no spec'}`,
      );
    this.events.onStatus?.(`Loading ${option.name}…`);
    try {
      await this.client.loadModel(option.id, option.load);
    } catch (error) {
      if (this.closed) throw this.closed;
      this.loadFailures.set(option.id, errorMessage(error));
      throw failure('model-unavailable', `${option.name} could not be loaded`, error, this.resolved);
    }
    this.current = { ...option, spec: option.spec };
  }

  private usable(): this {
    if (this.closed) throw this.closed;
    return this;
  }

  /** A failed call's error: why the recognizer is closed, a RecognizerError as it is, else the worker's. */
  private failure(error: unknown): RecognizerError {
    if (this.closed) return this.closed;
    if (error instanceof RecognizerError) return error;
    return new RecognizerError('worker-failed', errorMessage(error), { cause: error });
  }

  private serially<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue
      .then(() => this.usable() && job())
      .catch((error: unknown) => {
        throw this.failure(error);
      });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function failure(
  code: 'start-failed' | 'model-unavailable',
  what: string,
  error: unknown,
  s: ResolvedOptions,
) {
  return new RecognizerError(
    code,
    `${what}: ${errorMessage(error)}. Check that ${s.modelBaseUrl} serves the models and the wasm folders ` +
      `(${s.tfjsWasmBaseUrl}, ${s.mediapipeWasmBaseUrl}/, ${s.detectorModelBaseUrl}) are served too.`,
    { cause: error },
  );
}

/** Why classifyCrops() cannot take `count` crops of `side`×`side` in `pixels`, or null. */
function cropsProblem(pixels: unknown, count: unknown, side: number): RecognizerError | null {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    return new RecognizerError(
      'invalid-input',
      `classifyCrops() takes a whole count ≥ 1; got ${show(count)}`,
    );
  const bytes = count * side * side;
  if (pixels instanceof Uint8Array && pixels.length === bytes) return null;
  const given = pixels instanceof Uint8Array ? `${pixels.length} bytes` : show(pixels);
  return new RecognizerError(
    'invalid-input',
    `classifyCrops() takes ${count} crop(s) of ${side}×${side} grey pixels: a Uint8Array of ${bytes} bytes; got ${given}`,
  );
}

function modelInfo(option: ModelOption, loadFailure: string | undefined): ModelInfo {
  const unavailable = loadFailure ?? option.unavailable;
  return {
    id: option.id,
    name: option.name,
    ...(option.spec ? { labels: option.spec.labels } : {}),
    ...(unavailable !== undefined ? { unavailable } : {}),
    ...(option.accuracy !== undefined ? { accuracy: option.accuracy } : {}),
    ...(option.devAccuracy !== undefined ? { devAccuracy: option.devAccuracy } : {}),
    ...(option.sizeBytes !== undefined ? { sizeBytes: option.sizeBytes } : {}),
  };
}

function imageAnalysis(result: FrameResult): ImageAnalysis {
  return {
    faces: result.faces.map((face) => ({
      trackId: face.trackId,
      box: { x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height },
      detectionScore: face.detectionScore,
      label: face.smoothedLabel,
      confidence: face.smoothedConfidence,
      probabilities: Object.fromEntries(result.labels.map((label, i) => [label, face.probabilities[i] ?? 0])),
    })),
    skippedFaces: result.skippedFaces,
    labels: result.labels,
    width: result.frameWidth,
    height: result.frameHeight,
    frameResult: result,
  };
}
