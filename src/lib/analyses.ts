// What the recognizer's analyses resolve with, beyond a video session's frames: one image's friendly view, and
// whole files through the worker, a video's every n-th frame and photos one after the other. Files run the app's
// own runners (video/videoAnalysis.ts, video/photoTable.ts), and a video's frames go through a video session as
// the app's do, so the tables and their CSV/JSON are the app's, byte for byte.

import { errorMessage } from '../errorMessage';
import type { FrameResult } from '../pipeline/frameResult';
import { resultsToCsv, resultsToJson } from '../video/exporters';
import { openPhotoFile, PhotoFileError } from '../video/photoFile';
import {
  photoRow,
  photoRowsToCsv,
  photoRowsToJson,
  type LabelPhoto,
  type PhotoRow,
} from '../video/photoTable';
import { validateFrameStep, type ModelRef } from '../video/results';
import { analyzeVideoFile, videoResults } from '../video/videoAnalysis';
import { openVideoFile, VideoFileError } from '../video/videoFile';
import { RecognizerError } from './errors';
import { OPTION_LIMITS, show } from './options';
import type { AnalyzeVideoOptions, ImageAnalysis, PhotoAnalysis, VideoAnalysis, VideoSession } from './types';

/** The version written into every export, as the app writes its own (package.json's). */
const VERSION = __APP_VERSION__;

/** What a file job uses of its recognizer. */
export interface FileHost {
  /** A video session for the job's frames: its faces numbered from 1 (any other session is closed). */
  readonly openSession: () => VideoSession;
  /** One still through the worker, which takes ownership of the bitmap. */
  readonly analyzeStill: (bitmap: ImageBitmap) => Promise<FrameResult>;
  /** The model in use when the job starts. */
  readonly model: ModelRef;
}

/** Why analyzeVideo() cannot take these arguments, or null. */
export function videoArgumentsProblem(file: unknown, options: AnalyzeVideoOptions): RecognizerError | null {
  const every = options.every ?? OPTION_LIMITS.every.default;
  const invalidStep = validateFrameStep(every);
  if (invalidStep) return new RecognizerError('invalid-option', `${invalidStep} Got ${show(every)}.`);
  if (!isFile(file))
    return new RecognizerError('invalid-input', `analyzeVideo() takes a File; got ${show(file)}`);
  return null;
}

/** Why analyzePhotos() cannot take these files, or null. */
export function photosArgumentsProblem(files: unknown): RecognizerError | null {
  return Array.isArray(files) && files.every(isFile)
    ? null
    : new RecognizerError('invalid-input', `analyzePhotos() takes an array of Files; got ${show(files)}`);
}

/** `file`'s every n-th frame, with faces numbered from 1 (and none of them left behind). */
export async function videoAnalysis(
  host: FileHost,
  file: File,
  options: AnalyzeVideoOptions,
): Promise<VideoAnalysis> {
  const every = options.every ?? OPTION_LIMITS.every.default;
  const video = await openVideoFile(file).catch((error: unknown) => {
    if (error instanceof VideoFileError)
      throw new RecognizerError('unreadable-file', error.message, { cause: error });
    throw error;
  });
  const signal = options.signal ?? new AbortController().signal;
  const session = host.openSession();
  try {
    const { status, results, message } = await analyzeVideoFile({
      video,
      step: every,
      results: videoResults(video, host.model, every, VERSION),
      // The decoder's frames are handed over, their times in ms: the app's whole-file analysis sends them so.
      analyze: (image, time) => session.analyzeFrame(image, time * 1000, { transfer: true }),
      onProgress: (progress) => {
        if (!signal.aborted) options.onProgress?.(progress);
      },
      signal,
    });
    return {
      outcome: status,
      message,
      meta: results.meta,
      frames: results.frames,
      summary: results.summary(),
      toCsv: () => resultsToCsv(results),
      toJson: () => resultsToJson(results),
    };
  } finally {
    session.resetFaces({ renumber: true });
    session.close();
    video.input.dispose(); // releases the file's reader
  }
}

/** `files` labelled in turn; one that cannot be read or analysed gets a row with the reason. */
export async function photoAnalysis(host: FileHost, files: readonly File[]): Promise<PhotoAnalysis> {
  const label = labelPhoto(host.analyzeStill);
  const rows: PhotoRow[] = [];
  for (const file of files) rows.push(await photoRow(file, label));
  const table = { rows, model: host.model };
  return {
    rows,
    labels: host.model.labels,
    toCsv: () => photoRowsToCsv(table, VERSION),
    toJson: () => photoRowsToJson(table, VERSION),
  };
}

/** As the app labels a photo it opens: decoded (EXIF orientation applied), scaled to at most 4096 px. */
function labelPhoto(analyzeStill: FileHost['analyzeStill']): LabelPhoto {
  return async (file) => {
    const { bitmap, info } = await openPhotoFile(file);
    try {
      // Handed over, not copied: nothing here shows it (the app's photo source, which does, sends a copy).
      const result = await analyzeStill(bitmap);
      return { width: info.width, height: info.height, result };
    } catch (error) {
      if (error instanceof PhotoFileError) throw error;
      throw new Error(`“${file.name}” could not be analysed: ${errorMessage(error)}.`, { cause: error });
    } finally {
      bitmap.close(); // no-op once handed over; frees it if the worker never took it
    }
  };
}

function isFile(value: unknown): value is File {
  return typeof File !== 'undefined' && value instanceof File;
}

/** One image's faces as a developer reads them (labels by name), with the frame result behind them. */
export function imageAnalysis(result: FrameResult): ImageAnalysis {
  return {
    faces: result.faces.map((face) => ({
      trackId: face.trackId,
      box: { x: face.box.x, y: face.box.y, width: face.box.width, height: face.box.height },
      detectionScore: face.detectionScore,
      label: face.smoothedLabel,
      confidence: face.smoothedConfidence,
      probabilities: Object.fromEntries(result.labels.map((label, i) => [label, face.probabilities[i] ?? 0])),
    })),
    skippedFaces: result.skippedFaces,
    labels: result.labels,
    width: result.frameWidth,
    height: result.frameHeight,
    frameResult: result,
  };
}
