// Opening a file the user picked: checked first, so that one that cannot be used gets a message naming it and
// changes nothing; and only the latest open counts, so a slow check never replaces what was opened after it.

import { errorMessage } from '../../errorMessage';
import { PhotoFileError } from '../../video/photoFile';
import { VideoFileError } from '../../video/videoFile';
import type { AppState } from '../state/appState';
import { problem } from '../state/problem';
import type { Store } from '../state/store';

/** What a file that cannot be used leaves working, said after its reason. */
const FILE_STILL_WORKS = 'What was open stays open; try another file.';

export class FileOpening {
  /** Bumped whenever a source starts to open: a file checked after a newer open began is not used. */
  private latest = 0;

  constructor(private readonly state: Store<AppState>) {}

  /** Another source opens (the camera): a file still being checked will not replace it. */
  supersede(): void {
    this.latest += 1;
  }

  /**
   * Opens `file` with `open`; one that cannot be used gets a message naming it, and null. So does one whose
   * check ended after the user opened something else (the camera, another file): `release` frees it.
   */
  async check<T>(
    file: File,
    open: (file: File) => Promise<T>,
    release: (opened: T) => void = () => undefined,
  ): Promise<T | null> {
    const opening = ++this.latest;
    this.state.set({ fileError: null });
    try {
      const opened = await open(file);
      if (opening === this.latest) return opened;
      release(opened);
      return null;
    } catch (error) {
      const known = error instanceof VideoFileError || error instanceof PhotoFileError;
      const message = known ? error.message : `“${file.name}” cannot be opened.`;
      const detail = error instanceof VideoFileError ? error.detail : known ? undefined : errorMessage(error);
      if (opening === this.latest)
        this.state.set({ fileError: { ...problem(message, detail), advice: FILE_STILL_WORKS } });
      return null;
    }
  }
}
