// Which emotion model analyses: at start the one asked for, else the best on faces that are not FER2013; later the
// user's choice, swapped in the worker between frames. A model that fails to load is marked unavailable
// with its reason, and the one in use (or the next candidate) goes on.

import {
  type AnalysisClient,
  type ModelOption,
  type ModelRef,
  errorMessage,
  startOrder,
} from '../../lib/internal';
import type { AppState } from './appState';
import type { Store } from './store';

export class ModelChoice {
  /** The latest choice not yet loaded, and whether a load is in flight. */
  private wanted: string | null = null;
  private loading = false;

  constructor(
    private readonly state: Store<AppState>,
    private readonly analysis: AnalysisClient,
  ) {}

  /** Loads the first model that works of `models` (`startOrder`); throws when none does. */
  async loadFirst(models: readonly ModelOption[], preferred: string | undefined): Promise<void> {
    this.state.set({ models });
    for (const option of startOrder(models, preferred)) {
      if (option.unavailable) continue;
      try {
        await this.load(option);
        this.state.set({ selectedModel: option.id });
        return;
      } catch (error) {
        this.markUnavailable(option.id, error);
      }
    }
    const why = this.state.get().models.map((m) => `${m.name}: ${m.unavailable}`);
    throw new Error(`no emotion model could be loaded (${why.join('; ')})`);
  }

  /**
   * Switches to model `id`; true when it (or a model chosen while it loaded) is now the one in use (false:
   * unknown, unavailable, failed, already it, or left to the load in flight). The menu stays usable while a
   * model loads, so that focus and the arrow keys stay in it: a choice made meanwhile is loaded next, and
   * only the latest one.
   */
  async select(id: string): Promise<boolean> {
    if (!this.loading && id === this.state.get().selectedModel) return false;
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
          await this.load(option);
          this.state.set({ selectedModel: next });
          changed = true;
        } catch (error) {
          this.markUnavailable(next, error);
        }
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
    return m?.spec ? { id: m.id, name: m.name, labels: m.spec.labels } : null;
  }

  private async load(option: ModelOption): Promise<void> {
    if (!option.load) throw new Error(option.unavailable ?? 'no spec');
    this.state.set({ status: `Loading ${option.name}…` });
    await this.analysis.loadModel(option.id, option.load);
  }

  /** The page says so once, from the model list (modelProblem); the reason is its detail. */
  private markUnavailable(id: string, error: unknown): void {
    const reason = errorMessage(error);
    const models = this.state.get().models.map((m) => (m.id === id ? { ...m, unavailable: reason } : m));
    this.state.set({ models });
  }
}
