// The model catalogue: reads the model manifest and each model's spec and card, and what the worker loads for
// each; a broken model is listed as unavailable, with why. An ensemble is listed from its members: usable when
// every member is and their specs agree. Which model a recognizer starts with (startOrder) is decided here too.

import {
  ensembleSpec,
  parseCard,
  parseEnsembleCard,
  parseManifest,
  parseSpec,
  type EnsembleCard,
  type EnsembleEntry,
  type ModelSpec,
  type SingleModelEntry,
} from '../pipeline/modelSpec';
import type { ModelLoad } from '../worker/protocol';
import type { ModelInfo } from './types';
import { errorMessage } from '../errorMessage';

export interface ModelOption {
  readonly id: string;
  readonly name: string;
  /** Present when the model's files are usable. */
  readonly spec?: ModelSpec;
  /** What the worker loads; present with `spec`. */
  readonly load?: ModelLoad;
  /** PrivateTest accuracy from the model card, 0..1 (an ensemble's: once measured). */
  readonly accuracy?: number;
  /** Balanced accuracy on the lfw-expressions dev set from the card, 0..1, once measured. */
  readonly devAccuracy?: number;
  /** FER2013-C mean accuracy over corruptions ÷ clean, from the card, once measured. */
  readonly robustness?: number;
  /** Weights to download (an ensemble's: its members'). */
  readonly sizeBytes?: number;
  /** Why the model cannot be used, for the UI. */
  readonly unavailable?: string;
  /** An ensemble: every member classifies each face, so a frame's classification costs the sum of theirs. */
  readonly ensemble?: true;
}

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${url} is not valid JSON`);
  }
}

/** The manifest's models in its order; single models are read first, as ensembles are made of them. */
export async function listModels(modelsBaseUrl: string): Promise<ModelOption[]> {
  const entries = parseManifest(await fetchJson(`${modelsBaseUrl}manifest.json`));
  const singles = await Promise.all(
    entries
      .filter((e): e is SingleModelEntry => e.kind === 'single')
      .map((e) => singleOption(modelsBaseUrl, e)),
  );
  const listed = await Promise.all(
    entries.map((e) =>
      e.kind === 'ensemble' ? ensembleOption(modelsBaseUrl, e, singles) : singles.find((s) => s.id === e.id),
    ),
  );
  return listed.filter((o): o is ModelOption => o !== undefined);
}

async function singleOption(modelsBaseUrl: string, entry: SingleModelEntry): Promise<ModelOption> {
  const folder = `${modelsBaseUrl}${entry.path}/`;
  const named = { id: entry.id, name: entry.name };
  try {
    const [spec, card] = await Promise.all([
      fetchJson(`${folder}spec.json`).then((j) => parseSpec(j, `${entry.path}/spec.json`)),
      fetchJson(`${folder}card.json`).then((j) => parseCard(j, `${entry.path}/card.json`)),
    ]);
    const load = {
      members: [{ name: entry.name, modelUrl: `${folder}model.json`, spec }],
      flipAverage: false,
    };
    return { ...named, spec, load, ...figures(card), sizeBytes: card.file_bytes };
  } catch (error) {
    return { ...named, unavailable: errorMessage(error) };
  }
}

async function ensembleOption(
  modelsBaseUrl: string,
  entry: EnsembleEntry,
  singles: readonly ModelOption[],
): Promise<ModelOption> {
  const named = { id: entry.id, name: entry.name, ensemble: true as const };
  try {
    const spec = ensembleSpec(entry, singles); // throws unless every member is listed, usable and agrees
    const members = entry.members.flatMap((id) => singles.filter((s) => s.id === id));
    const where = `${entry.path}/card.json`;
    const card = parseEnsembleCard(await fetchJson(`${modelsBaseUrl}${where}`), where);
    const sizes = members.map((m) => m.sizeBytes);
    const load = { members: members.flatMap((m) => m.load?.members ?? []), flipAverage: entry.flipAverage };
    return {
      ...named,
      spec,
      load,
      ...figures(card),
      ...(sizes.every((s) => s !== undefined) ? { sizeBytes: sizes.reduce((a, b) => a + b, 0) } : {}),
    };
  } catch (error) {
    return { ...named, unavailable: errorMessage(error) };
  }
}

/** The card's figures that the menu shows; one not measured yet is absent, never guessed. */
function figures(card: EnsembleCard): Pick<ModelOption, 'accuracy' | 'devAccuracy' | 'robustness'> {
  return {
    ...(card.private_test_accuracy !== undefined ? { accuracy: card.private_test_accuracy } : {}),
    ...(card.lfw_expressions ? { devAccuracy: card.lfw_expressions.balanced_accuracy } : {}),
    ...(card.fer2013_c ? { robustness: card.fer2013_c.relative } : {}),
  };
}

/** Issue 19: the model a camera starts with keeps at least this share of its clean accuracy on FER2013-C. */
export const START_ROBUSTNESS = 0.9;

/**
 * The order models are tried in at start: `preferred` first, then single models before ensembles, then those
 * that hold up under a webcam's corruptions (FER2013-C ≥ START_ROBUSTNESS × clean) before those that do not or
 * were not measured, then by balanced accuracy on the cross-dataset dev set (lfw-expressions, on the card once
 * measured: what users' own faces are like), then by FER2013 PrivateTest accuracy. A model without a dev-set
 * figure comes after those with one. An ensemble starts only when asked or when no single model loads: it
 * classifies each face with every member, which misses the frame-time targets that the model a camera starts
 * with must hold (README, "Which model starts").
 */
export function startOrder(models: readonly ModelOption[], preferred: string | undefined): ModelOption[] {
  const key = (m: ModelOption): number[] => [
    m.id === preferred ? 1 : 0,
    m.ensemble ? 0 : 1,
    (m.robustness ?? 0) >= START_ROBUSTNESS ? 1 : 0,
    m.devAccuracy ?? -1,
    m.accuracy ?? -1,
  ];
  return [...models].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka.reduce((order, value, i) => order || (kb[i] ?? 0) - value, 0);
  });
}

/** The public view of `option`: `loadFailure` (why it failed to load here) makes it unavailable. */
export function modelInfo(option: ModelOption, loadFailure: string | undefined): ModelInfo {
  const unavailable = loadFailure ?? option.unavailable;
  return {
    id: option.id,
    name: option.name,
    ...(option.spec ? { labels: option.spec.labels } : {}),
    ...(unavailable !== undefined ? { unavailable } : {}),
    ...(option.accuracy !== undefined ? { accuracy: option.accuracy } : {}),
    ...(option.devAccuracy !== undefined ? { devAccuracy: option.devAccuracy } : {}),
    ...(option.sizeBytes !== undefined ? { sizeBytes: option.sizeBytes } : {}),
  };
}
