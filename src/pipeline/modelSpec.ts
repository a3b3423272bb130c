// The contract between training and the app: the manifest of models, each model's spec and card.
// Python writes these files next to the weights (training/export_tfjs.py); this module reads and checks them.

import type { DetectorRange } from './faceDetector';
import type { CropFraming } from './geometry';

export interface ModelSpec {
  /** Side of the square grey input, in pixels (48 for FER2013). */
  readonly inputSize: number;
  /** Class names in the order of the model's outputs. */
  readonly labels: readonly string[];
  /** RGB → grey weights used for training data. */
  readonly greyWeights: readonly [number, number, number];
  /** input = (grey * scale - mean) / std */
  readonly normalisation: { readonly scale: number; readonly mean: number; readonly std: number };
  /** Whether the model outputs logits (softmax applied by the app) or probabilities. */
  readonly output: 'logits' | 'probabilities';
  /** How FER2013 frames a face relative to each detector's box (measured: scripts/measure-framing.mjs). */
  readonly cropFraming: Readonly<Record<DetectorRange, CropFraming>>;
}

/** The measured figures the UI shows; the full card has more (confusion matrix, recipe, command). */
export interface ModelCard {
  readonly name: string;
  readonly private_test_accuracy: number;
  readonly file_bytes: number;
  readonly parameters: number;
}

export interface ManifestEntry {
  readonly id: string;
  readonly name: string;
  /** Folder under the manifest's folder holding model.json, spec.json and card.json. */
  readonly path: string;
}

/** Thrown when a model's files are missing or do not match what the app needs; `message` is for the user. */
export class ModelSpecError extends Error {
  override name = 'ModelSpecError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(obj: Record<string, unknown>, key: string, where: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new ModelSpecError(`${where}: "${key}" must be a number`);
  return v;
}

/** Validates a parsed spec.json; `expectedClasses` guards against a spec whose labels do not fit the app. */
export function parseSpec(json: unknown, where = 'spec.json'): ModelSpec {
  if (!isRecord(json)) throw new ModelSpecError(`${where} is not a JSON object`);
  const inputSize = finite(json, 'inputSize', where);
  if (!Number.isInteger(inputSize) || inputSize < 8 || inputSize > 512) {
    throw new ModelSpecError(`${where}: inputSize ${inputSize} is out of range 8..512`);
  }
  const labels = json['labels'];
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string')) {
    throw new ModelSpecError(`${where}: "labels" must be a list of at least two names`);
  }
  const grey = json['greyWeights'];
  if (!Array.isArray(grey) || grey.length !== 3 || !grey.every((g) => typeof g === 'number')) {
    throw new ModelSpecError(`${where}: "greyWeights" must be three numbers`);
  }
  const norm = json['normalisation'];
  const framing = json['cropFraming'];
  if (!isRecord(norm)) throw new ModelSpecError(`${where}: "normalisation" is missing`);
  if (!isRecord(framing)) throw new ModelSpecError(`${where}: "cropFraming" is missing`);
  const output = json['output'];
  if (output !== 'logits' && output !== 'probabilities') {
    throw new ModelSpecError(`${where}: "output" must be "logits" or "probabilities"`);
  }
  const std = finite(norm, 'std', where);
  if (std <= 0) throw new ModelSpecError(`${where}: std must be positive`);
  return {
    inputSize,
    labels: labels as string[],
    greyWeights: [grey[0], grey[1], grey[2]] as [number, number, number],
    normalisation: { scale: finite(norm, 'scale', where), mean: finite(norm, 'mean', where), std },
    output,
    cropFraming: {
      full: parseFraming(framing['full'], `${where} cropFraming.full`),
      short: parseFraming(framing['short'], `${where} cropFraming.short`),
    },
  };
}

function parseFraming(json: unknown, where: string): CropFraming {
  if (!isRecord(json)) throw new ModelSpecError(`${where} is missing`);
  const scale = finite(json, 'scale', where);
  if (scale <= 0) throw new ModelSpecError(`${where}: scale must be positive`);
  return { scale, offsetX: finite(json, 'offsetX', where), offsetY: finite(json, 'offsetY', where) };
}

export function parseCard(json: unknown, where = 'card.json'): ModelCard {
  if (!isRecord(json)) throw new ModelSpecError(`${where} is not a JSON object`);
  const name = json['name'];
  if (typeof name !== 'string') throw new ModelSpecError(`${where}: "name" is missing`);
  return {
    name,
    private_test_accuracy: finite(json, 'private_test_accuracy', where),
    file_bytes: finite(json, 'file_bytes', where),
    parameters: finite(json, 'parameters', where),
  };
}

export function parseManifest(json: unknown): ManifestEntry[] {
  const models = isRecord(json) ? json['models'] : undefined;
  if (!Array.isArray(models)) throw new ModelSpecError('models/manifest.json has no "models" list');
  return models.map((m, i) => {
    if (
      !isRecord(m) ||
      typeof m['id'] !== 'string' ||
      typeof m['name'] !== 'string' ||
      typeof m['path'] !== 'string'
    ) {
      throw new ModelSpecError(`models/manifest.json: entry ${i} needs id, name and path`);
    }
    if (!/^[a-z0-9_-]+$/i.test(m['path']))
      throw new ModelSpecError(`models/manifest.json: bad path "${m['path']}"`);
    return { id: m['id'], name: m['name'], path: m['path'] };
  });
}
