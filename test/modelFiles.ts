// Test helper: the shipped model folders, read from disk the way the browser reads them over HTTP.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { parseManifest, parseSpec, type ManifestEntry, type ModelSpec } from '../src/pipeline/modelSpec';

export const MODELS_DIR = join(import.meta.dirname, '..', 'public', 'models');

/** The shipped manifest's entries (an empty list where there is none). */
export function manifestEntries(): ManifestEntry[] {
  const manifest = join(MODELS_DIR, 'manifest.json');
  if (!existsSync(manifest)) return [];
  return parseManifest(JSON.parse(readFileSync(manifest, 'utf8')));
}

/**
 * Folders of models with weights to check: PARITY_MODEL_DIRS (comma-separated, used by the training smoke test)
 * or the manifest's single models (an ensemble has no weights of its own).
 */
export function modelFolders(): string[] {
  const fromEnv = process.env['PARITY_MODEL_DIRS'];
  if (fromEnv) return fromEnv.split(',').filter(Boolean);
  return manifestEntries()
    .filter((m) => m.kind === 'single')
    .map((m) => join(MODELS_DIR, m.path));
}

export function readSpec(folder: string): ModelSpec {
  return parseSpec(JSON.parse(readFileSync(join(folder, 'spec.json'), 'utf8')), folder);
}

/** An IOHandler that serves model.json and its weight files from a folder. */
export function diskModel(folder: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
      const group = json.weightsManifest as tf.io.WeightsManifestConfig;
      const buffers = group.flatMap((g) => g.paths.map((p) => readFileSync(join(folder, p))));
      const joined = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        weightSpecs: group.flatMap((g) => g.weights),
        weightData: joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength),
      };
    },
  };
}

export interface ParityFixture {
  readonly pixels: Uint8Array;
  readonly count: number;
  readonly logits: number[][];
}

export function readParity(folder: string): ParityFixture {
  const json = JSON.parse(readFileSync(join(folder, 'parity.json'), 'utf8'));
  const pixels = new Uint8Array(Buffer.from(json.pixels_base64, 'base64'));
  return { pixels, count: json.shape[0], logits: json.logits };
}
