// Which emotion model analyses: at start the one asked for, else the best on faces that are not FER2013; later the
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
    if (!option.load) throw new Error(option.unavailable ?? 'no spec');
    this.state.set({ status: `Loading ${option.name}…` });
    await this.analysis.loadModel(option.id, option.load);
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

/**
 * The order models are tried in at start: `preferred` first, then by balanced accuracy on the cross-dataset
 * dev set (lfw-expressions, on the card once measured: what users' own faces are like), then by FER2013
 * PrivateTest accuracy. A model without a dev-set figure comes after those with one.
 */
export function startOrder(models: readonly ModelOption[], preferred: string | undefined): ModelOption[] {
  const key = (m: ModelOption): [number, number, number] => [
    m.id === preferred ? 1 : 0,
    m.devAccuracy ?? -1,
    m.accuracy ?? -1,
  ];
  return [...models].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return kb[0] - ka[0] || kb[1] - ka[1] || kb[2] - ka[2];
  });
}
