// Reads the model manifest and each model's spec and card; a broken model is listed as unavailable, with why.

import { parseCard, parseManifest, parseSpec, type ModelSpec } from '../pipeline/modelSpec';

export interface ModelOption {
  readonly id: string;
  readonly name: string;
  readonly modelUrl: string;
  /** Present when the model's files are usable. */
  readonly spec?: ModelSpec;
  /** PrivateTest accuracy from the model card, 0..1. */
  readonly accuracy?: number;
  readonly sizeBytes?: number;
  /** Why the model cannot be used, for the UI. */
  readonly unavailable?: string;
}

/** The model that labels a frame, a file's analysis or a recording, with its label order. */
export interface ModelRef {
  readonly id: string;
  readonly name: string;
  readonly labels: readonly string[];
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

export async function listModels(modelsBaseUrl: string): Promise<ModelOption[]> {
  const entries = parseManifest(await fetchJson(`${modelsBaseUrl}manifest.json`));
  return Promise.all(
    entries.map(async (entry): Promise<ModelOption> => {
      const folder = `${modelsBaseUrl}${entry.path}/`;
      const base = { id: entry.id, name: entry.name, modelUrl: `${folder}model.json` };
      try {
        const [spec, card] = await Promise.all([
          fetchJson(`${folder}spec.json`).then((j) => parseSpec(j, `${entry.path}/spec.json`)),
          fetchJson(`${folder}card.json`).then((j) => parseCard(j, `${entry.path}/card.json`)),
        ]);
        return { ...base, spec, accuracy: card.private_test_accuracy, sizeBytes: card.file_bytes };
      } catch (error) {
        return { ...base, unavailable: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** "VGG — 68.1% · 1.3 MB" for the dropdown. */
export function describeModel(option: ModelOption): string {
  if (option.unavailable) return `${option.name} — unavailable`;
  const acc = option.accuracy !== undefined ? `${(option.accuracy * 100).toFixed(1)}%` : '?';
  const size = option.sizeBytes !== undefined ? `${(option.sizeBytes / 1e6).toFixed(1)} MB` : '?';
  return `${option.name} — ${acc} · ${size}`;
}
