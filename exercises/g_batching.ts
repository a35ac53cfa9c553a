// Exercise G — mini-batches: several sequences padded to one length.
//
// T = steps of the longest sequence, B = sequences in the batch. The batch is
// time-major: row t·B + b holds step t of sequence b, so that one time step of
// every sequence is contiguous and the recurrence can run on all of them at
// once. Past its own end, a sequence is padded with PAD = −1 in both inputs
// and targets: a target of −1 adds nothing to the loss.

/** Marks a padded position. */
export const PAD = -1;

/** One sequence: token ids, and the next token at every step. */
export interface Sequence {
  inputs: ArrayLike<number>;
  targets: ArrayLike<number>;
}

/** Sequences padded and interleaved time-major. */
export interface Batch {
  /** T. */
  steps: number;
  /** B. */
  size: number;
  /** (T·B): row t·B + b is step t of sequence b, PAD past its end. */
  inputs: Int32Array;
  /** (T·B), the same layout. */
  targets: Int32Array;
  /** Each sequence's own length. */
  lengths: number[];
}

/** Pads `sequences` to the longest and interleaves them time-major. */
export function makeBatch(sequences: readonly Sequence[]): Batch {
  throw new Error("TODO");
}

/** Consecutive groups of at most `batchSize` sequences, in order, each made a batch. */
export function makeBatches(sequences: readonly Sequence[], batchSize: number): Batch[] {
  throw new Error("TODO");
}
