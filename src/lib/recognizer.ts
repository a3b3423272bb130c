// createEmotionRecognizer: the app's analysis worker (src/worker/analysisClient.ts) behind a small public
// interface. Whole files go through the app's own runners (video/videoAnalysis.ts, video/photoTable.ts), so
// the tables and their CSV/JSON are the app's, byte for byte.

import type { FrameResult } from '../pipeline/frameResult';
import { AnalysisClient } from '../worker/analysisClient';
import { listModels, startOrder, type ModelOption } from './models';
import { resultsToCsv, resultsToJson } from '../video/exporters';
import { photoRow, photoRowsToCsv, photoRowsToJson, type PhotoRow } from '../video/photoTable';
import type { ModelRef } from '../video/results';
import { analyzeVideoFile, validateFrameStep, videoResults } from '../video/videoAnalysis';
import { openPhotoFile, PhotoFileError } from '../video/photoFile';
import { openVideoFile, VideoFileError } from '../video/videoFile';
import { RecognizerError } from './errors';
import { bitmapOf } from './input';
import { resolveOptions, show, type ResolvedOptions } from './options';
import type {
  AnalyzeOptions,
  AnalyzeVideoOptions,
  BackendInfo,
  EmotionRecognizer,
  ImageAnalysis,
  ImageInput,
  ModelId,
  ModelInfo,
  PhotoAnalysis,
  RecognizerOptions,
  VideoAnalysis,
} from './types';
import { errorMessage } from '../errorMessage';

/** The version written into every export, as the app writes its own (package.json's). */
const VERSION = __APP_VERSION__;

/**
 * Starts the analysis worker, loads the face detector and the emotion model, and resolves once a first
 * image can be analysed. Rejects with a {@link RecognizerError}: `'invalid-option'`, `'unknown-model'`,
 * `'model-unavailable'` or `'start-failed'`.
 *
 * @example
 * const recognizer = await createEmotionRecognizer({ model: 'vgg', modelBaseUrl: '/fer/models/' });
 * const { faces } = await recognizer.analyze(document.querySelector('img')!);
 */
export async function createEmotionRecognizer(options?: RecognizerOptions): Promise<EmotionRecognizer> {
  const resolved = resolveOptions(options, location.href);
  const recognizer = new Recognizer(resolved, options?.onStatus ?? (() => undefined));
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
  private options: ModelOption[] = [];
  private current: ModelRef | null = null;
  private chosenBackend: BackendInfo | null = null;
  /** Why the recognizer cannot be used any more (disposed, or its worker died). */
  private closed: RecognizerError | null = null;
  /** The calls run one after another: the worker's face tracks are shared. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: ResolvedOptions,
    private readonly onStatus: (status: string) => void,
  ) {
    this.client = new AnalysisClient({
      onProgress: onStatus,
      onBackendChanged: (choice) => (this.chosenBackend = choice),
      onFatal: (message) => {
        this.closed ??= new RecognizerError(
          'worker-failed',
          `the analysis worker stopped: ${message}; create a new recognizer`,
        );
      },
    });
  }

  get model(): ModelInfo & { readonly labels: readonly string[] } {
    const { id, name, labels } = this.usable().current as ModelRef;
    return { id, name, labels };
  }

  get models(): readonly ModelInfo[] {
    return this.options.map(modelInfo);
  }

  get backend(): BackendInfo {
    return this.usable().chosenBackend as BackendInfo;
  }

  async start(): Promise<void> {
    const s = this.settings;
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
    this.options = models;
    if (s.model !== undefined) return this.load(this.find(s.model));
    const reasons: string[] = [];
    for (const option of startOrder(models, undefined)) {
      try {
        return await this.load(option);
      } catch (error) {
        reasons.push(`${option.name}: ${errorMessage(error)}`);
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

  analyzeVideo(file: File, options: AnalyzeVideoOptions = {}): Promise<VideoAnalysis> {
    const every = options.every ?? 1;
    const invalidStep = validateFrameStep(every);
    if (invalidStep)
      return Promise.reject(new RecognizerError('invalid-option', `${invalidStep} Got ${show(every)}.`));
    if (!isFile(file))
      return Promise.reject(
        new RecognizerError('invalid-input', `analyzeVideo() takes a File; got ${show(file)}`),
      );
    return this.serially(async () => {
      const video = await openVideoFile(file).catch((error: unknown) => {
        if (error instanceof VideoFileError)
          throw new RecognizerError('unreadable-file', error.message, { cause: error });
        throw error;
      });
      const signal = options.signal ?? new AbortController().signal;
      // Fresh tracks, numbered from 1, for the file; and none of its faces left behind for the next call.
      this.client.resetTracks(true);
      try {
        const { status, results, message } = await analyzeVideoFile({
          video,
          step: every,
          results: videoResults(video, this.current as ModelRef, every, VERSION),
          analyze: (image, time) => this.client.analyzeFrame(image, time),
          onProgress: (progress) => {
            if (!signal.aborted) options.onProgress?.(progress);
          },
          signal,
        });
        return {
          outcome: status,
          message,
          meta: results.meta,
          frames: results.frames,
          summary: results.summary(),
          toCsv: () => resultsToCsv(results),
          toJson: () => resultsToJson(results),
        };
      } finally {
        this.client.resetTracks(true);
        video.input.dispose(); // releases the file's reader
      }
    });
  }

  analyzePhotos(files: readonly File[]): Promise<PhotoAnalysis> {
    if (!Array.isArray(files) || !files.every(isFile))
      return Promise.reject(
        new RecognizerError('invalid-input', `analyzePhotos() takes an array of Files; got ${show(files)}`),
      );
    return this.serially(async () => {
      const model = this.current;
      const rows: PhotoRow[] = [];
      for (const file of files) rows.push(await photoRow(file, (f) => this.labelPhoto(f)));
      const table = { rows, model };
      return {
        rows,
        labels: model?.labels ?? [],
        toCsv: () => photoRowsToCsv(table, VERSION),
        toJson: () => photoRowsToJson(table, VERSION),
      };
    });
  }

  setModel(model: ModelId): Promise<void> {
    return this.serially(() => this.load(this.find(model)));
  }

  dispose(): void {
    if (this.closed?.code === 'disposed') return;
    this.closed = new RecognizerError(
      'disposed',
      'this recognizer was disposed; create a new one with createEmotionRecognizer()',
    );
    this.client.dispose();
  }

  /** As the app labels a photo it opens: decoded (EXIF orientation applied), scaled to at most 4096 px. */
  private async labelPhoto(file: File): Promise<{ width: number; height: number; result: FrameResult }> {
    const { bitmap, info } = await openPhotoFile(file);
    try {
      // A copy goes to the worker, as in the app (session/controller.ts analyzeStill).
      const result = await this.client.analyzeStill(await createImageBitmap(bitmap));
      return { width: info.width, height: info.height, result };
    } catch (error) {
      if (error instanceof PhotoFileError) throw error;
      throw new Error(`“${file.name}” could not be analysed: ${errorMessage(error)}.`, { cause: error });
    } finally {
      bitmap.close();
    }
  }

  private find(id: string): ModelOption {
    const option = this.options.find((m) => m.id === id);
    if (!option) {
      const known = this.options.map((m) => `'${m.id}'`).join(', ');
      throw new RecognizerError(
        'unknown-model',
        `there is no model '${id}' in ${this.settings.modelBaseUrl}manifest.json; it lists ${known}`,
      );
    }
    return option;
  }

  private async load(option: ModelOption): Promise<void> {
    if (!option.load || !option.spec)
      throw new RecognizerError(
        'model-unavailable',
        `${option.name} cannot be used: ${option.unavailable ?? 'no spec'}`,
      );
    this.onStatus(`Loading ${option.name}…`);
    try {
      await this.client.loadModel(option.id, option.load);
    } catch (error) {
      throw (
        this.closed ??
        failure('model-unavailable', `${option.name} could not be loaded`, error, this.settings)
      );
    }
    this.current = { id: option.id, name: option.name, labels: option.spec.labels };
  }

  private usable(): this {
    if (this.closed) throw this.closed;
    return this;
  }

  private serially<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue
      .then(() => this.usable() && job())
      .catch((error: unknown) => {
        throw (
          this.closed ??
          (error instanceof RecognizerError
            ? error
            : new RecognizerError('worker-failed', errorMessage(error), { cause: error }))
        );
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

function isFile(value: unknown): value is File {
  return typeof File !== 'undefined' && value instanceof File;
}

function modelInfo(option: ModelOption): ModelInfo {
  return {
    id: option.id,
    name: option.name,
    ...(option.spec ? { labels: option.spec.labels } : {}),
    ...(option.unavailable ? { unavailable: option.unavailable } : {}),
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
  };
}
