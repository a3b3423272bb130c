// The app's one session: owns the analysis worker (which runs the ML runtimes), the source (camera or
// video file), the frame loop, the current model and the jobs on an opened file. React components call its methods and subscribe to its stores; nothing
// here imports React, and no ML runtime runs on the page's thread.

import type { FrameResult } from '../pipeline/analyzer';
import type { BackendChoice, BackendProbe } from '../pipeline/backend';
import { AnalysisClient } from './analysisClient';
import {
  CameraEndedError,
  describeCameraError,
  listCameras,
  openCamera,
  releaseCamera,
  type CameraDevice,
  type CameraError,
} from './camera';
import { FrameLoop } from './frameLoop';
import { FaceHistory, type HistoryPoint } from './faceHistory';
import { FileJobs } from './fileJobs';
import { saveBlob, saveResults } from './download';
import { LiveRecorder, cameraName } from './liveRecording';
import { annotatedSnapshot } from '../draw/snapshot';
import { exportName } from '../video/exporters';
import { listModels, type ModelOption } from './models';
import { Store } from './store';
import { FrameStats, type StatsSnapshot } from './stats';
import type { LaunchOptions } from './launchOptions';
import {
  clearSettings,
  DEFAULT_SETTINGS,
  saveSettings,
  settingProblem,
  shownMirrored,
  type Settings,
} from './settings';
import { openVideoFile, VideoFileError, type VideoFileInfo } from '../video/videoFile';

export type Phase = 'loading' | 'ready' | 'failed';
export type Source = 'none' | 'camera' | 'file';

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
  /** The cameras there are (labelled once access was granted); a choice is offered when several. */
  readonly cameras: readonly CameraDevice[];
  /** The camera chosen; null: the default (user-facing) one. */
  readonly cameraId: string | null;
  /** The open video file, while `source` is 'file'. */
  readonly file: VideoFileInfo | null;
  /** Why the last file could not be opened or played; names the file. */
  readonly fileError: string | null;
  /** A non-fatal notice (a model that failed to load, a fallback taken). */
  readonly notice: string | null;
  readonly stats: StatsSnapshot | null;
  readonly settings: Settings;
  /** The latest label changes, for the screen-reader announcement region. */
  readonly announcement: string;
  /** The face whose last 30 seconds are charted. */
  readonly followedFace: number | null;
  /** Why a setting was refused or could not be applied. */
  readonly settingsMessage: string | null;
}

const BASE = import.meta.env.BASE_URL;
/** Absolute, because the worker would resolve a relative URL against its own script's folder. */
const appUrl = (path: string) => new URL(`${BASE}${path}`, location.href).href;

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
    cameras: [],
    cameraId: null,
    file: null,
    fileError: null,
    notice: null,
    stats: null,
    settings: DEFAULT_SETTINGS,
    settingsMessage: null,
    announcement: '',
    followedFace: null,
  });
  /** The latest frame's result, for the overlay and the live list; updated without React. */
  readonly frame = new Store<{ result: FrameResult | null }>({ result: null });

  private readonly analysis: AnalysisClient;
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  private fileUrl: string | null = null;
  /** Whole-file analysis and exports of the open file. */
  readonly jobs: FileJobs;
  /** The camera session's recording. */
  readonly recorder = new LiveRecorder();
  private loop: FrameLoop | null = null;
  private readonly stats = new FrameStats();
  private readonly history = new FaceHistory();
  /** Frames analysed since the page opened (read by the e2e tests and the benchmark). */
  frameCount = 0;

  constructor(
    private readonly options: LaunchOptions,
    settings: Settings = DEFAULT_SETTINGS,
    private readonly storage: Storage | null = null,
  ) {
    this.state.set({ settings });
    this.analysis = new AnalysisClient({
      onProgress: (status) => this.state.set({ status }),
      onFatal: (message) => this.analysisDied(message),
      onBackendChanged: (choice) => this.state.set({ backend: choice, notice: choice.reason }),
    });
    this.jobs = new FileJobs({
      analyze: (bitmap) => this.analysis.analyzeFrame(bitmap),
      resetTracks: () => this.analysis.resetTracks(),
      currentModel: () => this.currentModel(),
      pauseLive: () => {
        this.loop?.stop();
        this.video?.pause();
      },
      resumeLive: () => {
        const video = this.video;
        if (!video || this.state.get().source !== 'file') return;
        this.startLoop(video);
        const here = video.currentTime;
        video.currentTime = here; // a seek: the paused frame is analysed and drawn again
      },
      appVersion: __APP_VERSION__,
    });
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  async init(): Promise<void> {
    try {
      this.state.set({ status: 'Starting the analysis worker…' });
      // The manifest is read here while the worker starts its runtimes.
      const [started, models] = await Promise.all([
        this.analysis.init({
          tfjsWasmBaseUrl: appUrl('generated/tfjs/'),
          mediapipeWasmBaseUrl: appUrl('generated/mediapipe'),
          detectorModelBaseUrl: appUrl('generated/models/'),
          detectorRange: this.options.detectorRange,
          minConfidence: this.options.minConfidence,
          windowLength: this.options.windowLength,
          ...(this.options.backend ? { backend: this.options.backend } : {}),
        }),
        listModels(`${BASE}models/`),
      ]);
      this.state.set({ backends: started.backends, backend: started.choice, models });
      // The model asked for (URL) first, then the most accurate on its card: a broken model is marked
      // unavailable with its reason and the next one is tried.
      const rank = (m: ModelOption) => (m.id === this.options.model ? 2 : 0) + (m.accuracy ?? 0);
      const candidates = [...models].sort((a, b) => rank(b) - rank(a));
      for (const option of candidates) {
        if (option.unavailable) continue;
        try {
          await this.load(option);
          this.state.set({ phase: 'ready', status: 'Ready', selectedModel: option.id });
          return;
        } catch (error) {
          this.markUnavailable(option.id, error);
        }
      }
      const why = this.state.get().models.map((m) => `${m.name}: ${m.unavailable}`);
      throw new Error(`no emotion model could be loaded (${why.join('; ')})`);
    } catch (error) {
      if (this.state.get().phase === 'failed') return; // the worker died: analysisDied has said so
      this.state.set({
        phase: 'failed',
        status: `The app could not start: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.video?.removeEventListener('seeking', this.onSeeking);
    this.video?.removeEventListener('error', this.onVideoError);
    this.video = video;
    video?.addEventListener('seeking', this.onSeeking);
    video?.addEventListener('error', this.onVideoError);
  }

  /**
   * Opens a video file to play with the overlay and to analyse. The file is checked first: one that cannot
   * be used gets a message and changes nothing (the camera or the previous file stay as they were).
   */
  async openFile(file: File): Promise<void> {
    const video = this.video;
    if (!video) return;
    this.state.set({ fileError: null });
    let opened;
    try {
      opened = await openVideoFile(file);
    } catch (error) {
      const message = error instanceof VideoFileError ? error.message : `“${file.name}” cannot be opened.`;
      return this.state.set({ fileError: message });
    }
    this.stopSource();
    this.jobs.setFile(opened);
    this.fileUrl = URL.createObjectURL(file); // played from the file itself, never read whole into memory
    video.src = this.fileUrl;
    this.state.set({ source: 'file', file: opened.info, cameraError: null });
    this.startLoop(video);
    try {
      await video.play();
    } catch (error) {
      // A refused autoplay leaves the file paused with its controls; a broken file fires 'error' too.
      if (error instanceof DOMException && error.name === 'NotAllowedError') return;
    }
  }

  /** Changes one setting: validated, stored for the next visit, applied now (in the worker if needed). */
  async updateSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
    const problem = settingProblem(key, value);
    if (problem) return this.state.set({ settingsMessage: problem });
    await this.applySettings({ ...this.state.get().settings, [key]: value });
  }

  async resetSettings(): Promise<void> {
    clearSettings(this.storage);
    await this.applySettings(DEFAULT_SETTINGS, false);
  }

  private async applySettings(next: Settings, store = true): Promise<void> {
    const previous = this.state.get().settings;
    this.state.set({ settings: next, settingsMessage: null });
    if (store) saveSettings(this.storage, next);
    const workerSide = (['detectorRange', 'minConfidence', 'windowLength'] as const).some(
      (k) => next[k] !== previous[k],
    );
    if (!workerSide) return;
    this.history.reset(); // the worker restarts its tracks
    try {
      await this.analysis.configure({
        detectorRange: next.detectorRange,
        minConfidence: next.minConfidence,
        windowLength: next.windowLength,
      });
    } catch (error) {
      this.state.set({
        settings: previous,
        settingsMessage: `The setting could not be applied (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
  }

  /** Charts one face's last 30 seconds (null: none). */
  follow(trackId: number | null): void {
    this.state.set({ followedFace: trackId });
  }

  heldSeconds(trackId: number, now: number): number {
    return this.history.heldSeconds(trackId, now);
  }

  faceHistory(trackId: number): readonly HistoryPoint[] {
    return this.history.history(trackId);
  }

  /** Moves the open file to `time` seconds (from the timeline). */
  seek(time: number): void {
    if (this.video && this.state.get().source === 'file') this.video.currentTime = time;
  }

  /** Starts the camera: `deviceId` picks one of several (front/back); by default the user-facing one. */
  async startCamera(deviceId: string | null = this.state.get().cameraId): Promise<void> {
    if (!this.video) return;
    this.stopSource();
    this.state.set({ cameraError: null, cameraId: deviceId });
    try {
      const stream = await openCamera(deviceId ?? undefined);
      this.stream = stream;
      stream
        .getVideoTracks()
        .forEach((track) =>
          track.addEventListener('ended', () => this.cameraFailed(new CameraEndedError('track ended'))),
        );
      this.video.srcObject = stream;
      await this.video.play();
      this.state.set({ source: 'camera', cameras: await listCameras() });
      this.startLoop(this.video);
    } catch (error) {
      this.cameraFailed(error);
    }
  }

  stopSource(): void {
    this.recorder.stop('camera');
    this.loop?.stop();
    this.loop = null;
    releaseCamera(this.stream);
    this.stream = null;
    this.jobs.cancel();
    if (this.video) {
      this.video.srcObject = null;
      this.video.removeAttribute('src');
      this.video.load();
    }
    if (this.fileUrl) URL.revokeObjectURL(this.fileUrl);
    this.fileUrl = null;
    this.analysis.resetTracks();
    this.history.reset();
    this.frame.set({ result: null });
    this.state.set({ source: 'none', file: null });
  }

  async selectModel(id: string): Promise<void> {
    const option = this.state.get().models.find((m) => m.id === id);
    if (!option || option.unavailable || id === this.state.get().selectedModel) return;
    // A file's analysis or export, and a recording, run with one model from start to end.
    if (this.jobs.busy || this.recorder.recording) return;
    this.state.set({ modelLoading: true, notice: null });
    try {
      // The worker swaps models between frames and disposes the old one after the frame in flight.
      await this.load(option);
      this.history.reset(); // the worker restarts its tracks with the new model
      this.state.set({ selectedModel: id });
    } catch (error) {
      this.markUnavailable(id, error);
    } finally {
      this.state.set({ modelLoading: false });
    }
  }

  /** Starts recording the camera's analysed frames (a new recording replaces the kept one). */
  startRecording(): void {
    const model = this.currentModel();
    const video = this.video;
    const { source, modelLoading } = this.state.get();
    // While a model loads, frames would come from the new one under the old one's name.
    if (source !== 'camera' || modelLoading || !model || !video || this.recorder.recording) return;
    this.recorder.start(
      { model, width: video.videoWidth, height: video.videoHeight, appVersion: __APP_VERSION__ },
      performance.now(),
    );
  }

  stopRecording(): void {
    this.recorder.stop('user');
  }

  /** Downloads the kept recording (not one in progress). */
  saveRecording(format: 'csv' | 'json'): void {
    const results = this.recorder.state.get().results;
    if (!results || this.recorder.recording) return;
    saveResults(results, format);
    this.recorder.markSaved();
  }

  /**
   * Saves what the stage shows now as a PNG: the frame, mirrored when the view is, with its boxes and labels
   * as the overlay draws them. Named after the camera and the time, or the file and the position in it.
   */
  async saveSnapshot(): Promise<void> {
    const video = this.video;
    const { source, settings, file } = this.state.get();
    if (!video || source === 'none') return;
    try {
      const blob = await annotatedSnapshot(video, this.frame.get().result, {
        mirrored: shownMirrored(source, settings),
        boxes: settings.showBoxes,
        labels: settings.showLabels,
      });
      saveBlob(
        blob,
        source === 'camera'
          ? `${cameraName(new Date())}.png`
          : exportName(file?.name ?? 'video', `${video.currentTime.toFixed(2)}s.png`),
      );
    } catch (error) {
      this.state.set({
        notice: `The snapshot could not be made: ${error instanceof Error ? error.message : String(error)}.`,
      });
    }
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stopSource();
    this.analysis.dispose();
  }

  /** The model that analyses, with its label order. */
  private currentModel(): { id: string; name: string; labels: readonly string[] } | null {
    const m = this.state.get().models.find((o) => o.id === this.state.get().selectedModel);
    return m?.spec ? { id: m.id, name: m.name, labels: m.spec.labels } : null;
  }

  private async load(option: ModelOption): Promise<void> {
    if (!option.spec) throw new Error(option.unavailable ?? 'no spec');
    this.state.set({ status: `Loading ${option.name}…` });
    await this.analysis.loadModel(option.id, option.modelUrl, option.spec);
  }

  private markUnavailable(id: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const models = this.state.get().models.map((m) => (m.id === id ? { ...m, unavailable: reason } : m));
    const name = models.find((m) => m.id === id)?.name ?? id;
    const previous = models.find((m) => m.id === this.state.get().selectedModel)?.name;
    this.state.set({
      models,
      notice: `${name} could not be loaded (${reason})${previous ? `; still using ${previous}` : ''}.`,
    });
  }

  /**
   * A hidden tab gets no video frames worth analysing (and the user sees no overlay): the live loop
   * pauses and resumes when the tab is shown again. A whole-file analysis goes on; it is a batch job.
   */
  private readonly onVisibilityChange = () => {
    if (document.hidden) return this.loop?.stop();
    if (this.jobs.state.get().status === 'analysing') return; // it restarts the loop when done
    this.stats.reset();
    this.loop?.start();
  };

  /** After a jump the next frames are another scene: votes start afresh and the frame is analysed again. */
  private readonly onSeeking = () => {
    if (this.state.get().source !== 'file') return;
    this.analysis.resetTracks();
    this.history.reset();
    this.loop?.resetClock();
  };

  private readonly onVideoError = () => {
    const name = this.state.get().file?.name;
    if (this.state.get().source !== 'file' || !name) return;
    const detail = this.video?.error?.message || 'the browser cannot play it';
    this.stopSource();
    this.state.set({ fileError: `“${name}” cannot be played: ${detail}.` });
  };

  private cameraFailed(error: unknown): void {
    this.stopSource();
    this.state.set({ cameraError: describeCameraError(error) });
  }

  /** The worker is gone: nothing can be analysed until the page is reloaded, so say so instead of waiting. */
  private analysisDied(message: string): void {
    this.stopSource();
    this.state.set({
      phase: 'failed',
      status: `Face analysis stopped: ${message}. Reload the page to start again.`,
    });
  }

  private startLoop(video: HTMLVideoElement): void {
    this.stats.reset();
    const loop = new FrameLoop(video, async ({ now }) => {
      if (video.videoWidth === 0) return;
      // Grabbed in the video-frame callback, so it is the frame that callback announced; the worker
      // closes it. The loop asks for the next frame only once this one's result is back.
      const bitmap = await createImageBitmap(video);
      const result = await this.analysis.analyzeFrame(bitmap);
      if (this.loop !== loop) return; // the source stopped while this frame was analysed
      this.frameCount += 1;
      this.frame.set({ result });
      this.recorder.add(result, now); // while the camera records
      const said = this.history.update(result, performance.now());
      if (said.length > 0) this.state.set({ announcement: said.join('. ') });
      const snapshot = this.stats.add(result.timings);
      if (snapshot) this.state.set({ stats: snapshot });
    });
    this.loop = loop;
    loop.start();
  }

  /**
   * Automation API for the e2e tests and the benchmark: one still image through the whole pipeline
   * (detect → crop → classify → vote), with fresh tracks so earlier images do not vote.
   */
  async analyzeStill(image: HTMLCanvasElement | HTMLImageElement | ImageBitmap): Promise<FrameResult> {
    if (this.state.get().phase !== 'ready') throw new Error('the session is not ready');
    // A copy, even of an ImageBitmap: the copy is transferred to the worker, the caller's stays usable.
    return this.analysis.analyzeStill(await createImageBitmap(image));
  }

  /** Automation API: the worker's TF.js memory (soak test, benchmark). */
  tensorMemory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.analysis.memory();
  }

  /** Automation API (fault injection): the worker's WebGPU device is destroyed, as in a GPU reset. */
  simulateGpuLoss(): void {
    this.analysis.simulateGpuLoss();
  }

  /** Automation API: bare 48×48 grey images (row-major uint8) through the current classifier. */
  async classifyGrey(pixels: Uint8Array, count: number): Promise<Float32Array[]> {
    if (this.state.get().phase !== 'ready') throw new Error('the session is not ready');
    return this.analysis.classifyGrey(pixels, count);
  }
}
