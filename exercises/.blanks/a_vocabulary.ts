// Exercise A — the vocabulary and one-hot vectors.
//
// The lab's `sequences_to_dicts`: count every word over all sequences, sort
// the words by descending count (ties keep the order in which the words first
// appear, as Python's stable `sorted` does), then append "UNK" for words never
// seen. A word's index is its position in that list.
//
//   one_hot(i, K) = [0 … 0 1 0 … 0]   (K entries, the 1 at position i)
//
// K = vocabulary size (UNK included).

/** What `sequencesToDicts` returns (the lab's four values). */
export interface Dicts {
  /** word → index. */
  wordToIdx: Record<string, number>;
  /** index → word: the vocabulary in index order, "UNK" last. */
  idxToWord: string[];
  /** How many sequences there were. */
  numSentences: number;
  /** K: how many words, UNK included. */
  vocabSize: number;
}

/** Builds the lab's vocabulary from a list of sequences of words. */
export function sequencesToDicts(sequences: readonly (readonly string[])[]): Dicts {
  throw new Error("TODO");
}

/** one_hot(idx, vocabSize): K entries, a 1 at `idx`, zeros elsewhere. */
export function oneHotEncode(idx: number, vocabSize: number): Float64Array {
  throw new Error("TODO");
}

/**
 * One one-hot vector per word of `sequence`; a word missing from `wordToIdx`
 * is encoded as "UNK".
 */
export function oneHotEncodeSequence(
  sequence: readonly string[],
  wordToIdx: Record<string, number>,
  vocabSize: number,
): Float64Array[] {
  throw new Error("TODO");
}
