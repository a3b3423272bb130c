// Changing the settings: each change is validated, stored for the next visit and applied now; those the
// recognizer reads (detector range, confidence, smoothing window) are sent to it, and restored if it refuses.

import type { EmotionRecognizer } from '../../lib';
import { errorMessage } from '../../errorMessage';
import type { AppState } from './appState';
import { clearSettings, DEFAULT_SETTINGS, saveSettings, settingProblem, type Settings } from './settings';
import type { Store } from './store';

export class SettingsControl {
  constructor(
    private readonly state: Store<AppState>,
    /** The recognizer, once started. */
    private readonly recognizer: () => EmotionRecognizer | null,
    private readonly storage: Storage | null,
    /** The worker restarts its tracks when its settings change. */
    private readonly onTracksReset: () => void,
  ) {}

  /** Returns whether the worker now analyses under other settings (false: refused, or drawing only). */
  async update<K extends keyof Settings>(key: K, value: Settings[K]): Promise<boolean> {
    const problem = settingProblem(key, value);
    if (!problem) return this.apply({ ...this.state.get().settings, [key]: value });
    this.state.set({ settingsMessage: problem });
    return false;
  }

  /** As `update`, for a return to the defaults. */
  async reset(): Promise<boolean> {
    clearSettings(this.storage);
    return this.apply(DEFAULT_SETTINGS, false);
  }

  private async apply(next: Settings, store = true): Promise<boolean> {
    const previous = this.state.get().settings;
    this.state.set({ settings: next, settingsMessage: null });
    if (store) saveSettings(this.storage, next);
    const workerSide = (['detectorRange', 'minConfidence', 'windowLength'] as const).some(
      (k) => next[k] !== previous[k],
    );
    if (!workerSide) return false;
    this.onTracksReset();
    try {
      const recognizer = this.recognizer();
      if (!recognizer) throw new Error('face analysis has not started yet');
      await recognizer.setOptions({
        detectorRange: next.detectorRange,
        minConfidence: next.minConfidence,
        windowLength: next.windowLength,
      });
      return true;
    } catch (error) {
      this.state.set({
        settings: previous,
        settingsMessage: `The setting could not be applied (${errorMessage(error)}).`,
      });
      return false;
    }
  }
}
