// A lab session is train() one epoch at a time: same data as the lab, same
// losses epoch by epoch, the lab's Bayes floor, and settings per model.
import assert from "node:assert/strict";
import { createReferenceBackend, train } from "../../mod.ts";
import {
  anbn,
  anbncn,
  dyck1,
  LAB_MODELS,
  labData,
  LabSession,
  labSessionDefaults,
  LSTM_LAB_DEFAULTS,
  PATTERN_DEFAULTS,
  patternData,
} from "../../src/lab/mod.ts";
import { splitSequences } from "../../src/data/split.ts";
import { assertClose } from "../helpers/assert_close.ts";

Deno.test("a session on aⁿbⁿ with seed 42 trains on the lab's very data set", () => {
  const session = new LabSession(createReferenceBackend(), labSessionDefaults("lstm", anbn));
  const lab = labData(LSTM_LAB_DEFAULTS);
  assert.deepEqual(session.split.train.map((s) => s.words), lab.split.train.map((s) => s.words));
  assert.deepEqual(
    session.split.validation.map((s) => s.words),
    lab.split.validation.map((s) => s.words),
  );
  assert.deepEqual(session.vocabulary.words, lab.vocabulary.words);
  // The README's validation floor: ln 11 per sequence is 0.1934 nats per token on this split.
  assert.equal(session.floor.validation!.toFixed(4), "0.1934");
  session.dispose();
});

for (const kind of ["lstm", "nn-gru"]) {
  Deno.test(`a ${kind} session's epochs report exactly what train() reports for the same settings`, () => {
    const backend = createReferenceBackend();
    const config = {
      ...labSessionDefaults(kind, kind === "lstm" ? anbn : anbncn),
      hiddenSize: 6,
      sequences: 30,
      epochs: 4,
      decayEpochs: 2,
      decayTo: 0.1,
      batchSize: 2,
    };
    const session = new LabSession(backend, config);
    const reports = Array.from({ length: config.epochs }, () => session.runEpoch());
    // The same model and data, trained by the lab's loop in one call.
    const { random, vocabulary, strings } = patternData({
      ...PATTERN_DEFAULTS,
      language: config.language,
      model: "lstm",
      seed: config.seed,
      sequences: config.sequences,
      trainSizes: config.trainSizes,
    });
    const split = splitSequences(strings, vocabulary);
    const model = LAB_MODELS.build(kind, backend, {
      vocabularySize: vocabulary.size,
      hiddenSize: config.hiddenSize,
    }, random);
    const expected = train(model, split.train, split.validation, {
      epochs: config.epochs,
      lr: config.lr,
      batchSize: config.batchSize,
      clipNorm: config.clipNorm,
      optimizer: config.optimizer,
      lrDecay: { epochs: config.decayEpochs, to: config.decayTo },
    });
    const figures = (list: typeof reports) =>
      list.flatMap((r) => [r.trainLoss, r.validationLoss, r.meanGradientNorm]);
    assertClose(figures(reports), figures(expected), { atol: 0, rtol: 0 }, `${kind} epochs`);
    assert.equal(session.epoch, config.epochs);
    session.dispose();
  });
}

Deno.test("a session knows the floor of the counting languages, not of Dyck's", () => {
  const backend = createReferenceBackend();
  const counting = new LabSession(backend, {
    ...labSessionDefaults("nn-lstm", anbncn),
    hiddenSize: 2,
  });
  // aⁿbⁿcⁿ carries as much to guess as aⁿbⁿ (n), over longer strings: a lower floor per token.
  assert.ok(counting.floor.validation! > 0 && counting.floor.validation! < 0.1934);
  const dyck = new LabSession(backend, { ...labSessionDefaults("rnn", dyck1), hiddenSize: 2 });
  assert.deepEqual(dyck.floor, { train: null, validation: null });
  counting.dispose();
  dyck.dispose();
});

Deno.test("a session refuses settings it cannot train with, saying which", () => {
  const backend = createReferenceBackend();
  const base = labSessionDefaults("lstm", anbn);
  assert.throws(() => new LabSession(backend, { ...base, epochs: 0 }), /epochs must be a positive/);
  assert.throws(
    () => new LabSession(backend, { ...base, sequences: 5 }),
    /no training or validation/,
  );
  assert.throws(
    () => new LabSession(backend, { ...base, kind: "gpt" }),
    /Unknown model kind 'gpt'/,
  );
});
