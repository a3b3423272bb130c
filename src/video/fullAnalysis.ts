// Analyses every n-th frame of a file as fast as the machine allows, independent of playback: frames are
// decoded in order (WebCodecs, through mediabunny) and each processed one goes through the same pipeline
// as the camera. Progress with an estimate of the time left; cancellable; what was analysed is kept; a
// file whose frames stop before its stated end (or skip frames) is reported as such.

import { CanvasSink, VideoSampleSink } from 'mediabunny';
import type { FrameResult } from '../pipeline/frameResult';
import type { FrameImage } from '../worker/protocol';
import { CoverageCounter, type Coverage } from './coverage';
import type { AnalysisProgress, AnalysisResults } from './results';
import type { OpenedVideo } from './videoFile';

export interface AnalysisOutcome {
  readonly status: 'done' | 'cancelled';
  /** What the decoded frames covered of the file (up to the cancel, for a cancelled job). */
  readonly coverage: Coverage;
}

export interface AnalysisJob {
  readonly video: OpenedVideo;
  readonly step: number;
  readonly results: AnalysisResults;
  /** The pipeline: takes ownership of the image; `time` is the frame's media time, seconds. */
  readonly analyze: (image: FrameImage, time: number) => Promise<FrameResult>;
  readonly onProgress: (progress: AnalysisProgress) => void;
  readonly signal: AbortSignal;
}

const PROGRESS_EVERY_MS = 250;

/**
 * Frames sent to the workers and not yet answered, at most. Enough for the detection worker to run ahead
 * while the analysis worker classifies the frames behind it in batches (a batch holds its frames until it
 * is done: with 8, decoding and detection waited meanwhile and one core idled); each holds a decoded frame
 * until its pixels are read, then only its faces' crops.
 */
export const FRAMES_IN_FLIGHT = 16;

/**
 * Throws if decoding or analysis fails midway (a damaged file); the rows analysed before that stay in
 * `results`.
 */
export async function analyzeWholeFile(job: AnalysisJob): Promise<AnalysisOutcome> {
  const { video, step, results, signal } = job;
  const total = Math.max(1, Math.ceil(video.info.estimatedFrames / step));
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
  const coverage = new CoverageCounter(video.info.durationSeconds, video.info.frameRate);
  /**
   * The frames sent and not yet answered, oldest first. Up to FRAMES_IN_FLIGHT are sent ahead, so that
   * decoding here, detection in the detection worker and classification in the analysis worker all run at
   * once (the analysis worker classifies the frames waiting in one batch). Results come back in the order
   * sent: the workers take the frames in turn.
   */
  const inFlight: Promise<void>[] = [];
  /** Set by the first frame whose analysis failed: the frames sent after it add no row. */
  let failed = false;
  try {
    report();
    for await (const frame of decodedFrames(video)) {
      if (signal.aborted) {
        frame.skip();
        return { status: 'cancelled', coverage: coverage.result() };
      }
      coverage.add(frame.timestamp);
      const index = frameIndex++;
      if (index % step !== 0) {
        frame.skip();
        continue;
      }
      const time = frame.timestamp;
      const image = await frame.take();
      const analysed = job.analyze(image, time).then(
        (result) => {
          if (failed) return;
          mediaTime = time;
          results.add(index, time, result);
        },
        (error: unknown) => {
          failed = true;
          throw error;
        },
      );
      analysed.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
      inFlight.push(analysed);
      if (inFlight.length >= FRAMES_IN_FLIGHT) await inFlight.shift();
      if (performance.now() - lastReport > PROGRESS_EVERY_MS) {
        lastReport = performance.now();
        report();
      }
    }
    for (const analysed of inFlight) await analysed;
  } finally {
    await Promise.allSettled(inFlight); // the jobs left behind by a cancel or a fault end before we do
  }
  job.onProgress({
    processed: results.frames.length,
    total: results.frames.length,
    mediaTime,
    etaSeconds: 0,
    framesPerSecond: results.frames.length / Math.max(1e-3, (performance.now() - started) / 1000),
  });
  return { status: 'done', coverage: coverage.result() };
}

/** A decoded frame: `take` makes the image to analyse (the caller owns it), `skip` releases it unused. */
interface DecodedFrame {
  readonly timestamp: number;
  take(): Promise<FrameImage>;
  skip(): void;
}

/**
 * The file's frames in presentation order. Where they need no rotation or flip, the decoder's VideoFrames
 * themselves (the worker reads their pixels with one copy); otherwise drawn upright on a canvas, as a bitmap.
 */
async function* decodedFrames(video: OpenedVideo): AsyncGenerator<DecodedFrame> {
  const [rotation, flip] = await Promise.all([video.track.getRotation(), video.track.getFlip()]);
  if (rotation === 0 && !flip) {
    for await (const sample of new VideoSampleSink(video.track).samples()) {
      const release = () => sample.close(); // closing twice is harmless
      try {
        yield {
          timestamp: sample.timestamp,
          take: () => {
            try {
              return Promise.resolve(sample.toVideoFrame());
            } finally {
              release();
            }
          },
          skip: release,
        };
      } finally {
        release(); // also when the loop ends early and the frame was neither taken nor skipped
      }
    }
    return;
  }
  for await (const frame of new CanvasSink(video.track, { poolSize: 2 }).canvases())
    yield {
      timestamp: frame.timestamp,
      take: () => createImageBitmap(frame.canvas),
      skip: () => undefined,
    };
}
