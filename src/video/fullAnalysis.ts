// Analyses every n-th frame of a file as fast as the machine allows, independent of playback: frames are
// decoded in order (WebCodecs, through mediabunny) and each processed one goes through the same pipeline
// as the camera. Progress with an estimate of the time left; cancellable; what was analysed is kept.

import { CanvasSink } from 'mediabunny';
import type { FrameResult } from '../pipeline/analyzer';
import type { AnalysisResults } from './results';
import type { OpenedVideo } from './videoFile';

export interface AnalysisProgress {
  /** Frames analysed so far. */
  readonly processed: number;
  /** Frames that will be analysed in all (an estimate until the end). */
  readonly total: number;
  /** Media time of the last analysed frame, seconds. */
  readonly mediaTime: number;
  /** Seconds left at the speed so far; null until there is a speed to go by. */
  readonly etaSeconds: number | null;
  /** Analysed frames per second of wall time. */
  readonly framesPerSecond: number;
}

export type AnalysisOutcome = 'done' | 'cancelled';

export interface AnalysisJob {
  readonly video: OpenedVideo;
  readonly step: number;
  readonly results: AnalysisResults;
  /** The pipeline: takes ownership of the bitmap. */
  readonly analyze: (bitmap: ImageBitmap) => Promise<FrameResult>;
  readonly onProgress: (progress: AnalysisProgress) => void;
  readonly signal: AbortSignal;
}

const PROGRESS_EVERY_MS = 250;

/** Throws if decoding fails midway (a damaged file); the rows analysed before that stay in `results`. */
export async function analyzeWholeFile(job: AnalysisJob): Promise<AnalysisOutcome> {
  const { video, step, results, signal } = job;
  const total = Math.max(1, Math.ceil(video.info.estimatedFrames / step));
  const sink = new CanvasSink(video.track, { poolSize: 2 });
  const started = performance.now();
  let lastReport = 0;
  let frameIndex = 0;
  let mediaTime = 0;
  const report = () => {
    const processed = results.frames.length;
    const elapsed = (performance.now() - started) / 1000;
    const framesPerSecond = elapsed > 0 ? processed / elapsed : 0;
    job.onProgress({
      processed,
      total: Math.max(total, processed),
      mediaTime,
      etaSeconds: processed >= 3 ? Math.max(0, total - processed) / framesPerSecond : null,
      framesPerSecond,
    });
  };
  report();
  for await (const frame of sink.canvases()) {
    if (signal.aborted) return 'cancelled';
    const index = frameIndex++;
    if (index % step !== 0) continue;
    mediaTime = frame.timestamp;
    const bitmap = await createImageBitmap(frame.canvas);
    results.add(index, frame.timestamp, await job.analyze(bitmap));
    if (performance.now() - lastReport > PROGRESS_EVERY_MS) {
      lastReport = performance.now();
      report();
    }
  }
  job.onProgress({
    processed: results.frames.length,
    total: results.frames.length,
    mediaTime,
    etaSeconds: 0,
    framesPerSecond: results.frames.length / Math.max(1e-3, (performance.now() - started) / 1000),
  });
  return 'done';
}
