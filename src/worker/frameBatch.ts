// Which waiting frames the analysis worker classifies together. Pure, for the tests.

/** A frame waiting in the analysis worker, as far as batching goes. */
export interface QueuedFrame {
  /** The non-frame jobs queued before it: a batch never reaches across one (a reset, a still). */
  readonly epoch: number;
  /** Its faces, once back from the detection worker; null while it is being located. */
  readonly faces: object | null;
}

/**
 * How many frames from the head of `queue` go into one batch: the head (whose faces the caller has), and
 * the frames right after it whose faces are back and that no other job separates from it, `max` in all.
 * A frame still being located ends the batch: it is not waited for, the classifier would idle meanwhile.
 */
export function batchLength(queue: readonly QueuedFrame[], max: number): number {
  const [head] = queue;
  if (!head) return 0;
  let length = 1;
  while (length < Math.min(max, queue.length)) {
    const next = queue[length];
    if (!next?.faces || next.epoch !== head.epoch) break;
    length += 1;
  }
  return length;
}
