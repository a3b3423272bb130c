// A photo on the stage: analysed once with the current model and settings, and again when either
// changes, so its labels follow the dropdown as a live source's do. Only the latest analysis is shown.

import type { FrameResult } from '../../lib';
import { errorMessage } from '../../errorMessage';
import { problem, type Problem } from '../state/problem';
import { Store } from '../state/store';

export interface PhotoSourceDeps {
  /** The photo through the whole pipeline with fresh tracks (the caller's bitmap stays usable). */
  readonly analyze: (bitmap: ImageBitmap) => Promise<FrameResult>;
  /** Whether a model is loaded; until then the photo waits (the session analyses it once ready). */
  readonly ready: () => boolean;
  readonly show: (result: FrameResult) => void;
  /** The analysis failed: `problem` names the photo, says why and what still works. */
  readonly fail: (problem: Problem) => void;
  /** The open photo's name, for the message. */
  readonly name: () => string | undefined;
}

export class PhotoSource {
  /** The photo shown, at the size analysed; null when no photo is open. */
  readonly state = new Store<{ bitmap: ImageBitmap | null }>({ bitmap: null });
  /** Bumped whenever the photo changes or a new analysis starts: a late result of an older one is dropped. */
  private run = 0;

  constructor(private readonly deps: PhotoSourceDeps) {}

  get bitmap(): ImageBitmap | null {
    return this.state.get().bitmap;
  }

  open(bitmap: ImageBitmap): void {
    this.close();
    this.state.set({ bitmap });
  }

  close(): void {
    this.run += 1;
    this.state.get().bitmap?.close();
    this.state.set({ bitmap: null });
  }

  /**
   * Analyses the open photo (again) and returns what is shown; null when there is no photo, no model is
   * loaded yet, the analysis failed (said through `fail`) or a newer one replaced it.
   */
  async analyse(): Promise<FrameResult | null> {
    const bitmap = this.bitmap;
    if (!bitmap || !this.deps.ready()) return null;
    const run = ++this.run;
    try {
      const result = await this.deps.analyze(bitmap);
      if (run !== this.run) return null;
      this.deps.show(result);
      return result;
    } catch (error) {
      if (run !== this.run) return null;
      const name = this.deps.name() ?? 'The photo';
      const advice = 'Try it again or open another photo; the camera and video files still work.';
      this.deps.fail({ ...problem(`“${name}” could not be analysed.`, errorMessage(error)), advice });
      return null;
    }
  }
}
