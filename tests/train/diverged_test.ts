// train() never hands back a model trained on, or into, non-finite numbers, nor
// one that ends far worse than a uniform guess.
import assert from "node:assert/strict";
import { createReferenceBackend, createWasmBackend } from "../../mod.ts";
import { labData, LSTM_LAB_DEFAULTS } from "../../src/lab/experiment.ts";
import { LSTM } from "../../src/lab/models/lstm.ts";
import { train, TrainingDivergedError } from "../../src/train/train.ts";

const setup = (backend = createReferenceBackend()) => {
  const { random, vocabulary, split } = labData({ ...LSTM_LAB_DEFAULTS, sequences: 20 });
  const model = new LSTM(backend, { vocabularySize: vocabulary.size, hiddenSize: 4 });
  model.initialize(random);
  return { model, split };
};

Deno.test("an update that overflows the weights is caught even when it is the last one", () => {
  for (const backend of [createReferenceBackend(), createWasmBackend()]) {
    const { model, split } = setup(backend);
    // One batch of everything, one epoch: a single update, and no forward pass after it.
    assert.throws(
      () => train(model, split.train, [], { epochs: 1, lr: 1e308, batchSize: 1000, clipNorm: 0 }),
      (error: Error) =>
        error instanceof TrainingDivergedError &&
        /epoch 1: its updates left non-finite/.test(error.message),
    );
  }
});

Deno.test("a non-finite loss stops training before the update", () => {
  const { model, split } = setup();
  model.W.value.data[0] = NaN;
  assert.throws(
    () => train(model, split.train, [], { epochs: 1, lr: 0.1 }),
    (error: Error) =>
      error instanceof TrainingDivergedError && /update 1: loss NaN/.test(error.message),
  );
});

Deno.test("a sane run is not flagged", () => {
  const { model, split } = setup();
  const reports = train(model, split.train, [], { epochs: 2, lr: 0.1 });
  assert.equal(reports.length, 2);
  assert.ok(reports.every((report) => Number.isFinite(report.trainLoss)));
});

Deno.test("a run whose losses stay finite but end far above a uniform guess's is stopped", () => {
  for (const withValidation of [true, false]) {
    const { model, split } = setup();
    // Clipped steps of lr 1e6 saturate every gate: finite, and worse than guessing.
    const validation = withValidation ? split.validation : [];
    assert.throws(
      () => train(model, split.train, validation, { epochs: 1, lr: 1e6 }),
      (error: Error) =>
        error instanceof TrainingDivergedError &&
        new RegExp(
          `after 1 epoch the final ${
            withValidation ? "validation" : "training"
          } loss is \\d+\\.\\d ` +
            "nats per token, more than 2× the 1\\.386 \\(ln 4\\) of guessing uniformly",
        ).test(error.message),
    );
  }
});
