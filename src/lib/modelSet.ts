// A recognizer's models: the manifest's list, the one in use, and those that failed to load here (unavailable
// from then on, with the loader's words); which one it starts with, and a switch that keeps the one in use
// when the next fails.

import { errorMessage } from '../errorMessage';
import type { ModelLoad } from '../worker/protocol';
import { RecognizerError } from './errors';
import { modelInfo, startOrder, type ModelOption } from './models';
import type { ModelInfo } from './types';

/** The model in use: its entry of the manifest, with its spec (labels, input size). */
export type LoadedModel = ModelOption & Required<Pick<ModelOption, 'spec'>>;

/** What loading a model needs of its recognizer. */
export interface ModelLoader {
  /** The model into the worker; rejects with the loader's words. */
  load(id: string, files: ModelLoad): Promise<void>;
  status(text: string): void;
  /** Why the recognizer cannot be used any more (its worker died): a load that fails then fails for that. */
  closed(): RecognizerError | null;
  /** A failed load as the error the caller gets (it says which folders to check). */
  failure(what: string, error: unknown): RecognizerError;
  /** The manifest's URL, for a model it does not list. */
  readonly manifestUrl: string;
}

export class ModelSet {
  /** Why a model failed to load here, by id. */
  private readonly failures = new Map<string, string>();
  private inUse: LoadedModel | null = null;

  constructor(
    private readonly options: readonly ModelOption[],
    private readonly loader: ModelLoader,
  ) {}

  /** The model in use; null until one has loaded. */
  get current(): LoadedModel | null {
    return this.inUse;
  }

  /** Every model of the manifest, as a developer sees it. */
  get infos(): ModelInfo[] {
    return this.options.map((option) => modelInfo(option, this.failures.get(option.id)));
  }

  /**
   * Loads `asked` (only it, unless `fallback`), else the first that loads in the default order (startOrder).
   * Rejects when none does, or `asked` alone fails.
   */
  async loadFirst(asked: string | undefined, fallback: boolean): Promise<void> {
    if (asked !== undefined && !fallback) return this.select(asked);
    const reasons: string[] = [];
    for (const option of startOrder(this.options, asked)) {
      try {
        return await this.load(option);
      } catch (error) {
        const closed = this.loader.closed();
        if (closed) throw closed;
        reasons.push(`${option.name}: ${this.failures.get(option.id) ?? errorMessage(error)}`);
      }
    }
    throw new RecognizerError(
      'model-unavailable',
      `no emotion model could be loaded (${reasons.join('; ')})`,
    );
  }

  /** Switches to model `id`; if it fails, the one in use stays and the promise rejects. */
  select(id: string): Promise<void> {
    const option = this.options.find((m) => m.id === id);
    if (!option) {
      const known = this.options.map((m) => `'${m.id}'`).join(', ');
      const where = this.loader.manifestUrl;
      return Promise.reject(
        new RecognizerError('unknown-model', `there is no model '${id}' in ${where}; it lists ${known}`),
      );
    }
    return this.load(option);
  }

  private async load(option: ModelOption): Promise<void> {
    const unavailable = this.failures.get(option.id) ?? option.unavailable;
    if (!option.load || !option.spec || unavailable !== undefined)
      throw new RecognizerError(
        'model-unavailable',
        `${option.name} cannot be used: ${unavailable ?? 'no spec'}`,
      );
    this.loader.status(`Loading ${option.name}…`);
    try {
      await this.loader.load(option.id, option.load);
    } catch (error) {
      const closed = this.loader.closed();
      if (closed) throw closed;
      this.failures.set(option.id, errorMessage(error));
      throw this.loader.failure(`${option.name} could not be loaded`, error);
    }
    this.inUse = { ...option, spec: option.spec };
  }
}
