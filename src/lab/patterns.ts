// The counting study (exercise N and beyond): train a vanilla RNN, an LSTM or
// a GRU on strings of one formal language with sizes in a training range,
// then test every size up to far beyond it. A test string counts as right
// when, at every step, the most likely next word is one the language allows
// there — so every forced step (the rest of the b's, the closing bracket of
// the right kind, EOS) must be exactly right. Nothing here prints.
import type { Backend } from "../core/backend.ts";
import { NumpyRandom } from "../data/numpy_random.ts";
import { type EncodedSequence, splitSequences } from "../data/split.ts";
import { UNK, Vocabulary } from "../data/vocabulary.ts";
import type { FormalLanguage } from "./data/languages/language.ts";
import type { SequenceModel } from "../models/model.ts";
import { LAB_MODELS } from "./models/registry.ts";
import { makeBatches } from "../models/sequence_batch.ts";
import { encodePattern, stringsRight } from "./pattern_verdict.ts";
import { type EpochReport, train } from "../train/train.ts";

/** The networks the study compares. */
export type PatternModelName = "rnn" | "lstm" | "gru";

/**
 * `"softmax"`: the lab's next-word targets; a string is right when the most
 * likely next word is always legal. `"classic"`: the next-symbol-set protocol
 * of Gers & Schmidhuber — a sigmoid per word trained on multi-hot sets of the
 * legal next words; a string is right when, at every step, the words above
 * 0.5 are exactly the legal ones (LSTM and GRU only).
 */
export type PatternProtocol = "softmax" | "classic";

/** One training run of the study. */
export interface PatternConfig {
  language: FormalLanguage;
  model: PatternModelName;
  seed: number;
  /** Sizes drawn for training, inclusive (the lab's: 1 … 11). */
  trainSizes: [number, number];
  /** Sizes tested beyond the training range, inclusive (the sizes inside it are always tested). */
  testSizes: [number, number];
  /** Training strings drawn (80 % train, 10 % validation, 10 % test, as the lab). */
  sequences: number;
  epochs: number;
  hiddenSize: number;
  /** Adam's learning rate, lowered linearly to decayTo × lr over the last decayEpochs. */
  lr: number;
  decayEpochs: number;
  decayTo: number;
  clipNorm: number;
  batchSize: number;
  /** Keep the parameters of the epoch with the lowest validation loss (see {@linkcode train}). */
  keepBest: boolean;
  protocol: PatternProtocol;
  /** LSTM peephole connections (default off). */
  peephole: boolean;
}

/**
 * The study's defaults: the lab's data sizes and the nn task's Adam schedule
 * (lr 0.045, lowered to 1 % over the last 50 epochs), clipped at norm 1,
 * which over seeds 1–5 counted furthest on aⁿbⁿ and aⁿbⁿcⁿ of the settings tried.
 *
 * @example Testing starts just past the training range
 * ```ts
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import assert from "node:assert/strict";
 *
 * const [, largestTrained] = PATTERN_DEFAULTS.trainSizes;
 * assert.equal(PATTERN_DEFAULTS.testSizes[0], largestTrained + 1);
 * ```
 */
export const PATTERN_DEFAULTS: Omit<PatternConfig, "language" | "model" | "seed"> = {
  trainSizes: [1, 11],
  testSizes: [12, 200],
  sequences: 256,
  epochs: 200,
  hiddenSize: 50,
  lr: 0.045,
  decayEpochs: 50,
  decayTo: 0.01,
  clipNorm: 1,
  batchSize: 1,
  keepBest: true,
  protocol: "softmax",
  peephole: false,
};

/**
 * Each model's default learning rate. The vanilla RNN needs a smaller one:
 * at 0.045 it does not even learn the training range (in-range accuracy 9 %
 * on aⁿbⁿ over five seeds), at 0.003 it does (100 %).
 *
 * @example The gated cells keep the default rate; the RNN gets a smaller one
 * ```ts
 * import { PATTERN_DEFAULTS, PATTERN_LEARNING_RATES } from "./patterns.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(PATTERN_LEARNING_RATES.lstm, PATTERN_DEFAULTS.lr);
 * assert.equal(PATTERN_LEARNING_RATES.gru, PATTERN_DEFAULTS.lr);
 * assert.ok(PATTERN_LEARNING_RATES.rnn < PATTERN_DEFAULTS.lr);
 * ```
 */
export const PATTERN_LEARNING_RATES: Record<PatternModelName, number> = {
  rnn: 0.003,
  lstm: 0.045,
  gru: 0.045,
};

/** How one size fared. */
export interface SizeResult {
  size: number;
  /** Test strings of this size entirely right. */
  right: number;
  /** Test strings of this size. */
  total: number;
}

/** What one run measured. */
export interface PatternResult {
  language: string;
  model: PatternModelName;
  seed: number;
  protocol: PatternProtocol;
  peephole: boolean;
  /**
   * Mean loss per token on the validation strings after training: the
   * next-word NLL (softmax), or the summed binary cross-entropy over the words (classic).
   */
  validationTokenNll: number;
  /** Fraction of the test strings with sizes inside the training range that are entirely right. */
  inRangeAccuracy: number;
  /** Every tested size, smallest first. */
  bySize: SizeResult[];
  /** The largest size up to which every tested size is entirely right (0: not even the first). */
  largestExact: number;
  /** Training time in seconds. */
  seconds: number;
}

/**
 * The seeded training strings of a config, and the generator where the drawing stopped.
 *
 * @example The lab's a^n b^n data for seed 42
 * ```ts
 * import { PATTERN_DEFAULTS, patternData } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { strings, vocabulary } = patternData({ ...PATTERN_DEFAULTS, language: anbn, model: "lstm", seed: 42 });
 * assert.equal(strings.length, 256);
 * assert.deepEqual(vocabulary.words, ["a", "b", "EOS", "UNK"]);
 * ```
 */
export function patternData(config: PatternConfig): {
  random: NumpyRandom;
  vocabulary: Vocabulary;
  strings: string[][];
} {
  const [low, high] = config.trainSizes;
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high < low) {
    throw new RangeError(`Training sizes must be integers 1 ≤ low ≤ high, got ${low}..${high}`);
  }
  const random = new NumpyRandom(config.seed);
  const strings: string[][] = [];
  for (let i = 0; i < config.sequences; i++) {
    strings.push(config.language.sample(random, random.randint(low, high + 1)));
  }
  return { random, vocabulary: new Vocabulary([...config.language.words, UNK]), strings };
}

/**
 * A fresh model of the named kind, initialised from `random`: the lab's RNN,
 * or an nn LSTM / GRU with a linear output (sigmoid outputs under the classic protocol).
 *
 * @example
 * ```ts
 * import { createPatternModel } from "./patterns.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = createPatternModel(createReferenceBackend(), "lstm", 4, 8, new NumpyRandom(1), {
 *   protocol: "classic",
 *   peephole: true,
 * });
 * assert.ok(model.parameters.some((p) => p.name === "lstm.weight_peephole_l0"));
 * ```
 */
export function createPatternModel(
  backend: Backend,
  name: PatternModelName,
  vocabularySize: number,
  hiddenSize: number,
  random: NumpyRandom,
  options: { protocol?: PatternProtocol; peephole?: boolean } = {},
): SequenceModel {
  const { protocol = "softmax", peephole = false } = options;
  if (peephole && name !== "lstm") {
    throw new RangeError(`Peephole connections belong to the LSTM, not the ${name.toUpperCase()}`);
  }
  if (name === "rnn") {
    if (protocol === "classic") {
      throw new RangeError("The classic protocol (sigmoid outputs) is for the LSTM and the GRU");
    }
    return LAB_MODELS.build("rnn", backend, { vocabularySize, hiddenSize }, random);
  }
  return LAB_MODELS.build(`nn-${name}`, backend, {
    vocabularySize,
    hiddenSize,
    peephole,
    output: protocol === "classic" ? "sigmoid" : "softmax",
  }, random);
}

/**
 * Trains one model on one language with one seed and tests every size.
 *
 * @example A few epochs of a tiny LSTM on a^n b^n
 * ```ts
 * import { PATTERN_DEFAULTS, runPattern } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const result = runPattern(createReferenceBackend(), {
 *   ...PATTERN_DEFAULTS, language: anbn, model: "lstm", seed: 1,
 *   epochs: 2, hiddenSize: 4, sequences: 20, testSizes: [12, 13],
 * });
 * assert.equal(result.bySize.length, 13);
 * ```
 */
export function runPattern(
  backend: Backend,
  config: PatternConfig,
  onEpoch?: (report: EpochReport) => void,
): PatternResult {
  const { language, trainSizes: [low, high], testSizes: [testLow, testHigh] } = config;
  if (
    !Number.isInteger(testLow) || !Number.isInteger(testHigh) || testLow < 1 || testHigh < testLow
  ) {
    throw new RangeError(`Test sizes must be integers 1 ≤ low ≤ high, got ${testLow}..${testHigh}`);
  }
  const { random, vocabulary, strings } = patternData(config);
  const plain = splitSequences(strings, vocabulary);
  const withSets = (part: EncodedSequence[]) =>
    part.map((sequence) => encodePattern(sequence.words, vocabulary, language, config.protocol));
  const split = {
    train: withSets(plain.train),
    validation: withSets(plain.validation),
    test: withSets(plain.test),
  };
  if (split.train.length === 0) {
    throw new RangeError(`${config.sequences} strings leave no training set`);
  }
  const model = createPatternModel(
    backend,
    config.model,
    vocabulary.size,
    config.hiddenSize,
    random,
    { protocol: config.protocol, peephole: config.peephole },
  );
  try {
    const start = performance.now();
    const history = train(model, split.train, split.validation, {
      epochs: config.epochs,
      lr: config.lr,
      batchSize: config.batchSize,
      clipNorm: config.clipNorm,
      optimizer: "adam",
      lrDecay: { epochs: Math.min(config.decayEpochs, config.epochs), to: config.decayTo },
      keepBest: config.keepBest,
      onEpoch,
    });
    const seconds = (performance.now() - start) / 1000;
    const validationTokenNll = split.validation.length
      ? validationNll(model, split.validation)
      : history.at(-1)?.validationTokenNll ?? NaN;
    const tested = new Set<number>();
    for (let size = low; size <= high; size++) tested.add(size);
    for (let size = testLow; size <= testHigh; size++) tested.add(size);
    const sizes = [...tested].sort((a, b) => a - b);
    const tests = sizes.map((size) => language.testStrings(size));
    const verdicts = stringsRight(model, language, vocabulary, tests.flat(), config.protocol);
    let next = 0;
    const bySize = sizes.map((size, i): SizeResult => {
      const mine = verdicts.slice(next, next += tests[i].length);
      return { size, right: mine.filter(Boolean).length, total: mine.length };
    });
    let largestExact = 0;
    for (const [k, { size, right, total }] of bySize.entries()) {
      // Only a run of consecutive sizes counts: an untested size is not a right one.
      if (right < total || (k > 0 && size !== bySize[k - 1].size + 1)) break;
      largestExact = size;
    }
    const inRange = bySize.filter(({ size }) => size <= high);
    return {
      language: language.name,
      model: config.model,
      seed: config.seed,
      protocol: config.protocol,
      peephole: config.peephole,
      validationTokenNll,
      inRangeAccuracy: inRange.reduce((sum, s) => sum + s.right, 0) /
        inRange.reduce((sum, s) => sum + s.total, 0),
      bySize,
      largestExact,
      seconds,
    };
  } finally {
    model.dispose();
  }
}

function validationNll(model: SequenceModel, sequences: readonly EncodedSequence[]): number {
  let loss = 0, tokens = 0;
  for (const batch of makeBatches(sequences, 64)) {
    loss += model.forward(batch);
    tokens += batch.lengths.reduce((sum, length) => sum + length, 0);
  }
  return loss / tokens;
}

/** Median and range of one figure over seeds. */
export interface SeedSummary {
  median: number;
  min: number;
  max: number;
}

/**
 * The median and range of `values` (the mean of the middle two for an even count).
 *
 * @example
 * ```ts
 * import { summarize } from "./patterns.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(summarize([15, 20, 20, 30, 12]), { median: 20, min: 12, max: 30 });
 * ```
 */
export function summarize(values: readonly number[]): SeedSummary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
