// Recording a camera session: every analysed frame's faces, kept as results of the same kind as a whole
// file's analysis (timeline, share of time per emotion per face, CSV and JSON). A recording ends when the
// user stops it or the camera stops for any reason (stopped, unplugged, a file opened); what it holds is
// kept until the next recording starts.

import type { FrameResult } from '../../lib';
import type { ModelRef } from '../../video/results';
import { AnalysisResults } from '../../video/results';
import { Store } from '../state/store';

export interface RecordingState {
  readonly recording: boolean;
  /** The recording in progress or the last one; null before the first (or when it caught no frame). */
  readonly results: AnalysisResults | null;
  /** Frames and seconds recorded, refreshed a few times a second while recording. */
  readonly frames: number;
  readonly seconds: number;
  /** How the last recording ended, for the user. */
  readonly message: string | null;
  /** Whether the kept recording was downloaded (CSV or JSON) since it ended. */
  readonly saved: boolean;
}

/** What a recording is made of: the model that labels it and the camera's frame size. */
export interface RecordingSetup {
  readonly model: ModelRef;
  readonly width: number;
  readonly height: number;
  readonly appVersion: string;
}

export type RecordingEnd = 'user' | 'camera' | 'limit';

/** About 3 hours at 10 analysed frames per second; a longer recording ends there, keeping its frames. */
export const MAX_RECORDING_FRAMES = 100_000;
const PUBLISH_MS = 250;

const IDLE: RecordingState = {
  recording: false,
  results: null,
  frames: 0,
  seconds: 0,
  message: null,
  saved: false,
};

/**
 * "camera-2026-11-27_14-05-09": the name of what the camera made (a recording and its exports, a snapshot),
 * from the local time it started.
 */
export function cameraName(start: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${start.getFullYear()}-${two(start.getMonth() + 1)}-${two(start.getDate())}`;
  return `camera-${day}_${two(start.getHours())}-${two(start.getMinutes())}-${two(start.getSeconds())}`;
}

export class LiveRecorder {
  readonly state = new Store<RecordingState>(IDLE);
  private results: AnalysisResults | null = null;
  private startedAt = 0;
  private publishedAt = 0;

  get recording(): boolean {
    return this.results !== null;
  }

  /** Starts a new recording (the previous one is dropped); `now` is performance.now(). */
  start(setup: RecordingSetup, now: number, date = new Date()): void {
    this.results = new AnalysisResults({
      source: 'camera',
      fileName: cameraName(date),
      fileBytes: 0,
      durationSeconds: 0,
      frameRate: 0,
      width: setup.width,
      height: setup.height,
      modelId: setup.model.id,
      modelName: setup.model.name,
      appVersion: setup.appVersion,
      frameStep: 1,
      labels: setup.model.labels,
    });
    this.startedAt = now;
    this.publishedAt = now;
    this.state.set({ ...IDLE, recording: true, results: this.results });
  }

  /** One analysed camera frame, grabbed at `now` (performance.now()); ignored when not recording. */
  add(result: FrameResult, now: number): void {
    const results = this.results;
    if (!results) return;
    const seconds = Math.max(results.frames.at(-1)?.mediaTime ?? 0, (now - this.startedAt) / 1000);
    results.add(results.frames.length, seconds, result);
    if (results.frames.length >= MAX_RECORDING_FRAMES) return this.stop('limit');
    if (now - this.publishedAt >= PUBLISH_MS) {
      this.publishedAt = now;
      this.state.set({ frames: results.frames.length, seconds });
    }
  }

  /** Ends the recording in progress, if any, and keeps what it holds. */
  stop(why: RecordingEnd): void {
    const results = this.results;
    if (!results) return;
    this.results = null;
    const frames = results.frames.length;
    if (frames === 0) {
      return this.state.set({
        ...IDLE,
        message:
          why === 'camera'
            ? 'The camera stopped before the recording caught a frame: nothing was recorded.'
            : 'Nothing was recorded: no frame was analysed.',
      });
    }
    const seconds = results.frames.at(-1)?.mediaTime ?? 0;
    // One analysed frame stands for the time until the next: the last one for one average frame.
    const duration = seconds * (frames / Math.max(1, frames - 1)) || 1 / 30;
    const kept = `${frames} frames, ${seconds.toFixed(1)} s`;
    this.state.set({
      recording: false,
      results: results.withMeta({ durationSeconds: duration, frameRate: frames / duration }),
      frames,
      seconds,
      saved: false,
      message:
        why === 'user'
          ? `Recorded ${kept}.`
          : why === 'camera'
            ? `The camera stopped, so the recording ended; its ${kept} are kept.`
            : `The recording reached its limit of ${MAX_RECORDING_FRAMES} frames and ended; its ${kept} are kept.`,
    });
  }

  /** The kept recording was downloaded. */
  markSaved(): void {
    if (this.state.get().results && !this.recording) this.state.set({ saved: true });
  }
}
