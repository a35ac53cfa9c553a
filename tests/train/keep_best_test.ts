// train(..., { keepBest: true }) ends on the parameters with the lowest
// validation loss it measured, not on the last ones.
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../mod.ts";
import { labData, LSTM_LAB_DEFAULTS } from "../../src/lab/experiment.ts";
import { LSTM } from "../../src/lab/models/lstm.ts";
import { makeBatches } from "../../src/models/sequence_batch.ts";
import { train } from "../../src/train/train.ts";

Deno.test("keepBest restores the parameters of the lowest validation loss", () => {
  const config = { ...LSTM_LAB_DEFAULTS, sequences: 60, hiddenSize: 6 };
  const backend = createReferenceBackend();
  const validationLoss = (
    model: LSTM,
    sequences: ReturnType<typeof labData>["split"]["validation"],
  ) => makeBatches(sequences, 64).reduce((sum, batch) => sum + model.forward(batch), 0);
  const run = (keepBest: boolean) => {
    const { random, vocabulary, split } = labData(config);
    const model = new LSTM(backend, { vocabularySize: vocabulary.size, hiddenSize: 6 });
    model.initialize(random);
    // A learning rate too high (5× the lab's), so that the validation loss goes up and
    // down — but not so high that the run ends far above a uniform guess and is refused.
    const reports = train(model, split.train, split.validation, {
      epochs: 8,
      lr: 0.5,
      clipNorm: 0,
      keepBest,
    });
    return {
      reports,
      end: validationLoss(model, split.validation),
      count: split.validation.length,
    };
  };
  const last = run(false), kept = run(true);
  const measured = last.reports.map((report) => report.validationLoss * last.count).concat(
    last.end,
  );
  const lowest = Math.min(...measured);
  // The run is the same up to the end; only the final parameters differ.
  assert.deepEqual(
    kept.reports.map((r) => r.validationLoss),
    last.reports.map((r) => r.validationLoss),
  );
  assert.ok(
    last.end > lowest,
    "the setting should end above its best (else the test proves nothing)",
  );
  assert.ok(Math.abs(kept.end - lowest) < 1e-9, `kept ${kept.end}, lowest ${lowest}`);
});

Deno.test("keepBest without a validation set is refused, not ignored", () => {
  const { random, vocabulary, split } = labData({ ...LSTM_LAB_DEFAULTS, sequences: 20 });
  const model = new LSTM(createReferenceBackend(), {
    vocabularySize: vocabulary.size,
    hiddenSize: 3,
  });
  model.initialize(random);
  assert.throws(
    () => train(model, split.train, [], { epochs: 1, lr: 0.1, keepBest: true }),
    /keepBest needs a validation set/,
  );
});
