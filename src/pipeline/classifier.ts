// One emotion classifier: load a TF.js layers model with its spec, predict a batch, dispose.

import * as tf from '@tensorflow/tfjs';
import { ModelSpecError, type ModelSpec } from './modelSpec';

export interface Classifier {
  readonly spec: ModelSpec;
  /** Probabilities per face (rows in batch order). Disposes nothing it did not create. */
  predict(batch: tf.Tensor4D): Promise<Float32Array[]>;
  dispose(): void;
}

export interface LoadOptions {
  /** Called with 0..1 while the weights download. */
  readonly onProgress?: (fraction: number) => void;
}

/** Checks that the model's input and output fit its spec, so a mismatched model never yields labels. */
function checkShapes(model: tf.LayersModel, spec: ModelSpec): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const s = spec.inputSize;
  if (!input || input[1] !== s || input[2] !== s || input[3] !== 1) {
    throw new ModelSpecError(`model input is ${JSON.stringify(input)}, spec says ${s}×${s}×1`);
  }
  if (!output || output[1] !== spec.labels.length) {
    throw new ModelSpecError(`model has ${output?.[1]} outputs, spec lists ${spec.labels.length} labels`);
  }
}

async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const response = await fetch(input, init);
  if (!response.ok) {
    const file = String(input instanceof Request ? input.url : input)
      .split('/')
      .pop();
    throw new Error(`${file} answered HTTP ${response.status}`);
  }
  return response;
}

/** `model` is a URL to model.json, or an IOHandler (tests load the shipped files from disk). */
export async function loadClassifier(
  model: string | tf.io.IOHandler,
  spec: ModelSpec,
  options: LoadOptions = {},
): Promise<Classifier> {
  const layers = await tf.loadLayersModel(model, {
    // TF.js reads the body of an HTTP error as weights; a missing file must fail as itself.
    fetchFunc: checkedFetch,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  try {
    checkShapes(layers, spec);
  } catch (error) {
    layers.dispose();
    throw error;
  }
  const classifier: Classifier = {
    spec,
    async predict(batch) {
      const probs = tf.tidy(() => {
        const out = layers.predict(batch) as tf.Tensor2D;
        return spec.output === 'logits' ? tf.softmax(out) : out;
      });
      try {
        const flat = (await probs.data()) as Float32Array;
        const classes = spec.labels.length;
        return Array.from({ length: batch.shape[0] }, (_, i) => flat.slice(i * classes, (i + 1) * classes));
      } finally {
        probs.dispose();
      }
    },
    dispose: () => layers.dispose(),
  };
  // Warm-up: the first inference compiles kernels/shaders; do it before we call the model ready.
  const dummy = tf.zeros([1, spec.inputSize, spec.inputSize, 1]) as tf.Tensor4D;
  try {
    const [probabilities] = await classifier.predict(dummy);
    // Damaged weights of the right length load without error but compute NaN or infinities.
    if (!probabilities?.every(Number.isFinite))
      throw new ModelSpecError('the weights are damaged (non-finite outputs)');
  } catch (error) {
    classifier.dispose();
    throw error;
  } finally {
    dummy.dispose();
  }
  return classifier;
}
