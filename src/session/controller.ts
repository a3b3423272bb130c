// The app's one session: owns the analysis worker (which runs the ML runtimes), the source (camera, video
// file or photo) and the frame loop; the model choice, the settings, the open file's jobs and the captures
// (recording, snapshot) are its parts. React components call its methods and subscribe to its stores;
// nothing here imports React, and no ML runtime runs on the page's thread.

import { AnalysisClient, type FrameResult, errorMessage, listModels } from '../lib/internal';
import { INITIAL_STATE, type AppState } from './state/appState';
import { AnnouncementLimiter, describeStill } from './live/announcements';
import {
  CameraEndedError,
  CameraStalledError,
  cameraStalled,
  describeCameraError,
  listCameras,
  openCamera,
  releaseCamera,
} from './sources/camera';
import { FrameLoop } from './live/frameLoop';
import { FaceHistory, type HistoryPoint } from './live/faceHistory';
import { FileJobs } from './jobs/fileJobs';
import { Capture } from './jobs/capture';
import { ModelChoice } from './state/modelChoice';
import { Store } from './state/store';
import { FrameStats } from './live/stats';
import type { LaunchOptions } from './state/launchOptions';
import { problem } from './state/problem';
import { DEFAULT_SETTINGS, type Settings } from './state/settings';
import { SettingsControl } from './state/settingsControl';
import { isPhotoFile, openPhotoFile, PhotoFileError } from '../video/photoFile';
import { openVideoFile, VideoFileError } from '../video/videoFile';
import { PhotoBatch } from './jobs/photoBatch';
import { PhotoSource } from './sources/photoSource';

const BASE = import.meta.env.BASE_URL;
/** Absolute, because the worker would resolve a relative URL against its own script's folder. */
const appUrl = (path: string) => new URL(`${BASE}${path}`, location.href).href;
/** How often a running camera is checked for new frames (it is reported stalled after CAMERA_STALL_MS). */
const STALL_CHECK_MS = 500;
/** Start-up failed (the worker or every model): nothing works until a reload. */
const COULD_NOT_START =
  'The app could not start: face analysis is not available in this browser tab. Reload the page to try again, or try another browser.';
/** What a file that cannot be used leaves working, said after its reason. */
const FILE_STILL_WORKS = 'What was open stays open; try another file.';

export class Session {
  readonly state = new Store<AppState>(INITIAL_STATE);
  /** The latest frame's result, for the overlay and the live list; updated without React. */
  readonly frame = new Store<{ result: FrameResult | null }>({ result: null });

  private readonly analysis: AnalysisClient;
  private video: HTMLVideoElement | null = null;
  private stream: MediaStream | null = null;
  private fileUrl: string | null = null;
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
  private loop: FrameLoop | null = null;
  /** Bumped whenever a source starts to open: a file checked after a newer open began is not used. */
  private opening = 0;
  private readonly stats = new FrameStats();
  private readonly history = new FaceHistory();
  private readonly announcer = new AnnouncementLimiter();
  private stallCheck: ReturnType<typeof setInterval> | null = null;
  /** Frames analysed since the page opened (read by the e2e tests and the benchmark). */
  frameCount = 0;

  constructor(
    private readonly options: LaunchOptions,
    settings: Settings = DEFAULT_SETTINGS,
    storage: Storage | null = null,
  ) {
    this.state.set({ settings });
    this.analysis = new AnalysisClient({
      onProgress: (status) => this.state.set({ status }),
      onFatal: (message) => this.analysisDied(message),
      onBackendChanged: (choice) => this.state.set({ backend: choice, notice: choice.reason }),
    });
    this.jobs = new FileJobs({
      analyze: (bitmap, time) => this.analysis.analyzeFrame(bitmap, time),
      resetTracks: () => this.analysis.resetTracks(true),
      currentModel: () => this.models.current(),
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
    this.models = new ModelChoice(this.state, this.analysis);
    this.settings = new SettingsControl(this.state, this.analysis, storage, () => this.forgetFaces());
    this.photo = new PhotoSource({
      analyze: (bitmap) => this.analyzeStill(bitmap),
      ready: () => this.state.get().phase === 'ready',
      show: (result) => {
        this.frame.set({ result });
        // Said once per photo; a batch reports its own progress instead of one sentence per photo.
        const name = this.state.get().photo?.name;
        if (name && !this.photos.busy) this.state.set({ announcement: describeStill(name, result) });
      },
      fail: (reason) => {
        const name = this.state.get().photo?.name ?? 'The photo';
        const advice = 'Try it again or open another photo; the camera and video files still work.';
        this.state.set({ fileError: { ...problem(`“${name}” could not be analysed.`, reason), advice } });
      },
    });
    this.photos = new PhotoBatch({
      label: async (file) => {
        const result = await this.openPhoto(file);
        const { fileError, photo } = this.state.get();
        if (!result || !photo)
          throw new Error(fileError?.message ?? 'not labelled: the app is not ready yet');
        return { width: photo.width, height: photo.height, result };
      },
      model: () => this.models.current(),
      appVersion: __APP_VERSION__,
    });
    this.capture = new Capture({
      video: () => this.video,
      photo: () => this.photo.bitmap,
      view: () => this.state.get(),
      latestResult: () => this.frame.get().result,
      currentModel: () => this.models.current(),
      notify: (notice) => this.state.set({ notice }),
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
          detectEvery: this.options.detectEvery,
          ...(this.options.backend ? { backend: this.options.backend } : {}),
        }),
        listModels(`${BASE}models/`),
      ]);
      this.state.set({ backends: started.backends, backend: started.choice });
      await this.models.loadFirst(models, this.options.model);
      this.state.set({ phase: 'ready', status: 'Ready' });
      await this.photo.analyse(); // one opened while the app was starting
    } catch (error) {
      if (this.state.get().phase === 'failed') return; // the worker died: analysisDied has said so
      this.state.set({
        phase: 'failed',
        status: 'The app could not start.',
        failure: problem(COULD_NOT_START, errorMessage(error)),
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
   * Opens a video file to play with the overlay and to analyse, or a photo to label. The file is checked
   * first: one that cannot be used gets a message and changes nothing (the camera or the previous file
   * stay as they were).
   */
  async openFile(file: File): Promise<void> {
    this.photos.cancel();
    if (isPhotoFile(file)) return void (await this.openPhoto(file));
    const video = this.video;
    if (!video) return;
    const opened = await this.checkFile(file, openVideoFile);
    if (!opened) return;
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

  /** Shows `file` on the stage and labels it; null (with a message) when it cannot be read or analysed. */
  private async openPhoto(file: File): Promise<FrameResult | null> {
    const opened = await this.checkFile(file, openPhotoFile, ({ bitmap }) => bitmap.close());
    if (!opened) return null;
    this.stopSource();
    this.photo.open(opened.bitmap);
    this.state.set({ source: 'photo', photo: opened.info, cameraError: null });
    return this.photo.analyse();
  }

  /**
   * Opens `file` with `open`; one that cannot be used gets a message naming it, and null. So does one whose
   * check ended after the user opened something else (the camera, another file): `release` frees it.
   */
  private async checkFile<T>(
    file: File,
    open: (file: File) => Promise<T>,
    release: (opened: T) => void = () => undefined,
  ): Promise<T | null> {
    const opening = ++this.opening;
    this.state.set({ fileError: null });
    try {
      const opened = await open(file);
      if (opening === this.opening) return opened;
      release(opened);
      return null;
    } catch (error) {
      const known = error instanceof VideoFileError || error instanceof PhotoFileError;
      const message = known ? error.message : `“${file.name}” cannot be opened.`;
      const detail = error instanceof VideoFileError ? error.detail : known ? undefined : errorMessage(error);
      if (opening === this.opening)
        this.state.set({ fileError: { ...problem(message, detail), advice: FILE_STILL_WORKS } });
      return null;
    }
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
    this.photos.cancel();
    this.opening += 1; // a file still being checked will not replace the camera
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
      this.watchForStall();
    } catch (error) {
      this.cameraFailed(error);
    }
  }

  stopSource(): void {
    if (this.stallCheck !== null) clearInterval(this.stallCheck);
    this.stallCheck = null;
    this.capture.recorder.stop('camera');
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
    this.photo.close();
    this.analysis.resetTracks(true); // the next source numbers its faces from 1
    this.forgetFaces();
    this.frame.set({ result: null });
    this.state.set({ source: 'none', file: null, photo: null });
  }

  async selectModel(id: string): Promise<void> {
    // A file's analysis or export, and a recording, run with one model from start to end.
    if (this.jobs.busy || this.capture.recorder.recording || this.photos.busy) return;
    if (!(await this.models.select(id))) return;
    this.forgetFaces(); // the worker restarts its tracks with the new model
    await this.photo.analyse();
  }

  dispose(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stopSource();
    this.analysis.dispose();
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
    this.analysis.resetTracks(false); // numbers go on: Face 1 stays one face within a file
    this.forgetFaces();
    this.loop?.resetClock();
  };

  private readonly onVideoError = () => {
    const name = this.state.get().file?.name;
    if (this.state.get().source !== 'file' || !name) return;
    const detail = this.video?.error?.message || undefined;
    this.stopSource();
    const message = `“${name}” cannot be played in this browser. Convert it to H.264 MP4 or VP9 WebM, or open another file; the camera still works.`;
    this.state.set({ fileError: problem(message, detail) });
  };

  /** Face memories (hold times, charts, what was announced) end with the tracks they belong to. */
  private forgetFaces(): void {
    this.history.reset();
    this.announcer.reset();
  }

  /**
   * A camera can stop sending frames without ending its track (muted by the system, a frozen driver): the
   * picture would freeze with a stale label. No new frame for CAMERA_STALL_MS is treated as unplugged.
   * A hidden tab stops the loop and gets no frames: it is not checked then.
   */
  private watchForStall(): void {
    this.stallCheck = setInterval(() => {
      const loop = this.loop;
      if (this.state.get().source !== 'camera' || !loop?.isRunning) return;
      if (cameraStalled(loop.lastFrameAt, performance.now()))
        this.cameraFailed(new CameraStalledError('no new camera frame'));
    }, STALL_CHECK_MS);
  }

  private cameraFailed(error: unknown): void {
    this.stopSource();
    this.state.set({ cameraError: describeCameraError(error) });
  }

  /** The worker is gone: nothing can be analysed until the page is reloaded, so say so instead of waiting. */
  private analysisDied(message: string): void {
    const starting = this.state.get().phase === 'loading';
    this.stopSource();
    this.state.set({
      phase: 'failed',
      status: 'Face analysis stopped.',
      failure: problem(
        starting
          ? COULD_NOT_START
          : 'Face analysis stopped: nothing can be labelled until the page is reloaded. Reload the page to start again.',
        message,
      ),
    });
  }

  private startLoop(video: HTMLVideoElement): void {
    this.stats.reset();
    const loop = new FrameLoop(video, async ({ now, mediaTime }) => {
      if (video.videoWidth === 0) return;
      // Grabbed in the video-frame callback, so it is the frame that callback announced; the worker
      // closes it. The loop asks for the next frame only once this one's result is back.
      const bitmap = await createImageBitmap(video);
      // The vote spans seconds of the source's own time: media time for a file, capture time for a camera.
      const time = this.state.get().source === 'camera' ? now / 1000 : mediaTime;
      const result = await this.analysis.analyzeFrame(bitmap, time);
      if (this.loop !== loop) return; // the source stopped while this frame was analysed
      this.frameCount += 1;
      this.frame.set({ result });
      this.capture.recorder.add(result, now); // while the camera records
      const clock = performance.now();
      this.history.update(result, clock);
      const said = this.announcer.update(result.faces, clock);
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
