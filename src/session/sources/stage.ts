// What the stage shows: one source at a time — the camera, a video file or a photo. Opening one stops the
// one before and everything it fed (the live loop, a recording, a file's jobs, the worker's face tracks); a
// file that cannot be used changes nothing. Failures of a running source (a camera unplugged or stalled, a
// file the browser cannot play) stop it and say why.

import type { FrameResult } from '../../lib';
import { openPhotoFile } from '../../video/photoFile';
import { openVideoFile, type OpenedVideo } from '../../video/videoFile';
import type { LiveAnalysis } from '../live/liveAnalysis';
import type { AppState } from '../state/appState';
import { problem } from '../state/problem';
import type { Store } from '../state/store';
import { describeCameraError, listCameras } from './camera';
import { CameraSource } from './cameraSource';
import { FileOpening } from './fileOpening';
import type { PhotoSource } from './photoSource';
import { StageVideo } from './stageVideo';

export interface StageDeps {
  readonly state: Store<AppState>;
  readonly live: LiveAnalysis;
  readonly photo: () => PhotoSource;
  /** The worker's face tracks start afresh: numbered from 1 again (`renumber`), or going on after a seek. */
  readonly resetTracks: (renumber: boolean) => void;
  /** The source stops: so do its recording and its file's jobs. */
  readonly stopping: () => void;
  /** A video file replaces the source: its jobs (whole-file analysis, exports) are for it from now on. */
  readonly fileOpened: (video: OpenedVideo) => void;
}

export class Stage {
  private readonly video: StageVideo;
  private readonly camera: CameraSource;
  private readonly opening: FileOpening;

  constructor(private readonly deps: StageDeps) {
    this.video = new StageVideo({ seeking: this.onSeeking, failed: (detail) => this.fileFailed(detail) });
    this.camera = new CameraSource({
      failed: (error) => this.cameraFailed(error),
      lastFrameAt: () => (this.source === 'camera' ? deps.live.lastFrameAt() : null),
    });
    this.opening = new FileOpening(deps.state);
  }

  /** The stage's <video>, when the page shows one. */
  get element(): HTMLVideoElement | null {
    return this.video.element;
  }

  attach(video: HTMLVideoElement | null): void {
    this.video.attach(video);
  }

  /** Plays a video file with the overlay; one that cannot be opened gets a message and changes nothing. */
  async openVideo(file: File): Promise<void> {
    const video = this.video.element;
    if (!video) return;
    const opened = await this.opening.check(file, openVideoFile);
    if (!opened) return;
    this.stop();
    this.deps.fileOpened(opened);
    this.deps.state.set({ source: 'file', file: opened.info, cameraError: null });
    this.deps.live.start(video);
    await this.video.playFile(file);
  }

  /** Shows `file` on the stage and labels it; null (with a message) when it cannot be read or analysed. */
  async openPhoto(file: File): Promise<FrameResult | null> {
    const opened = await this.opening.check(file, openPhotoFile, ({ bitmap }) => bitmap.close());
    if (!opened) return null;
    this.stop();
    this.deps.photo().open(opened.bitmap);
    this.deps.state.set({ source: 'photo', photo: opened.info, cameraError: null });
    return this.deps.photo().analyse();
  }

  /** A photo of a batch, shown and labelled in turn: its size and faces; throws with the message shown. */
  async labelPhoto(file: File): Promise<{ width: number; height: number; result: FrameResult }> {
    const result = await this.openPhoto(file);
    const { fileError, photo } = this.deps.state.get();
    if (!result || !photo) throw new Error(fileError?.message ?? 'not labelled: the app is not ready yet');
    return { width: photo.width, height: photo.height, result };
  }

  /** Starts the camera: `deviceId` picks one of several (front/back); by default the user-facing one. */
  async startCamera(deviceId: string | null): Promise<void> {
    const video = this.video.element;
    if (!video) return;
    this.opening.supersede(); // a file still being checked will not replace the camera
    this.stop();
    this.deps.state.set({ cameraError: null, cameraId: deviceId });
    try {
      await this.video.playStream(await this.camera.open(deviceId));
      this.deps.state.set({ source: 'camera', cameras: await listCameras() });
      this.deps.live.start(video);
      this.camera.watchForStall();
    } catch (error) {
      this.cameraFailed(error);
    }
  }

  /** Moves the open file to `time` seconds (from the timeline). */
  seek(time: number): void {
    if (this.source === 'file') this.video.seek(time);
  }

  /** While a whole-file job reads the open file, the live view stands still. */
  pauseFile(): void {
    this.deps.live.pause();
    this.video.pause();
  }

  resumeFile(): void {
    const video = this.video.element;
    if (!video || this.source !== 'file') return;
    this.deps.live.start(video);
    this.video.seek(video.currentTime); // a seek: the paused frame is analysed and drawn again
  }

  stop(): void {
    this.deps.stopping();
    this.deps.live.stop();
    this.camera.close();
    this.video.clear();
    this.deps.photo().close();
    this.deps.resetTracks(true); // the next source numbers its faces from 1
    this.deps.state.set({ source: 'none', file: null, photo: null });
  }

  private get source(): AppState['source'] {
    return this.deps.state.get().source;
  }

  /** After a jump the next frames are another scene: votes start afresh and the frame is analysed again. */
  private readonly onSeeking = () => {
    if (this.source !== 'file') return;
    this.deps.resetTracks(false); // numbers go on: Face 1 stays one face within a file
    this.deps.live.restartAfterSeek();
  };

  private fileFailed(detail: string | undefined): void {
    const name = this.deps.state.get().file?.name;
    if (this.source !== 'file' || !name) return;
    this.stop();
    const message = `“${name}” cannot be played in this browser. Convert it to H.264 MP4 or VP9 WebM, or open another file; the camera still works.`;
    this.deps.state.set({ fileError: problem(message, detail) });
  }

  private cameraFailed(error: unknown): void {
    this.stop();
    this.deps.state.set({ cameraError: describeCameraError(error) });
  }
}
