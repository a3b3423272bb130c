// The library's recognizer as the session holds it: started once (startUp.ts), with one video session for the
// stage's frames and a file's. Until it has started, and once the page is left, nothing is analysed: a frame
// handed over then is closed here.

import type { EmotionRecognizer, FrameResult, VideoSession } from '../lib';

export class Engine {
  private recognizer: EmotionRecognizer | null = null;
  private video: VideoSession | null = null;
  private left = false;

  /** The recognizer, once started. */
  get current(): EmotionRecognizer | null {
    return this.recognizer;
  }

  /** The recognizer has started: frames go to a video session of it. False (and it is disposed) once left. */
  started(recognizer: EmotionRecognizer): boolean {
    if (this.left) {
      recognizer.dispose();
      return false;
    }
    this.recognizer = recognizer;
    this.video = recognizer.openVideoSession();
    return true;
  }

  /** One frame of the stage's video or of a file's analysis, handed over: the worker closes it. */
  analyzeFrame(image: ImageBitmap | VideoFrame, timestampMs: number): Promise<FrameResult> {
    if (!this.video) {
      image.close();
      return Promise.reject(new Error('face analysis has not started yet'));
    }
    return this.video.analyzeFrame(image, timestampMs, { transfer: true });
  }

  /** The faces are forgotten; `renumber`: the next is Face 1 (a new source or analysis). */
  resetFaces(renumber: boolean): void {
    this.video?.resetFaces({ renumber });
  }

  /** The page is left: the workers stop. */
  dispose(): void {
    this.left = true;
    this.recognizer?.dispose();
  }
}
