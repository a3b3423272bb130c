// What the user keeps from the stage: the camera's recording (every analysed frame's faces, with the same
// timeline, summary and downloads as a file's analysis) and snapshots (a PNG of what the stage shows). The
// session feeds the recorder its frames and ends the recording when the camera stops; the UI calls these.

import { annotatedSnapshot } from '../../draw/snapshot';
import type { FrameResult } from '../../lib';
import type { ModelRef } from '../../video/results';
import { errorMessage } from '../../errorMessage';
import { exportName } from '../../video/exporters';
import type { PhotoInfo } from '../../video/photoFile';
import type { VideoFileInfo } from '../../video/videoFile';
import { saveBlob, saveResults, type TableFormat } from './download';
import { cameraName, LiveRecorder } from './liveRecording';
import type { Source } from '../state/appState';
import { shownMirrored, type Settings } from '../state/settings';

/** What capturing reads from the session. */
export interface CaptureHost {
  readonly video: () => HTMLVideoElement | null;
  /** The open photo, at the size analysed. */
  readonly photo: () => ImageBitmap | null;
  readonly view: () => {
    readonly source: Source;
    readonly settings: Settings;
    readonly file: VideoFileInfo | null;
    readonly photo: PhotoInfo | null;
    /** While a model loads, frames would come from the new one under the old one's name. */
    readonly modelLoading: boolean;
  };
  readonly latestResult: () => FrameResult | null;
  readonly currentModel: () => ModelRef | null;
  /** Says why something could not be saved. */
  readonly notify: (notice: string) => void;
}

export class Capture {
  /** The camera session's recording. */
  readonly recorder = new LiveRecorder();

  constructor(private readonly host: CaptureHost) {}

  /** Starts recording the camera's analysed frames (a new recording replaces the kept one). */
  startRecording(): void {
    const model = this.host.currentModel();
    const video = this.host.video();
    const { source, modelLoading } = this.host.view();
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
  saveRecording(format: TableFormat): void {
    const results = this.recorder.state.get().results;
    if (!results || this.recorder.recording) return;
    saveResults(results, format);
    this.recorder.markSaved();
  }

  /**
   * Saves what the stage shows now as a PNG: the frame, mirrored when the view is, with its boxes and labels
   * as the overlay draws them. Named after the camera and the time, the file and the position in it, or
   * the photo.
   */
  async saveSnapshot(): Promise<void> {
    const video = this.host.video();
    const { source, settings, file, photo } = this.host.view();
    const image = source === 'photo' ? this.host.photo() : video;
    if (!image || !video || source === 'none') return;
    try {
      const blob = await annotatedSnapshot(image, this.host.latestResult(), {
        mirrored: shownMirrored(source, settings),
        boxes: settings.showBoxes,
        labels: settings.showLabels,
      });
      saveBlob(
        blob,
        source === 'camera'
          ? `${cameraName(new Date())}.png`
          : source === 'photo'
            ? exportName(photo?.name ?? 'photo', 'annotated.png')
            : exportName(file?.name ?? 'video', `${video.currentTime.toFixed(2)}s.png`),
      );
    } catch (error) {
      this.host.notify(`The snapshot could not be made: ${errorMessage(error)}.`);
    }
  }
}
