// The lab's training one epoch at a call, for a page or a notebook that must
// stay responsive, pause and resume: the same data, model, Trainer and epoch
// as `train()` (src/train/train.ts) — validation first, then one update per
// batch in order — so a session's epochs report what `train()` reports for
// the same settings (a test holds them equal).
import type { Backend } from "../core/backend.ts";
import type { EncodedSequence } from "../data/split.ts";
import { splitSequences, tokenCount } from "../data/split.ts";
import type { Vocabulary } from "../data/vocabulary.ts";
import { type SequenceModel, trainableParameters } from "../models/model.ts";
import { makeBatches, type SequenceBatch } from "../models/sequence_batch.ts";
import type { EpochReport } from "../train/train.ts";
import { Trainer, TrainingDivergedError } from "../train/trainer.ts";
import { splitFloorPerToken, stringDistribution } from "./bayes_floor.ts";
import type { FormalLanguage } from "./data/languages/language.ts";
import { LAB_MODELS } from "./models/registry.ts";
import { PATTERN_DEFAULTS, patternData } from "./patterns.ts";

/** Everything that decides a session: the data, the model and its training schedule. */
export interface LabSessionConfig {
  language: FormalLanguage;
  /** A {@linkcode LAB_MODELS} kind: `"rnn"`, `"lstm"` (the lab's), `"nn-lstm"`, `"nn-gru"`. */
  kind: string;
  hiddenSize: number;
  /** Fixes the data, the initial weights and nothing else (the order is the data's). */
  seed: number;
  /** Epochs the schedule is planned for (the learning-rate decay ends there). */
  epochs: number;
  optimizer: "sgd" | "adam";
  lr: number;
  /** Global gradient-norm limit; 0 for none. */
  clipNorm: number;
  /** The last `decayEpochs` epochs lower lr linearly to `decayTo` × lr. */
  decayEpochs: number;
  decayTo: number;
  /** Sequences per update. */
  batchSize: number;
  /** Strings drawn (80 % train, 10 % validation, 10 % test, as the lab). */
  sequences: number;
  /** Sizes drawn, inclusive (the lab: 1 … 11). */
  trainSizes: [number, number];
}

/**
 * A lab model in training, one epoch per {@linkcode LabSession.runEpoch} call.
 *
 * @example Three epochs of the lab's LSTM on aⁿbⁿ lower the validation loss
 * ```ts
 * import { LabSession } from "./lab_session.ts";
 * import { labSessionDefaults } from "./lab_session_defaults.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import { createWasmBackend } from "../backends/wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const config = { ...labSessionDefaults("lstm", anbn), hiddenSize: 8, sequences: 40 };
 * const session = new LabSession(createWasmBackend(), config);
 * const reports = [session.runEpoch(), session.runEpoch(), session.runEpoch()];
 * assert.ok(reports[2].validationTokenNll < reports[0].validationTokenNll);
 * assert.ok(session.floor.validation! > 0);
 * session.dispose();
 * ```
 */
export class LabSession {
  readonly config: LabSessionConfig;
  readonly model: SequenceModel;
  readonly vocabulary: Vocabulary;
  readonly split: { train: EncodedSequence[]; validation: EncodedSequence[] };
  /** The Bayes floor of each split in nats per token (null where it is not known: Dyck). */
  readonly floor: { train: number | null; validation: number | null };
  readonly #trainer: Trainer<SequenceBatch>;
  readonly #batches: SequenceBatch[];
  #epoch = 0;

  constructor(backend: Backend, config: LabSessionConfig) {
    const { epochs, decayEpochs, decayTo, lr } = config;
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
    }
    if (!Number.isInteger(decayEpochs) || decayEpochs < 0 || !(decayTo > 0 && decayTo <= 1)) {
      throw new RangeError(
        `The decay needs whole epochs ≥ 0 and a final factor in (0, 1], got ${decayEpochs} and ${decayTo}`,
      );
    }
    this.config = config;
    const { random, vocabulary, strings } = patternData({
      ...PATTERN_DEFAULTS,
      language: config.language,
      model: "lstm",
      seed: config.seed,
      sequences: config.sequences,
      trainSizes: config.trainSizes,
    });
    const split = splitSequences(strings, vocabulary);
    if (split.train.length === 0 || split.validation.length === 0) {
      throw new RangeError(
        `${config.sequences} sequences leave no training or validation set (80 % and 10 % of them)`,
      );
    }
    this.vocabulary = vocabulary;
    this.split = { train: split.train, validation: split.validation };
    // The weights continue the data's generator, as the lab's single NumPy stream does.
    this.model = LAB_MODELS.build(config.kind, backend, {
      vocabularySize: vocabulary.size,
      hiddenSize: config.hiddenSize,
    }, random);
    const distribution = stringDistribution(config.language, config.trainSizes);
    this.floor = {
      train: splitFloorPerToken(distribution, split.train),
      validation: splitFloorPerToken(distribution, split.validation),
    };
    this.#batches = makeBatches(split.train, config.batchSize);
    const perEpoch = this.#batches.length;
    // train()'s schedule: constant, then a straight line to decayTo × lr in the last epoch.
    const rateAt = (epoch: number) => {
      const into = epoch - (epochs - decayEpochs);
      return into <= 0 ? lr : lr * (1 - (1 - decayTo) * into / decayEpochs);
    };
    this.#trainer = new Trainer(this.model, {
      parameters: trainableParameters(this.model),
      optimizer: config.optimizer,
      lr,
      clipNorm: config.clipNorm,
      schedule: (step) => rateAt(Math.floor(step / perEpoch) + 1),
    });
  }

  /** Epochs trained so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /**
   * Measures the validation loss, then trains one epoch; throws
   * `TrainingDivergedError` on a non-finite loss, gradient or weight.
   */
  runEpoch(): EpochReport {
    const epoch = this.#epoch + 1;
    let validation = 0;
    for (const batch of makeBatches(this.split.validation, 64)) {
      validation += this.model.forward(batch);
    }
    let trainLoss = 0, normSum = 0;
    const start = performance.now();
    for (const batch of this.#batches) {
      const report = this.#trainer.step(batch);
      trainLoss += report.loss;
      normSum += report.gradientNorm;
    }
    const seconds = (performance.now() - start) / 1000;
    if (!this.#trainer.weightsFinite()) {
      throw new TrainingDivergedError(
        `Training diverged at epoch ${epoch}: its updates left non-finite weights. ` +
          `Lower the learning rate (now ${this.config.lr}) or keep gradient clipping on.`,
      );
    }
    this.#epoch = epoch;
    const { train, validation: validationSet } = this.split;
    const trainTokens = tokenCount(train);
    return {
      epoch,
      trainLoss: trainLoss / train.length,
      validationLoss: validation / validationSet.length,
      trainTokenNll: trainLoss / trainTokens,
      validationTokenNll: validation / tokenCount(validationSet),
      meanGradientNorm: normSum / this.#batches.length,
      seconds,
      tokensPerSecond: trainTokens / seconds,
    };
  }

  /** Frees the model and the trainer. */
  dispose(): void {
    this.#trainer.dispose();
    this.model.dispose();
  }
}
