// Which emotion model analyses: at start the one asked for, else the most accurate on its card; later the
// user's choice, swapped in the worker between frames. A model that fails to load is marked unavailable
// with its reason, and the one in use (or the next candidate) goes on.

import type { AnalysisClient } from './analysisClient';
import type { AppState } from './appState';
import type { ModelOption, ModelRef } from './models';
import type { Store } from './store';

export class ModelChoice {
  constructor(
    private readonly state: Store<AppState>,
    private readonly analysis: AnalysisClient,
  ) {}

  /** Loads the first model that works of `models`: `preferred` first, then by accuracy; throws when none does. */
  async loadFirst(models: readonly ModelOption[], preferred: string | undefined): Promise<void> {
    this.state.set({ models });
    const rank = (m: ModelOption) => (m.id === preferred ? 2 : 0) + (m.accuracy ?? 0);
    for (const option of [...models].sort((a, b) => rank(b) - rank(a))) {
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

  /** Switches to model `id`; true when it is now the one in use (false: unknown, unavailable, failed, or already it). */
  async select(id: string): Promise<boolean> {
    const option = this.state.get().models.find((m) => m.id === id);
    if (!option || option.unavailable || id === this.state.get().selectedModel) return false;
    this.state.set({ modelLoading: true, notice: null });
    try {
      // The worker swaps models between frames and disposes the old one after the frame in flight.
      await this.load(option);
      this.state.set({ selectedModel: id });
      return true;
    } catch (error) {
      this.markUnavailable(id, error);
      return false;
    } finally {
      this.state.set({ modelLoading: false });
    }
  }

  /** The model that analyses, with its label order. */
  current(): ModelRef | null {
    const m = this.state.get().models.find((o) => o.id === this.state.get().selectedModel);
    return m?.spec ? { id: m.id, name: m.name, labels: m.spec.labels } : null;
  }

  private async load(option: ModelOption): Promise<void> {
    if (!option.spec) throw new Error(option.unavailable ?? 'no spec');
    this.state.set({ status: `Loading ${option.name}…` });
    await this.analysis.loadModel(option.id, option.modelUrl, option.spec);
  }

  private markUnavailable(id: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    const models = this.state.get().models.map((m) => (m.id === id ? { ...m, unavailable: reason } : m));
    const name = models.find((m) => m.id === id)?.name ?? id;
    const previous = models.find((m) => m.id === this.state.get().selectedModel)?.name;
    this.state.set({
      models,
      notice: `${name} could not be loaded (${reason})${previous ? `; still using ${previous}` : ''}.`,
    });
  }
}
