// The lab's training loop, for any SequenceModel: each epoch first measures
// the validation loss, then trains on the training set in order — one update
// per batch (per sequence by default) — through the step-based Trainer.
import type { SequenceModel } from "../models/model.ts";
import { trainableParameters } from "../models/model.ts";
import { Trainer, TrainingDivergedError } from "./trainer.ts";
import { type Batching, makeBatches } from "../models/sequence_batch.ts";
import type { EncodedSequence } from "../data/split.ts";
import { tokenCount } from "../data/split.ts";
import { farAboveUniform } from "./far_above_uniform.ts";

export { TrainingDivergedError };

/** Hyper-parameters of {@linkcode train}. */
export interface TrainOptions {
  epochs: number;
  /** SGD learning rate. */
  lr: number;
  /** Sequences per update (the lab: 1). */
  batchSize?: number;
  /**
   * With batchSize > 1: `"order"` (default) takes consecutive sequences;
   * `"length"` groups similar lengths — less padding, so faster, but batches
   * of one length give less varied gradients (on the lab's data the RNN ends
   * at 0.288 instead of 0.248 nats per token).
   */
  batching?: Batching;
  /** Global gradient-norm limit (the lab: 0.25); 0 turns clipping off. */
  clipNorm?: number;
  /** SGD momentum (the lab: 0). */
  momentum?: number;
  /** `"sgd"` (the lab's from-scratch loop, default) or `"adam"` (its PyTorch exercise). */
  optimizer?: "sgd" | "adam";
  /** Adam's β1, β2 (default 0.9, 0.999). */
  betas?: [number, number];
  /**
   * Lowers the learning rate linearly over the last `epochs` epochs, down to
   * `to` × lr in the final one — it removes most of the noise of one-sequence
   * updates from the end point.
   */
  lrDecay?: { epochs: number; to: number };
  /**
   * Ends with the parameters that had the lowest validation loss — measured
   * before every epoch, as always, and once more after the last — instead of
   * the last ones: early stopping without stopping, against overfitting.
   */
  keepBest?: boolean;
  /** Called after every epoch, e.g. to print or to plot. */
  onEpoch?: (report: EpochReport) => void;
  /** Called after every update, e.g. for a progress bar. */
  onStep?: (progress: StepProgress) => void;
}

/** Where training is, for progress displays. */
export interface StepProgress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  loss: number;
  gradientNorm: number;
}

/** One epoch's figures, as the lab records them plus timing. */
export interface EpochReport {
  /** 1-based. */
  epoch: number;
  /** Mean summed NLL per training sequence, accumulated while training (the lab's "training loss"). */
  trainLoss: number;
  /** Mean summed NLL per validation sequence, measured before the epoch's updates (the lab's order). */
  validationLoss: number;
  /** The same two per predicted token. */
  trainTokenNll: number;
  validationTokenNll: number;
  /** Mean global gradient norm before clipping. */
  meanGradientNorm: number;
  /** Wall-clock seconds of the epoch's training updates (validation excluded). */
  seconds: number;
  /** Training tokens per second of update time. */
  tokensPerSecond: number;
}

/** Summed loss of a set of sequences, forward only, per sequence mean and per token. */
function validationLoss(
  model: SequenceModel,
  sequences: readonly EncodedSequence[],
  batchSize: number,
): number {
  let loss = 0;
  for (const batch of makeBatches(sequences, batchSize)) loss += model.forward(batch);
  return loss;
}

/**
 * Trains `model` on `train`, measuring `validation` before each epoch.
 * Aborts with {@linkcode TrainingDivergedError} on the first non-finite loss
 * or gradient norm, before any update is applied with it, after an epoch
 * whose updates left a weight non-finite, and at the end when the final loss
 * per token — on the validation set after the last update (with `keepBest`,
 * the best one), or without one the last epoch's training loss — is more than
 * twice a uniform guess's.
 *
 * @returns One report per epoch.
 *
 * @example A few epochs lower the validation loss
 * ```ts
 * import { train } from "./train.ts";
 * import { RNN } from "../lab/models/rnn.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { encodeSequence } from "../data/split.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const data = [["a", "b", "EOS"], ["a", "a", "b", "b", "EOS"]]
 *   .map((words) => encodeSequence(words, vocabulary));
 * const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 8 });
 * model.initialize(new NumpyRandom(0));
 * const reports = train(model, data, data, { epochs: 3, lr: 0.1 });
 * assert.ok(reports[2].validationLoss < reports[0].validationLoss);
 * ```
 */
export function train(
  model: SequenceModel,
  trainSet: readonly EncodedSequence[],
  validationSet: readonly EncodedSequence[],
  options: TrainOptions,
): EpochReport[] {
  const { epochs, lr, batchSize = 1, clipNorm = 0.25, momentum = 0, optimizer = "sgd" } = options;
  const [beta1, beta2] = options.betas ?? [0.9, 0.999];
  const decay = options.lrDecay ?? { epochs: 0, to: 1 };
  if (!Number.isInteger(decay.epochs) || decay.epochs < 0 || !(decay.to > 0 && decay.to <= 1)) {
    throw new RangeError(
      `lrDecay needs whole epochs ≥ 0 and a final factor in (0, 1], got ${JSON.stringify(decay)}`,
    );
  }
  // The learning rate of an epoch: constant, then a straight line to to × lr.
  const rateAt = (epoch: number) => {
    const into = epoch - (epochs - decay.epochs);
    return into <= 0 ? lr : lr * (1 - (1 - decay.to) * into / decay.epochs);
  };
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`epochs must be a non-negative integer, got ${epochs}`);
  }
  if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`lr must be positive, got ${lr}`);
  if (!(clipNorm >= 0)) throw new RangeError(`clipNorm must be ≥ 0, got ${clipNorm}`);
  if (trainSet.length === 0) throw new RangeError("The training set is empty");
  if (options.keepBest && validationSet.length === 0) {
    throw new RangeError("keepBest needs a validation set to pick the best epoch by");
  }
  const batches = makeBatches(trainSet, batchSize, options.batching ?? "order");
  const trainTokens = tokenCount(trainSet);
  const validationTokens = tokenCount(validationSet);
  const parameters = trainableParameters(model);
  // The schedule is per epoch; the trainer counts updates.
  const trainer = new Trainer(model, {
    parameters,
    optimizer,
    lr,
    momentum,
    betas: [beta1, beta2],
    clipNorm,
    schedule: (step) => rateAt(Math.floor(step / batches.length) + 1),
  });
  const reports: EpochReport[] = [];
  // The best parameters so far, copied out when keepBest is on.
  let best = { loss: Infinity, values: [] as Float64Array[] };
  const remember = (loss: number) => {
    if (!options.keepBest || !(loss < best.loss)) return;
    best = { loss, values: parameters.map((parameter) => Float64Array.from(parameter.value.data)) };
  };
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const validation = validationSet.length ? validationLoss(model, validationSet, 64) : NaN;
      remember(validation);
      let trainLoss = 0, normSum = 0;
      const start = performance.now();
      for (let step = 0; step < batches.length; step++) {
        let report;
        try {
          report = trainer.step(batches[step]);
        } catch (error) {
          // Said in the lab's terms: the epoch, the update within it, the base rate.
          if (!(error instanceof TrainingDivergedError) || !error.update) throw error;
          const { loss, gradientNorm } = error.update;
          throw new TrainingDivergedError(
            `Training diverged at epoch ${epoch}, update ${step + 1}: loss ${loss}, ` +
              `gradient norm ${gradientNorm}. ` +
              `Lower the learning rate (now ${lr}) or keep gradient clipping on.`,
            error.update,
          );
        }
        trainLoss += report.loss;
        normSum += report.gradientNorm;
        options.onStep?.({
          epoch,
          step: step + 1,
          stepsPerEpoch: batches.length,
          loss: report.loss,
          gradientNorm: report.gradientNorm,
        });
      }
      const seconds = (performance.now() - start) / 1000;
      // An update can overflow the weights themselves (a huge learning rate):
      // the next forward pass would catch it, but the last update has none.
      if (!trainer.weightsFinite()) {
        throw new TrainingDivergedError(
          `Training diverged at epoch ${epoch}: its updates left non-finite weights. ` +
            `Lower the learning rate (now ${lr}) or keep gradient clipping on.`,
        );
      }
      const report: EpochReport = {
        epoch,
        trainLoss: trainLoss / trainSet.length,
        validationLoss: validation / validationSet.length,
        trainTokenNll: trainLoss / trainTokens,
        validationTokenNll: validation / validationTokens,
        meanGradientNorm: normSum / batches.length,
        seconds,
        tokensPerSecond: trainTokens / seconds,
      };
      reports.push(report);
      options.onEpoch?.(report);
    }
    if (epochs > 0) {
      let final: { loss: number; measured: string };
      if (options.keepBest && validationSet.length) {
        remember(validationLoss(model, validationSet, 64));
        if (best.values.length) {
          parameters.forEach((parameter, i) => parameter.value.data.set(best.values[i]));
        }
        final = { loss: best.loss / validationTokens, measured: "best validation" };
      } else if (validationSet.length) {
        const loss = validationLoss(model, validationSet, 64) / validationTokens;
        final = { loss, measured: "validation" };
      } else {
        final = { loss: reports[reports.length - 1].trainTokenNll, measured: "training" };
      }
      const diverged = farAboveUniform(model, final.loss, final.measured);
      if (diverged) {
        throw new TrainingDivergedError(
          `Training diverged: after ${epochs} epoch${epochs === 1 ? "" : "s"} ${diverged}. ` +
            `Lower the learning rate (now ${lr}) or keep gradient clipping on.`,
        );
      }
    }
  } finally {
    trainer.dispose();
  }
  return reports;
}
