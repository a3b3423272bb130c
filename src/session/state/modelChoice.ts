// Which emotion model analyses: at start the one the recognizer started with (the one asked for, else the best on
// faces that are not FER2013; lib's modelFallback), later the user's choice, swapped in the worker between frames.
// A model that fails to load is marked unavailable by the recognizer, with its reason, and the one in use goes on.

import type { EmotionRecognizer } from '../../lib';
import type { ModelRef } from '../../video/results';
import type { AppState } from './appState';
import type { Store } from './store';

export class ModelChoice {
  /** The latest choice not yet loaded, and whether a load is in flight. */
  private wanted: string | null = null;
  private loading = false;

  constructor(
    private readonly state: Store<AppState>,
    /** The recognizer, once started. */
    private readonly recognizer: () => EmotionRecognizer | null,
  ) {}

  /** The recognizer has started: its models (those that failed to load marked) and the one it loaded. */
  started(recognizer: EmotionRecognizer): void {
    this.state.set({ models: recognizer.models, selectedModel: recognizer.model.id });
  }

  /**
   * Switches to model `id`; true when it (or a model chosen while it loaded) is now the one in use (false:
   * unknown, unavailable, failed, already it, or left to the load in flight). The menu stays usable while a
   * model loads, so that focus and the arrow keys stay in it: a choice made meanwhile is loaded next, and
   * only the latest one.
   */
  async select(id: string): Promise<boolean> {
    const recognizer = this.recognizer();
    if (!recognizer || (!this.loading && id === this.state.get().selectedModel)) return false;
    this.wanted = id;
    // The menu shows the choice at once, also one made while another model loads.
    this.state.set({ modelLoading: true, loadingModel: id });
    if (this.loading) return false; // the loop below picks the latest choice up
    this.loading = true;
    let changed = false;
    try {
      for (let next = this.take(); next !== null; next = this.take()) {
        const option = this.state.get().models.find((m) => m.id === next);
        if (!option || option.unavailable || next === this.state.get().selectedModel) continue;
        try {
          // The worker swaps models between frames and disposes the old one after the frame in flight.
          await recognizer.setModel(next);
          this.state.set({ selectedModel: next });
          changed = true;
        } catch {
          // The recognizer marks the model unavailable with the loader's reason: the page says so once.
        }
        this.state.set({ models: recognizer.models });
      }
    } finally {
      this.loading = false;
      this.state.set({ modelLoading: false, loadingModel: null });
    }
    return changed;
  }

  /** The choice still to load, once. */
  private take(): string | null {
    const next = this.wanted;
    this.wanted = null;
    return next;
  }

  /** The model that analyses, with its label order. */
  current(): ModelRef | null {
    const m = this.state.get().models.find((o) => o.id === this.state.get().selectedModel);
    return m?.labels ? { id: m.id, name: m.name, labels: m.labels } : null;
  }
}
