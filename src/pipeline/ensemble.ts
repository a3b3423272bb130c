// An ensemble of emotion classifiers behind the one Classifier interface: every member classifies the same
// batch, and the ensemble answers the mean of their probabilities. It owns its members and disposes them.

import * as tf from '@tensorflow/tfjs';
import { loadClassifier, type Classifier } from './classifier';
import { sharedSpec, type ModelSpec } from './modelSpec';
import { errorMessage } from '../errorMessage';

export interface EnsembleConfig {
  /**
   * Also classify every face mirrored left to right and average both views with the rest, for the frames of a
   * camera or a video too (a still's faces are mirrored whatever this says: `mirrorAveraged`). Default false:
   * it doubles the classify time, and the single models gain about half a point from it on PrivateTest (their
   * cards' `private_test_accuracy_flip_average`); the manifest turns it on where a measurement says it pays.
   */
  readonly flipAverage: boolean;
}

export const DEFAULT_ENSEMBLE_CONFIG: EnsembleConfig = { flipAverage: false };

/** One member's files: `model` as for loadClassifier (a model.json URL or an IOHandler). */
export interface EnsembleMember {
  /** For messages: which member failed. */
  readonly name: string;
  readonly model: string | tf.io.IOHandler;
  readonly spec: ModelSpec;
}

/** Element-wise mean of the members' rows: `runs[m][face][class]` → `[face][class]`. */
export function meanProbabilities(runs: readonly (readonly Float32Array[])[]): Float32Array[] {
  const [first] = runs;
  if (!first) return [];
  return first.map((row, face) => {
    const mean = new Float32Array(row.length);
    for (let c = 0; c < row.length; c++) {
      // Summed in float64, rounded to float32 once.
      let sum = 0;
      for (const run of runs) sum += run[face]?.[c] ?? NaN;
      mean[c] = sum / runs.length;
    }
    return mean;
  });
}

/**
 * Every member's probabilities for `batch`, and with `mirror` for the batch mirrored left to right too, averaged
 * over all of them.
 */
async function meanOfViews(
  members: readonly Classifier[],
  batch: tf.Tensor4D,
  mirror: boolean,
): Promise<Float32Array[]> {
  // Mirrored along the width axis of [faces, height, width, 1]; disposed here across the await.
  const flipped = mirror ? tf.reverse(batch, 2) : null;
  try {
    const views = flipped ? [batch, flipped] : [batch];
    // All predictions are queued before the first readback is awaited, so GPU backends overlap them.
    const runs = await Promise.all(views.flatMap((view) => members.map((m) => m.predict(view))));
    return meanProbabilities(runs);
  } finally {
    flipped?.dispose();
  }
}

/** Classifiers that average each face with its mirror image already: mirrorAveraged leaves them as they are. */
const mirroring = new WeakSet<Classifier>();

/** The ensemble of `members` (loaded, warmed up), which it now owns: its dispose disposes them. */
export function averagingClassifier(
  members: readonly Classifier[],
  config: EnsembleConfig = DEFAULT_ENSEMBLE_CONFIG,
): Classifier {
  const spec = sharedSpec(members.map((m, i) => ({ name: `member ${i + 1}`, spec: m.spec })));
  const ensemble: Classifier = {
    spec,
    predict: (batch) => meanOfViews(members, batch, config.flipAverage),
    dispose() {
      for (const member of members) member.dispose();
    },
  };
  if (config.flipAverage) mirroring.add(ensemble);
  return ensemble;
}

/**
 * `classifier` with every face and its mirror image averaged: twice its classify time, for stills, where that
 * time is small beside decoding and detecting. It borrows `classifier`: its dispose does nothing.
 */
export function mirrorAveraged(classifier: Classifier): Classifier {
  const mirrorsAlready = mirroring.has(classifier);
  const mirrored: Classifier = {
    spec: classifier.spec,
    predict: (batch) => (mirrorsAlready ? classifier.predict(batch) : meanOfViews([classifier], batch, true)),
    dispose: () => undefined,
  };
  mirroring.add(mirrored);
  return mirrored;
}

/**
 * Loads every member (in parallel: the downloads overlap), checks that they can be averaged, and warms the
 * ensemble up. If one member fails, the others are disposed and the error names the member.
 */
export async function loadEnsemble(
  members: readonly EnsembleMember[],
  config: EnsembleConfig = DEFAULT_ENSEMBLE_CONFIG,
): Promise<Classifier> {
  sharedSpec(members); // before any download: members that disagree never load
  const loads = await Promise.allSettled(members.map((m) => loadClassifier(m.model, m.spec)));
  const loaded = loads.flatMap((l) => (l.status === 'fulfilled' ? [l.value] : []));
  const failed = loads.findIndex((l) => l.status === 'rejected');
  if (failed >= 0) {
    for (const classifier of loaded) classifier.dispose();
    const reason = (loads[failed] as PromiseRejectedResult).reason;
    const why = errorMessage(reason);
    throw new Error(`${members[failed]?.name ?? 'a member'} failed to load (${why})`);
  }
  const ensemble = averagingClassifier(loaded, config);
  await warmUp(ensemble);
  return ensemble;
}

/** One dummy batch through the whole ensemble (the members are warm already; the flip kernel is not). */
async function warmUp(ensemble: Classifier): Promise<void> {
  const size = ensemble.spec.inputSize;
  const dummy = tf.zeros([1, size, size, 1]) as tf.Tensor4D;
  try {
    await ensemble.predict(dummy);
  } catch (error) {
    ensemble.dispose();
    throw error;
  } finally {
    dummy.dispose();
  }
}
