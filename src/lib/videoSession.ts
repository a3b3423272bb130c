// A recognizer's video session: a stream's frames straight to the analysis worker, as the app's live view
// and whole-file analysis send them. Nothing on the way but the checks: no queue behind the recognizer's
// other calls, no copy of a frame handed over, several frames in flight (the worker answers in order).

import type { FrameResult } from '../pipeline/frameResult';
import type { FrameImage } from '../worker/protocol';
import { RecognizerError } from './errors';
import { bitmapOf } from './input';
import { show } from './options';
import type { FrameOptions, ImageInput, VideoSession } from './types';

/** What a session needs of its recognizer. */
export interface SessionHost {
  /** The frame to the worker, which takes ownership of it; `time` in seconds. */
  analyzeFrame(image: FrameImage, time: number): Promise<FrameResult>;
  resetTracks(renumber: boolean): void;
  /** Why the recognizer can no longer be used (disposed, its worker died), or null. */
  unusable(): RecognizerError | null;
  /** A failed call's error as the recognizer reports it (a RecognizerError). */
  failure(error: unknown): RecognizerError;
}

const handedOver = (frame: unknown): frame is FrameImage =>
  (typeof ImageBitmap !== 'undefined' && frame instanceof ImageBitmap) ||
  (typeof VideoFrame !== 'undefined' && frame instanceof VideoFrame);

export class WorkerVideoSession implements VideoSession {
  private closed = false;
  /** The last frame's way to the worker: frames are sent in the order given, a copy once it is made. */
  private sending: Promise<unknown> = Promise.resolve();

  constructor(private readonly host: SessionHost) {}

  analyzeFrame(frame: ImageInput, timestampMs: number, options: FrameOptions = {}): Promise<FrameResult> {
    const transfer = options.transfer === true && handedOver(frame);
    const refused = this.refusal(timestampMs);
    if (refused) {
      if (transfer) frame.close(); // ours to close, as promised
      return Promise.reject(refused);
    }
    // A handed-over frame goes as it is; any other is copied now (an image not loaded yet is refused).
    const image: Promise<FrameImage> = transfer ? Promise.resolve(frame) : bitmapOf(frame);
    image.catch(() => undefined); // its failure is the call's, reported below, not an unhandled rejection
    // Sent in turn, but not awaited in turn: the answer is wrapped so that the next frame need not wait for it.
    const sent = this.sending
      .then(() => image)
      .then((ready) => ({ answer: this.host.analyzeFrame(ready, timestampMs / 1000) }));
    this.sending = sent.catch(() => undefined);
    return sent
      .then(({ answer }) => answer)
      .catch((error: unknown) => {
        throw this.host.failure(error);
      });
  }

  resetFaces(options: { readonly renumber?: boolean } = {}): void {
    if (!this.closed && !this.host.unusable()) this.host.resetTracks(options.renumber === true);
  }

  close(): void {
    this.closed = true;
  }

  /** Why this frame cannot be analysed, or null. */
  private refusal(timestampMs: unknown): RecognizerError | null {
    const unusable = this.host.unusable();
    if (unusable) return unusable;
    if (this.closed)
      return new RecognizerError(
        'session-closed',
        'this video session was closed (by close(), another openVideoSession() or analyzeVideo()); open a new one',
      );
    if (typeof timestampMs !== 'number' || !Number.isFinite(timestampMs))
      return new RecognizerError(
        'invalid-input',
        `analyzeFrame() takes the frame's time in milliseconds as a finite number; got ${show(timestampMs)}`,
      );
    return null;
  }
}
