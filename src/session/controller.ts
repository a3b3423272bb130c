// The app's one session: owns the runtimes, the camera, the frame loop and the current model.
// React components call its methods and subscribe to its stores; nothing here imports React.

import type { FrameResult } from '../pipeline/analyzer';
import { FaceAnalyzer } from '../pipeline/analyzer';
import { chooseBackend, type BackendChoice, type BackendName, type BackendProbe } from '../pipeline/backend';
import { loadClassifier, type Classifier } from '../pipeline/classifier';
import { createFaceDetector } from '../pipeline/faceDetector';
import { greyImagesToBatch } from '../pipeline/preprocess';
import { activateBackend, probeBackends } from '../pipeline/tfRuntime';
import { CameraEndedError, describeCameraError, openCamera, releaseCamera, type CameraError } from './camera';
import { FrameLoop } from './frameLoop';
import { listModels, type ModelOption } from './models';
import { Store } from './store';
import { FrameStats, type StatsSnapshot } from './stats';
import type { LaunchOptions } from './launchOptions';

export type Phase = 'loading' | 'ready' | 'failed';
export type Source = 'none' | 'camera';

export interface AppState {
  readonly phase: Phase;
  /** What is loading now, or why start-up failed. */
  readonly status: string;
  readonly models: readonly ModelOption[];
  readonly selectedModel: string | null;
  readonly modelLoading: boolean;
  readonly backends: readonly BackendProbe[];
  readonly backend: BackendChoice | null;
  readonly source: Source;
  readonly cameraError: CameraError | null;
  /** A non-fatal notice (a model that failed to load, a fallback taken). */
  readonly notice: string | null;
  readonly stats: StatsSnapshot | null;
}

const BASE = import.meta.env.BASE_URL;

export class Session {
  readonly state = new Store<AppState>({
    phase: 'loading',
    status: 'Starting…',
    models: [],
    selectedModel: null,
    modelLoading: false,
    backends: [],
    backend: null,
    source: 'none',
    cameraError: null,
    notice: null,
    stats: null,
  });
  /** The latest frame's result, for the overlay and the live list; updated without React. */
  readonly frame = new Store<{ result: FrameResult | null }>({ result: null });

  private analyzer: FaceAnalyzer | null = null;
  private classifier: Classifier | null = null;
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  private loop: FrameLoop | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly stats = new FrameStats();
  /** Frames analysed since the page opened (read by the e2e tests and the benchmark). */
  frameCount = 0;

  constructor(private readonly options: LaunchOptions) {}

  async init(): Promise<void> {
    try {
      this.state.set({ status: 'Choosing the fastest TF.js backend…' });
      const backends = await probeBackends(`${BASE}generated/tfjs/`);
      const backend = chooseBackend(backends, this.options.backend);
      await activateBackend(backend.name);
      this.state.set({ backends, backend, status: 'Loading the face detector…' });
      const detector = await createFaceDetector({
        wasmBaseUrl: `${BASE}generated/mediapipe`,
        modelBaseUrl: `${BASE}generated/models/`,
        range: this.options.detectorRange,
        minConfidence: this.options.minConfidence,
      });
      const models = await listModels(`${BASE}models/`);
      this.state.set({ models });
      const wanted =
        models.find((m) => m.id === this.options.model && !m.unavailable) ??
        models.find((m) => !m.unavailable);
      if (!wanted)
        throw new Error(
          'no emotion model could be loaded: ' + models.map((m) => `${m.name}: ${m.unavailable}`).join('; '),
        );
      this.classifier = await this.load(wanted);
      this.analyzer = new FaceAnalyzer(detector, this.classifier, {
        windowLength: this.options.windowLength,
      });
      this.state.set({ phase: 'ready', status: 'Ready', selectedModel: wanted.id });
    } catch (error) {
      this.state.set({
        phase: 'failed',
        status: `The app could not start: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.video = video;
  }

  async startCamera(): Promise<void> {
    if (!this.video) return;
    this.stopSource();
    this.state.set({ cameraError: null });
    try {
      const stream = await openCamera();
      this.stream = stream;
      stream
        .getVideoTracks()
        .forEach((track) =>
          track.addEventListener('ended', () => this.cameraFailed(new CameraEndedError('track ended'))),
        );
      this.video.srcObject = stream;
      await this.video.play();
      this.state.set({ source: 'camera' });
      this.startLoop(this.video);
    } catch (error) {
      this.cameraFailed(error);
    }
  }

  stopSource(): void {
    this.loop?.stop();
    this.loop = null;
    releaseCamera(this.stream);
    this.stream = null;
    if (this.video) this.video.srcObject = null;
    this.analyzer?.tracker.reset();
    this.frame.set({ result: null });
    this.state.set({ source: 'none' });
  }

  async selectModel(id: string): Promise<void> {
    const option = this.state.get().models.find((m) => m.id === id);
    if (!option || option.unavailable || id === this.state.get().selectedModel) return;
    this.state.set({ modelLoading: true, notice: null });
    try {
      const next = await this.load(option);
      const previous = this.analyzer?.setClassifier(next);
      this.classifier = next;
      this.state.set({ selectedModel: id });
      await this.inFlight; // the frame in flight may still use the previous model
      previous?.dispose();
    } catch (error) {
      this.markUnavailable(id, error);
    } finally {
      this.state.set({ modelLoading: false });
    }
  }

  dispose(): void {
    this.stopSource();
    this.classifier?.dispose();
  }

  private async load(option: ModelOption): Promise<Classifier> {
    if (!option.spec) throw new Error(option.unavailable ?? 'no spec');
    this.state.set({ status: `Loading ${option.name}…` });
    return loadClassifier(option.modelUrl, option.spec);
  }

  private markUnavailable(id: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const models = this.state.get().models.map((m) => (m.id === id ? { ...m, unavailable: reason } : m));
    const name = models.find((m) => m.id === id)?.name ?? id;
    this.state.set({
      models,
      notice: `${name} could not be loaded (${reason}); still using the previous model.`,
    });
  }

  private cameraFailed(error: unknown): void {
    this.stopSource();
    this.state.set({ cameraError: describeCameraError(error) });
  }

  private startLoop(video: HTMLVideoElement): void {
    this.stats.reset();
    this.loop = new FrameLoop(video, async () => {
      const analyzer = this.analyzer;
      if (!analyzer || video.videoWidth === 0) return;
      const work = analyzer.analyze(video).then((result) => {
        this.frameCount += 1;
        this.frame.set({ result });
        const snapshot = this.stats.add(result.timings);
        if (snapshot) this.state.set({ stats: snapshot });
      });
      this.inFlight = work.catch(() => undefined);
      await work;
    });
    this.loop.start();
  }

  /**
   * Automation API for the e2e tests and the benchmark: one still image through the whole pipeline
   * (detect → crop → classify → vote), with fresh tracks so earlier images do not vote.
   */
  async analyzeStill(image: HTMLCanvasElement | HTMLImageElement | ImageBitmap): Promise<FrameResult> {
    if (!this.analyzer) throw new Error('the session is not ready');
    this.analyzer.tracker.reset();
    try {
      return await this.analyzer.analyze(image);
    } finally {
      this.analyzer.tracker.reset();
    }
  }

  /** Automation API: bare 48×48 grey images (row-major uint8) through the current classifier. */
  async classifyGrey(pixels: Uint8Array, count: number): Promise<Float32Array[]> {
    const classifier = this.classifier;
    if (!classifier) throw new Error('the session is not ready');
    const batch = greyImagesToBatch(pixels, count, classifier.spec);
    try {
      return await classifier.predict(batch);
    } finally {
      batch.dispose();
    }
  }

  /** For tests and the benchmark: which backend TF.js runs now. */
  get backendName(): BackendName | null {
    return this.state.get().backend?.name ?? null;
  }
}
