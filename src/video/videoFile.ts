// Opens a dropped video file without reading it whole (mediabunny reads only the slices it needs), and
// turns every way a file can be unusable into a message that names the file and the reason.

import { ALL_FORMATS, BlobSource, Input, OggInputFormat, type InputVideoTrack } from 'mediabunny';
import { errorMessage } from '../errorMessage';

export interface VideoFileInfo {
  readonly name: string;
  readonly bytes: number;
  readonly durationSeconds: number;
  /** Average frames per second (from the packet timestamps). */
  readonly frameRate: number;
  /** Frames the file should hold, from its duration and frame rate (for progress and estimates). */
  readonly estimatedFrames: number;
  readonly width: number;
  readonly height: number;
  readonly codec: string;
}

export interface OpenedVideo {
  readonly file: File;
  readonly info: VideoFileInfo;
  readonly input: Input;
  readonly track: InputVideoTrack;
}

/** A file the app cannot use; `message` names the file and says why, `detail` is the reader's own words. */
export class VideoFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(`“${fileName}” cannot be opened: ${reason}.`);
    this.name = 'VideoFileError';
  }
}

/** A read that failed: the user-facing reason, and the parser's message for the details. */
class ReadStepError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

/** What the frame sources (analysis, export) need of an opened file; they open their own readers. */
export async function openVideoFile(file: File): Promise<OpenedVideo> {
  const fail = (reason: string): never => {
    throw new VideoFileError(file.name, reason);
  };
  if (file.size === 0) fail('the file is empty (0 bytes)');
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  try {
    if (!(await input.canRead()))
      fail('it is not a video file this app can read (MP4, MOV, WebM, MKV or Ogg), or it is damaged');
    const track = await readStep(
      input.getPrimaryVideoTrack(),
      'its header is damaged or the file is incomplete',
    );
    if (!track) return fail(await whyNoVideoTrack(input));
    const codec = await track.getCodec();
    if (!codec) fail('its video codec is not one a browser can decode (for example Theora or MPEG-4 Part 2)');
    if (!(await track.canDecode()))
      fail(
        `its video is ${codecName(codec ?? '')}, which this browser cannot decode; convert it to H.264 or VP9`,
      );
    const [duration, stats, width, height] = await readStep(
      Promise.all([
        input.computeDuration([track]),
        track.computePacketStats(120),
        track.getDisplayWidth(),
        track.getDisplayHeight(),
      ]),
      'its frame index is damaged or the file is incomplete',
    );
    if (!(duration > 0) || stats.packetCount === 0) fail('it holds no video frames');
    const frameRate = stats.averagePacketRate > 0 ? stats.averagePacketRate : 30;
    return {
      file,
      input,
      track,
      info: {
        name: file.name,
        bytes: file.size,
        durationSeconds: duration,
        frameRate,
        estimatedFrames: Math.max(1, Math.round(duration * frameRate)),
        width,
        height,
        codec: codecName(codec ?? ''),
      },
    };
  } catch (error) {
    input.dispose();
    if (error instanceof VideoFileError) throw error;
    if (error instanceof ReadStepError) throw new VideoFileError(file.name, error.reason, error.detail);
    throw new VideoFileError(file.name, 'it could not be read', errorMessage(error));
  }
}

/**
 * No track at all in a file that parsed: tracks of codecs the reader does not know are skipped, so in an
 * Ogg file (no index to lose) that means an unsupported codec such as Theora; in MP4/MOV, WebM or MKV it
 * means the index is missing, typically a file cut off before its end.
 */
async function whyNoVideoTrack(input: Input): Promise<string> {
  if ((await input.getTracks()).length > 0) return 'it has no video track (sound only?)';
  return (await input.getFormat()) instanceof OggInputFormat
    ? 'its video codec (for example Theora) is not one a browser can decode'
    : 'it holds no readable track: the file is damaged or incomplete (cut off before its index?)';
}

/** Awaits a read, turning a parser exception into the user-facing reason given. */
async function readStep<T>(pending: Promise<T>, reason: string): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    throw new ReadStepError(reason, errorMessage(error));
  }
}

const CODEC_NAMES: Record<string, string> = {
  avc: 'H.264',
  hevc: 'HEVC (H.265)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
};

function codecName(codec: string): string {
  return CODEC_NAMES[codec] ?? codec;
}
