// A video file's whole analysis as the app and the library run it: the results table for the model and the
// frame step, every n-th frame through analyzeWholeFile, and the sentence that says how it ended (done, cut
// short, cancelled, or stopped by a decoding fault), so that both say the same about the same file.

import { errorMessage } from '../errorMessage';
import { describeCoverage } from './coverage';
import { analyzeWholeFile, type AnalysisJob } from './fullAnalysis';
import { AnalysisResults, type ModelRef } from './results';
import type { OpenedVideo } from './videoFile';

/** An empty table for analysing every `step`-th frame of `video` with `model`. */
export function videoResults(
  video: OpenedVideo,
  model: ModelRef,
  step: number,
  appVersion: string,
): AnalysisResults {
  const { info } = video;
  return new AnalysisResults({
    source: 'file',
    fileName: info.name,
    fileBytes: info.bytes,
    durationSeconds: info.durationSeconds,
    frameRate: info.frameRate,
    width: info.width,
    height: info.height,
    modelId: model.id,
    modelName: model.name,
    appVersion,
    frameStep: step,
    labels: model.labels,
  });
}

export interface VideoAnalysisEnd {
  /** `'failed'`: the file stopped decoding midway; the frames before are kept. */
  readonly status: 'done' | 'cancelled' | 'failed';
  /** The job's table; once done, with what the frames covered of the file (`meta.coverage`). */
  readonly results: AnalysisResults;
  /** How it ended, for the user ("Analysed 20 frames of “clip.mp4”."). */
  readonly message: string;
}

/** Runs `job` to its end; a file that fails to decode midway ends as `'failed'` rather than throwing. */
export async function analyzeVideoFile(job: AnalysisJob): Promise<VideoAnalysisEnd> {
  const { video, results } = job;
  const analysed = () => `Analysed ${results.frames.length} frames of “${video.info.name}”`;
  try {
    const { status, coverage } = await analyzeWholeFile(job);
    if (status === 'cancelled') {
      const message = `Analysis cancelled; the ${results.frames.length} frames analysed before are kept.`;
      return { status, results, message };
    }
    const cut = describeCoverage(coverage);
    const message = cut
      ? `${analysed()}, but ${cut}.`
      : results.summary().length === 0
        ? `${analysed()}: no face was found in it.`
        : `${analysed()}.`;
    // The exports say it too: a cut file's results are not the whole file's.
    return { status, results: results.withMeta({ coverage }), message };
  } catch (error) {
    const at = results.frames.at(-1)?.mediaTime ?? 0;
    const message =
      `“${video.info.name}” could not be decoded after ${at.toFixed(2)} s (${errorMessage(error)}); ` +
      `the ${results.frames.length} frames analysed before are kept.`;
    return { status: 'failed', results, message };
  }
}
