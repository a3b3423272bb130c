// The work done on an opened video file besides playing it: the whole-file analysis and the exports.
// One job at a time; a job is cancelled cleanly when the file changes, so results never mix two files.

import { errorMessage } from '../../errorMessage';
import { renderAnnotatedWebm } from '../../video/annotatedVideo';
import type { AnalysisJob } from '../../video/fullAnalysis';
import { exportName } from '../../video/exporters';
import {
  validateFrameStep,
  type AnalysisProgress,
  type AnalysisResults,
  type ModelRef,
} from '../../video/results';
import { analyzeVideoFile, videoResults } from '../../video/videoAnalysis';
import type { OpenedVideo } from '../../video/videoFile';
import { saveBlob, saveResults, type TableFormat } from './download';
import { Store } from '../state/store';

export type FileJobStatus = 'idle' | 'analysing' | 'done' | 'cancelled' | 'failed';

export interface FileJobsState {
  readonly status: FileJobStatus;
  readonly progress: AnalysisProgress | null;
  /** The latest analysis of the current file (complete, or what was analysed before a cancel or a fault). */
  readonly results: AnalysisResults | null;
  /** What went wrong, or how a finished job ended, for the user. */
  readonly message: string | null;
  /** Share of the annotated video encoded, while an export runs. */
  readonly exportProgress: number | null;
}

export interface FileJobsDeps {
  /** The pipeline (the worker): takes ownership of the image; `time` is the frame's media time, seconds. */
  readonly analyze: AnalysisJob['analyze'];
  /**
   * Forget all face tracks, so that an analysis starts (and playback resumes) with fresh votes and faces
   * numbered from 1.
   */
  readonly resetTracks: () => void;
  /** The model that analyses, with its label order. */
  readonly currentModel: () => ModelRef | null;
  /** Stop and restart the live overlay around a whole-file analysis (they share the face tracker). */
  readonly pauseLive: () => void;
  readonly resumeLive: () => void;
  readonly appVersion: string;
}

/** The hint under the frame step: "Every 2nd frame is analysed; …" (not "every 2 th"). */
export function stepHint(step: number): string {
  return step === 1
    ? 'Every frame is analysed; a larger number analyses fewer, faster.'
    : `Every ${ordinal(step)} frame is analysed; 1 analyses every frame.`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as const)[(n % 10) as 1 | 2 | 3] ?? 'th');
  return `${n}${suffix}`;
}

const IDLE: FileJobsState = {
  status: 'idle',
  progress: null,
  results: null,
  message: null,
  exportProgress: null,
};

export class FileJobs {
  readonly state = new Store<FileJobsState>(IDLE);
  private video: OpenedVideo | null = null;
  private analysisAbort: AbortController | null = null;
  private exportAbort: AbortController | null = null;

  constructor(private readonly deps: FileJobsDeps) {}

  get busy(): boolean {
    return this.analysisAbort !== null || this.exportAbort !== null;
  }

  /** A new file (or none): jobs on the previous one are cancelled and its results dropped. */
  setFile(video: OpenedVideo | null): void {
    this.cancel();
    // The cancelled analysis may still wait for its last frames (up to two are in flight); the new file
    // need not wait for them: that job no longer touches this object's state (see its finally).
    this.analysisAbort = null;
    this.video?.input.dispose();
    this.video = video;
    this.state.set(IDLE);
  }

  cancel(): void {
    this.analysisAbort?.abort();
    this.exportAbort?.abort();
  }

  async analyzeAll(step: number): Promise<void> {
    const video = this.video;
    const model = this.deps.currentModel();
    const invalid = validateFrameStep(step);
    if (invalid) return this.state.set({ message: invalid });
    if (!video || !model || this.busy) return;
    const results = videoResults(video, model, step, this.deps.appVersion);
    const abort = new AbortController();
    this.analysisAbort = abort;
    this.state.set({ status: 'analysing', results, progress: null, message: null });
    this.deps.pauseLive();
    this.deps.resetTracks();
    try {
      const end = await analyzeVideoFile({
        video,
        step,
        results,
        analyze: this.deps.analyze,
        onProgress: (progress) => {
          if (!abort.signal.aborted) this.state.set({ progress });
        },
        signal: abort.signal,
      });
      if (this.video !== video) return; // the file changed meanwhile: its state was reset
      this.state.set({ status: end.status, results: end.results, message: end.message });
    } finally {
      // Only while this job is still the current one: a newer file's playback or analysis owns the tracks.
      if (this.analysisAbort === abort) {
        this.analysisAbort = null;
        this.deps.resetTracks();
      }
      if (this.video === video) this.deps.resumeLive();
    }
  }

  /** Downloads the file's results, one row per analysed frame per face. */
  exportTable(format: TableFormat): void {
    const results = this.state.get().results;
    if (results) saveResults(results, format);
  }

  async exportWebm(): Promise<void> {
    const video = this.video;
    const results = this.state.get().results;
    if (!video || !results || this.busy) return;
    const abort = new AbortController();
    this.exportAbort = abort;
    this.state.set({ exportProgress: 0, message: null });
    try {
      const blob = await renderAnnotatedWebm({
        video,
        results,
        signal: abort.signal,
        onProgress: (fraction) => this.state.set({ exportProgress: fraction }),
      });
      if (blob) saveBlob(blob, exportName(results.meta.fileName, 'annotated.webm'));
      else this.state.set({ message: 'Video export cancelled.' });
    } catch (error) {
      this.state.set({
        message: `The annotated video could not be made: ${errorMessage(error)}.`,
      });
    } finally {
      this.exportAbort = null;
      this.state.set({ exportProgress: null });
    }
  }
}
