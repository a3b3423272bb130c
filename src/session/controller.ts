// The app's one session: owns the recognizer (the library's; its workers run the ML runtimes) and ties the parts
// together: the sources (camera, video file, photo) on the stage, the live analysis of its frames, the model
// choice, the settings, the open file's jobs and the captures (recording, snapshot). React components call its
// methods and subscribe to its stores; nothing here imports React, and no ML runtime runs on the page's thread.

import type { EmotionRecognizer, FrameResult, RecognizerError } from '../lib';
import { isPhotoFile } from '../video/photoFile';
import { Capture } from './jobs/capture';
import { FileJobs } from './jobs/fileJobs';
import { PhotoBatch } from './jobs/photoBatch';
import { Engine } from './engine';
import { describeStill } from './live/announcements';
import type { HistoryPoint } from './live/faceHistory';
import { LiveAnalysis } from './live/liveAnalysis';
import { PhotoSource } from './sources/photoSource';
import { Stage } from './sources/stage';
import { analysisStopped, startAnalysis, startFailed } from './startUp';
import { INITIAL_STATE, type AppState } from './state/appState';
import type { LaunchOptions } from './state/launchOptions';
import { ModelChoice } from './state/modelChoice';
import { problem } from './state/problem';
import { DEFAULT_SETTINGS, type Settings } from './state/settings';
import { SettingsControl } from './state/settingsControl';
import { Store } from './state/store';

export class Session {
  readonly state = new Store<AppState>(INITIAL_STATE);
  /** The frames of the stage's video through the worker, and what the page makes of them. */
  private readonly live: LiveAnalysis;
  /** The latest frame's result, for the overlay and the live list; updated without React. */
  readonly frame: LiveAnalysis['frame'];
  /** The library's recognizer, once started, and its video session for the stage's frames and a file's. */
  private readonly engine = new Engine();
  private readonly stage: Stage;
  /** Whole-file analysis and exports of the open file. */
  readonly jobs: FileJobs;
  /** The camera's recording and snapshots of the stage. */
  readonly capture: Capture;
  /** The photo on the stage, when one is open instead of a video. */
  readonly photo: PhotoSource;
  /** Several photos labelled in turn, and their table. */
  readonly photos: PhotoBatch;
  private readonly models: ModelChoice;
  private readonly settings: SettingsControl;

  constructor(
    private readonly options: LaunchOptions,
    settings: Settings = DEFAULT_SETTINGS,
    storage: Storage | null = null,
  ) {
    this.state.set({ settings });
    this.live = new LiveAnalysis({
      analyze: (image, timestampMs) => this.engine.analyzeFrame(image, timestampMs),
      isCamera: () => this.state.get().source === 'camera',
      record: (result, now) => this.capture.recorder.add(result, now), // while the camera records
      announce: (announcement) => this.state.set({ announcement }),
      showStats: (stats) => this.state.set({ stats }),
    });
    this.frame = this.live.frame;
    this.stage = new Stage({
      state: this.state,
      live: this.live,
      photo: () => this.photo,
      resetTracks: (renumber) => this.engine.resetFaces(renumber),
      stopping: () => {
        this.capture.recorder.stop('camera');
        this.jobs.cancel();
      },
      fileOpened: (video) => this.jobs.setFile(video),
    });
    this.jobs = new FileJobs({
      analyze: (image, time) => this.engine.analyzeFrame(image, time * 1000),
      resetTracks: () => this.engine.resetFaces(true),
      currentModel: () => this.models.current(),
      pauseLive: () => this.stage.pauseFile(),
      resumeLive: () => this.stage.resumeFile(),
      appVersion: __APP_VERSION__,
    });
    const recognizer = () => this.engine.current;
    this.models = new ModelChoice(this.state, recognizer);
    this.settings = new SettingsControl(this.state, recognizer, storage, () => this.live.forgetFaces());
    this.photo = new PhotoSource({
      analyze: (bitmap) => this.analyzeStill(bitmap),
      ready: () => this.state.get().phase === 'ready',
      show: (result) => {
        this.live.show(result);
        // Said once per photo; a batch reports its own progress instead of one sentence per photo.
        const name = this.state.get().photo?.name;
        if (name && !this.photos.busy) this.state.set({ announcement: describeStill(name, result) });
      },
      name: () => this.state.get().photo?.name,
      fail: (fileError) => this.state.set({ fileError }),
    });
    this.photos = new PhotoBatch({
      label: (file) => this.stage.labelPhoto(file),
      model: () => this.models.current(),
      appVersion: __APP_VERSION__,
    });
    this.capture = new Capture({
      video: () => this.stage.element,
      photo: () => this.photo.bitmap,
      view: () => this.state.get(),
      latestResult: () => this.frame.get().result,
      currentModel: () => this.models.current(),
      notify: (notice) => this.state.set({ notice }),
    });
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  /** Frames analysed since the page opened (read by the e2e tests and the benchmark). */
  get frameCount(): number {
    return this.live.frameCount;
  }

  async init(): Promise<void> {
    try {
      this.state.set({ status: 'Starting the analysis worker…' });
      const recognizer = await startAnalysis(this.options, {
        onStatus: (status) => this.state.set({ status }),
        onBackendChange: (backend) => this.state.set({ backend, notice: backend.reason }),
        onFailure: (error) => this.analysisDied(error),
      });
      if (!this.engine.started(recognizer)) return; // the page was left while it started
      this.state.set({ backends: recognizer.backends, backend: recognizer.backend });
      this.models.started(recognizer);
      this.state.set({ phase: 'ready', status: 'Ready' });
      await this.photo.analyse(); // one opened while the app was starting
    } catch (error) {
      if (this.state.get().phase === 'failed') return; // the worker died: analysisDied has said so
      this.state.set(startFailed(error));
    }
  }

  attachVideo(video: HTMLVideoElement | null): void {
    this.stage.attach(video);
  }

  /**
   * Opens a video file to play with the overlay and to analyse, or a photo to label. The file is checked
   * first: one that cannot be used gets a message and changes nothing (the camera or the previous file
   * stay as they were).
   */
  async openFile(file: File): Promise<void> {
    this.photos.cancel();
    if (isPhotoFile(file)) await this.stage.openPhoto(file);
    else await this.stage.openVideo(file);
  }

  /** Opens what the user dropped or picked: one video or photo, or several photos to label in turn. */
  async openFiles(files: readonly File[]): Promise<void> {
    const [first] = files;
    if (files.length <= 1) return first && this.openFile(first);
    const other = files.find((f) => !isPhotoFile(f));
    if (other) {
      const why = `“${other.name}” is not a photo: open one video at a time, or several photos to label them in turn.`;
      return this.state.set({ fileError: problem(why) });
    }
    await this.photos.label(files);
  }

  /**
   * Changes one setting: validated, stored for the next visit, applied now (in the worker if needed; an
   * open photo is analysed again when the worker's settings changed).
   */
  async updateSetting<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
    if (await this.settings.update(key, value)) await this.photo.analyse();
  }

  async resetSettings(): Promise<void> {
    if (await this.settings.reset()) await this.photo.analyse();
  }

  /** Charts one face's last 30 seconds (null: none). */
  follow(trackId: number | null): void {
    this.state.set({ followedFace: trackId });
  }

  heldSeconds(trackId: number, now: number): number {
    return this.live.heldSeconds(trackId, now);
  }

  faceHistory(trackId: number): readonly HistoryPoint[] {
    return this.live.faceHistory(trackId);
  }

  /** Moves the open file to `time` seconds (from the timeline). */
  seek(time: number): void {
    this.stage.seek(time);
  }

  /** Starts the camera: `deviceId` picks one of several (front/back); by default the user-facing one. */
  async startCamera(deviceId: string | null = this.state.get().cameraId): Promise<void> {
    this.photos.cancel();
    await this.stage.startCamera(deviceId);
  }

  stopSource(): void {
    this.stage.stop();
  }

  async selectModel(id: string): Promise<void> {
    // A file's analysis or export, and a recording, run with one model from start to end.
    if (this.jobs.busy || this.capture.recorder.recording || this.photos.busy) return;
    if (!(await this.models.select(id))) return;
    this.live.forgetFaces(); // the worker restarts its tracks with the new model
    await this.photo.analyse();
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stopSource();
    this.engine.dispose();
  }

  /**
   * A hidden tab gets no video frames worth analysing (and the user sees no overlay): the live loop
   * pauses and resumes when the tab is shown again. A whole-file analysis goes on; it is a batch job.
   */
  private readonly onVisibilityChange = () => {
    if (document.hidden) return this.live.pause();
    if (this.jobs.state.get().status === 'analysing') return; // it restarts the loop when done
    this.live.resume();
  };

  /** The worker is gone: nothing can be analysed until the page is reloaded, so say so instead of waiting. */
  private analysisDied(error: RecognizerError): void {
    const starting = this.state.get().phase === 'loading';
    this.stopSource();
    this.state.set(analysisStopped(starting, error));
  }

  /** The recognizer, for the automation API: only once the app is ready. */
  private ready(): EmotionRecognizer {
    const recognizer = this.engine.current;
    if (this.state.get().phase !== 'ready' || !recognizer) throw new Error('the session is not ready');
    return recognizer;
  }

  /**
   * Automation API for the e2e tests and the benchmark: one still image through the whole pipeline
   * (detect → crop → classify → vote), with fresh tracks so earlier images do not vote. `averageViews`
   * (default true, as the app labels a photo): each face's views averaged (AnalyzeOptions.averageViews);
   * false: its one crop classified once, as a live frame's is.
   */
  async analyzeStill(
    image: HTMLCanvasElement | HTMLImageElement | ImageBitmap,
    averageViews = true,
  ): Promise<FrameResult> {
    // The recognizer analyses a copy, even of an ImageBitmap: the caller's stays usable.
    return (await this.ready().analyze(image, { averageViews })).frameResult;
  }

  /** Automation API: the worker's TF.js memory (soak test, benchmark). */
  async tensorMemory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.ready().memory();
  }

  /** Automation API (fault injection): the worker's WebGPU device is destroyed, as in a GPU reset. */
  simulateGpuLoss(): void {
    this.engine.current?.simulateGpuLoss();
  }

  /**
   * Automation API: bare 48×48 grey images (row-major uint8) through the current classifier; `mirror`: each
   * averaged with its mirror image.
   */
  async classifyGrey(pixels: Uint8Array, count: number, mirror = false): Promise<Float32Array[]> {
    return this.ready().classifyCrops(pixels, count, { mirror });
  }
}
