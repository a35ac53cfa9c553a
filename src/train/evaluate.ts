// Metrics on a set of sequences: the lab's loss and what it hides. The lab
// reports the summed NLL per sequence; the mean per-token NLL compares runs
// of different lengths, and accuracy on the forced positions (every target
// after the first b) says whether the network can count.
import type { SequenceModel } from "../models/model.ts";
import { makeBatches } from "../models/sequence_batch.ts";
import type { EncodedSequence } from "../data/split.ts";

/** Decides, per input position of one sequence, whether its target is forced. */
export type DeterministicPositions = (inputs: readonly string[]) => boolean[];

/** What {@linkcode evaluate} measures on one split. */
export interface SplitMetrics {
  sequences: number;
  /** Predicted tokens (input positions). */
  tokens: number;
  /** Mean cross-entropy per predicted token, in nats. */
  meanTokenNll: number;
  /** The lab's figure: cross-entropy summed over a sequence, averaged over sequences. */
  meanSequenceNll: number;
  /** Fraction of forced positions whose most likely prediction is the target. */
  deterministicAccuracy: number;
  /** Fraction of sequences with every forced position right. */
  sequenceAccuracy: number;
}

/**
 * Runs the model over `sequences` (forward only, in batches) and measures
 * loss and forced-position accuracy.
 *
 * @param model The model to evaluate.
 * @param sequences The sequences, with their words.
 * @param deterministic Which positions are forced (the language decides).
 * @param batchSize Sequences per forward pass; the results do not depend on it.
 *
 * @example An untrained model is at chance
 * ```ts
 * import { evaluate } from "./evaluate.ts";
 * import { LSTM } from "../lab/models/lstm.ts";
 * import { anbnDeterministicPositions, anbnSequence } from "../lab/data/anbn.ts";
 * import { encodeSequence } from "../data/split.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * // Untrained, every weight is zero, so every word is equally likely.
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 4 });
 * const sequences = [1, 2, 3].map((n) => encodeSequence(anbnSequence(n), vocabulary));
 * const metrics = evaluate(model, sequences, anbnDeterministicPositions);
 * assert.ok(Math.abs(metrics.meanTokenNll - Math.log(4)) < 1e-12);
 * assert.equal(metrics.deterministicAccuracy, 0); // ties go to "a", never a forced target
 * ```
 */
export function evaluate(
  model: SequenceModel,
  sequences: readonly EncodedSequence[],
  deterministic: DeterministicPositions,
  batchSize = 64,
): SplitMetrics {
  let loss = 0, tokens = 0, forced = 0, forcedRight = 0, sequencesRight = 0;
  let offset = 0;
  for (const batch of makeBatches(sequences, batchSize)) {
    loss += model.forward(batch);
    const probabilities = model.probabilities.data;
    const V = model.vocabularySize;
    for (let b = 0; b < batch.size; b++) {
      const sequence = sequences[offset + b];
      const mask = deterministic(sequence.words.slice(0, -1));
      let allRight = true;
      for (let t = 0; t < batch.lengths[b]; t++) {
        tokens++;
        if (!mask[t]) continue;
        const row = (t * batch.size + b) * V;
        let best = 0;
        for (let v = 1; v < V; v++) {
          if (probabilities[row + v] > probabilities[row + best]) best = v;
        }
        forced++;
        if (best === sequence.targets[t]) forcedRight++;
        else allRight = false;
      }
      if (allRight) sequencesRight++;
    }
    offset += batch.size;
  }
  const count = sequences.length;
  return {
    sequences: count,
    tokens,
    meanTokenNll: tokens ? loss / tokens : NaN,
    meanSequenceNll: count ? loss / count : NaN,
    deterministicAccuracy: forced ? forcedRight / forced : NaN,
    sequenceAccuracy: count ? sequencesRight / count : NaN,
  };
}
