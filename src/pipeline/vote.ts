// The steady label of a face: majority vote over its own recent predictions.

export interface Vote {
  /** Index into the model's label list. */
  readonly label: number;
  /** How many of the window's frames voted for it. */
  readonly votes: number;
  /** Mean probability of that label over the window, 0..1. */
  readonly confidence: number;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Majority vote of the per-frame top labels in `window` (oldest first); a tie goes to the label with
 * the larger summed probability. Returns null for an empty window.
 */
export function majorityVote(window: readonly ArrayLike<number>[]): Vote | null {
  const first = window[0];
  if (!first) return null;
  const classes = first.length;
  const counts = new Array<number>(classes).fill(0);
  const sums = new Array<number>(classes).fill(0);
  for (const probs of window) {
    const top = argmax(probs);
    counts[top] = (counts[top] ?? 0) + 1;
    for (let c = 0; c < classes; c++) sums[c] = (sums[c] ?? 0) + (probs[c] ?? 0);
  }
  let label = 0;
  for (let c = 1; c < classes; c++) {
    const more = (counts[c] ?? 0) > (counts[label] ?? 0);
    const tieWon = counts[c] === counts[label] && (sums[c] ?? 0) > (sums[label] ?? 0);
    if (more || tieWon) label = c;
  }
  return { label, votes: counts[label] ?? 0, confidence: (sums[label] ?? 0) / window.length };
}
