// createEmotionRecognizer: the app's analysis worker (src/worker/analysisClient.ts) behind a small public
// interface. The recognizer starts the worker and the model (modelSet.ts) and runs its calls one at a time;
// a video session's frames (videoSession.ts) and whole files (analyses.ts) go through the same worker.

import { errorMessage } from '../errorMessage';
import type { BackendProbe } from '../pipeline/backend';
import { AnalysisClient } from '../worker/analysisClient';
import { RecognizerError } from './errors';
import {
  imageAnalysis,
  photoAnalysis,
  photosArgumentsProblem,
  videoAnalysis,
  videoArgumentsProblem,
  type FileHost,
} from './analyses';
import { bitmapOf, cropsProblem } from './input';
import { listModels } from './models';
import { ModelSet, type LoadedModel } from './modelSet';
import { resolveOptions, resolveSettings, type ResolvedOptions } from './options';
import type {
  AnalyzeOptions,
  AnalyzeVideoOptions,
  BackendInfo,
  ClassifyCropsOptions,
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

class Recognizer implements EmotionRecognizer {
  private readonly client: AnalysisClient;
  /** The manifest's models and the one in use, once the manifest is read. */
  private catalogue: ModelSet | null = null;
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
    const { id, name, spec } = this.usable().current;
    return { id, name, labels: spec.labels };
  }

  get models(): readonly ModelInfo[] {
    return this.catalogue?.infos ?? [];
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
          ...(s.wasmThreads !== undefined ? { wasmThreads: s.wasmThreads } : {}),
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
    this.catalogue = new ModelSet(models, {
      load: (id, files) => this.client.loadModel(id, files),
      status: (text) => this.events.onStatus?.(text),
      closed: () => this.closed,
      failure: (what, error) => failure('model-unavailable', what, error, s),
      manifestUrl: `${s.modelBaseUrl}manifest.json`,
    });
    await this.catalogue.loadFirst(s.model, s.modelFallback);
  }

  analyze(image: ImageInput, options: AnalyzeOptions = {}): Promise<ImageAnalysis> {
    const { tracking = false, averageViews = !tracking } = options;
    if (tracking && averageViews) {
      const why =
        'analyze(): averageViews is for stills; with tracking each frame is classified once, as live';
      return Promise.reject(new RecognizerError('invalid-option', why));
    }
    return this.serially(async () => {
      const bitmap = await bitmapOf(image);
      const result = await (tracking
        ? this.client.analyzeFrame(bitmap, options.time ?? performance.now() / 1000)
        : this.client.analyzeStill(bitmap, averageViews));
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
    return this.serially(() => (this.catalogue as ModelSet).select(model));
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

  classifyCrops(
    pixels: Uint8Array,
    count: number,
    { mirror = false }: ClassifyCropsOptions = {},
  ): Promise<Float32Array[]> {
    const problem = this.closed ? null : cropsProblem(pixels, count, this.current.spec.inputSize);
    if (problem) return Promise.reject(problem);
    return this.serially(() => this.client.classifyGrey(pixels, count, mirror));
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

  /** The model in use: there is one from start-up on. */
  private get current(): LoadedModel {
    return this.catalogue?.current as LoadedModel;
  }

  private fileHost(): FileHost {
    const { id, name, spec } = this.current;
    return {
      openSession: () => this.openVideoSession(),
      // Photos as analyze() labels a still: each face's views averaged.
      analyzeStill: (bitmap) => this.client.analyzeStill(bitmap, true),
      model: { id, name, labels: spec.labels },
    };
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
