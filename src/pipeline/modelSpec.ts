// The contract between training and the app: the manifest of models, each model's spec and card.
// Python writes these files next to the weights (training/export_tfjs.py); this module reads and checks them.

import type { DetectorRange } from './detectorRange';
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
  /** The lfw-expressions dev set through the app (bench/devset.mjs), when measured. */
  readonly lfw_expressions?: DevSetFigures;
  /** FER2013-C, when measured. */
  readonly fer2013_c?: RobustnessFigures;
}

export interface DevSetFigures {
  /** Mean recall over the classes with enough photos, 0..1. */
  readonly balanced_accuracy: number;
}

/** FER2013-C (training/fer2013c.py): PrivateTest under a webcam's and a detector's corruptions. */
export interface RobustnessFigures {
  /** Mean accuracy over the corruptions ÷ clean accuracy. */
  readonly relative: number;
}

/** An ensemble's card: its own measured figures, none until measured (a sum of members' would be made up). */
export interface EnsembleCard {
  readonly name: string;
  readonly private_test_accuracy?: number;
  readonly lfw_expressions?: DevSetFigures;
  readonly fer2013_c?: RobustnessFigures;
}

/** One model with its own weights. */
export interface SingleModelEntry {
  readonly kind: 'single';
  readonly id: string;
  readonly name: string;
  /** Folder under the manifest's folder holding model.json, spec.json and card.json. */
  readonly path: string;
}

/** Several single models whose probabilities are averaged; no weights of its own. */
export interface EnsembleEntry {
  readonly kind: 'ensemble';
  readonly id: string;
  readonly name: string;
  /** Folder under the manifest's folder holding the ensemble's card.json (its measured figures). */
  readonly path: string;
  /** Ids of single models in this manifest, whose specs must agree (`ensembleSpec`). */
  readonly members: readonly string[];
  /** Also classify each face mirrored and average both views; off unless the manifest says `true`. */
  readonly flipAverage: boolean;
}

export type ManifestEntry = SingleModelEntry | EnsembleEntry;

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
  const card = parseEnsembleCard(json, where);
  const record = json as Record<string, unknown>; // parseEnsembleCard has checked that it is an object
  return {
    ...card,
    private_test_accuracy: finite(record, 'private_test_accuracy', where),
    file_bytes: finite(record, 'file_bytes', where),
    parameters: finite(record, 'parameters', where),
  };
}

/** A card whose figures are all optional: a key that is absent was not measured yet. */
export function parseEnsembleCard(json: unknown, where = 'card.json'): EnsembleCard {
  if (!isRecord(json)) throw new ModelSpecError(`${where} is not a JSON object`);
  const name = json['name'];
  if (typeof name !== 'string') throw new ModelSpecError(`${where}: "name" is missing`);
  const dev = json['lfw_expressions'];
  if (dev !== undefined && !isRecord(dev))
    throw new ModelSpecError(`${where}: "lfw_expressions" must be an object`);
  const robustness = json['fer2013_c'];
  if (robustness !== undefined && !isRecord(robustness))
    throw new ModelSpecError(`${where}: "fer2013_c" must be an object`);
  return {
    name,
    ...('private_test_accuracy' in json
      ? { private_test_accuracy: finite(json, 'private_test_accuracy', where) }
      : {}),
    ...(dev
      ? {
          lfw_expressions: {
            balanced_accuracy: finite(dev, 'balanced_accuracy', `${where} lfw_expressions`),
          },
        }
      : {}),
    ...(robustness ? { fer2013_c: { relative: finite(robustness, 'relative', `${where} fer2013_c`) } } : {}),
  };
}

/**
 * Whether `id` can name a model or its folder: 1-32 letters, digits, _ or -, safe in a URL (`?model=`) and a
 * file path. The manifest, the library's `model` option and the URL's `?model=` are all held to it.
 */
export function isModelId(id: string): boolean {
  return /^[a-z0-9_-]{1,32}$/i.test(id);
}

export function parseManifest(json: unknown): ManifestEntry[] {
  const models = isRecord(json) ? json['models'] : undefined;
  if (!Array.isArray(models)) throw new ModelSpecError('models/manifest.json has no "models" list');
  return models.map((m, i): ManifestEntry => {
    if (
      !isRecord(m) ||
      typeof m['id'] !== 'string' ||
      typeof m['name'] !== 'string' ||
      typeof m['path'] !== 'string'
    ) {
      throw new ModelSpecError(`models/manifest.json: entry ${i} needs id, name and path`);
    }
    if (!isModelId(m['id'])) throw new ModelSpecError(`models/manifest.json: bad id "${m['id']}"`);
    if (!isModelId(m['path'])) throw new ModelSpecError(`models/manifest.json: bad path "${m['path']}"`);
    const entry = { id: m['id'], name: m['name'], path: m['path'] };
    return 'members' in m ? parseEnsembleEntry(m, entry) : { kind: 'single', ...entry };
  });
}

/** The members' shape only: whether they exist and agree is `ensembleSpec`'s check, once their specs are read. */
function parseEnsembleEntry(
  m: Record<string, unknown>,
  entry: Omit<EnsembleEntry, 'kind' | 'members' | 'flipAverage'>,
): EnsembleEntry {
  const members = m['members'];
  const where = `models/manifest.json: "${entry.id}"`;
  if (
    !Array.isArray(members) ||
    members.length < 2 ||
    !members.every((id) => typeof id === 'string') ||
    new Set(members).size !== members.length ||
    members.includes(entry.id)
  ) {
    throw new ModelSpecError(`${where}: "members" must list two or more other models, each once`);
  }
  const flip = m['flipAverage'] ?? false;
  if (typeof flip !== 'boolean') throw new ModelSpecError(`${where}: "flipAverage" must be true or false`);
  return { kind: 'ensemble', ...entry, members: members as string[], flipAverage: flip };
}

/** A single model of the manifest, as far as an ensemble needs it: its name, and its spec if it is usable. */
export interface MemberSpec {
  readonly id: string;
  readonly name: string;
  readonly spec?: ModelSpec;
}

/**
 * The spec an ensemble runs with: the one its members share. Throws, with a message for the user, when a member
 * is not a single model of the manifest, has no usable spec, or disagrees with the first member.
 */
export function ensembleSpec(entry: EnsembleEntry, singles: readonly MemberSpec[]): ModelSpec {
  const members = entry.members.map((id) => {
    const member = singles.find((s) => s.id === id);
    if (!member)
      throw new ModelSpecError(`it needs model "${id}", which is not a single model of the manifest`);
    if (!member.spec) throw new ModelSpecError(`it needs ${member.name}, which is unavailable`);
    return { name: member.name, spec: member.spec };
  });
  return sharedSpec(members);
}

/**
 * The spec that members of an ensemble share, its output being averaged probabilities. Every field that decides
 * what a face looks like to a model or what its outputs mean must be equal: the ensemble feeds one batch to all
 * members (one crop framing, one normalisation) and averages outputs position by position (one label order).
 */
export function sharedSpec(
  members: readonly { readonly name: string; readonly spec: ModelSpec }[],
): ModelSpec {
  const [first, ...rest] = members;
  if (!first) throw new ModelSpecError('an ensemble needs members');
  for (const { name, spec } of rest) {
    // Both specs come from parseSpec, which builds every field with its keys in one order.
    const differs = SHARED_FIELDS.find(
      ([key]) => JSON.stringify(spec[key]) !== JSON.stringify(first.spec[key]),
    );
    if (differs)
      throw new ModelSpecError(
        `${name}'s ${differs[1]} differs from ${first.name}'s: their outputs cannot be averaged`,
      );
  }
  return { ...first.spec, output: 'probabilities' };
}

const SHARED_FIELDS = [
  ['labels', 'label order'],
  ['inputSize', 'input size'],
  ['greyWeights', 'grey weights'],
  ['normalisation', 'normalisation'],
  ['cropFraming', 'crop framing'],
] as const satisfies readonly (readonly [keyof ModelSpec, string])[];
