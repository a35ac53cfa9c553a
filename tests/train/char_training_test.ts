// The char-LM learns for real, its gradients are right, and greedy sampling
// gives back what it learnt.
import assert from "node:assert/strict";
import { createReferenceBackend, createWasmBackend } from "../../mod.ts";
import { CharVocabulary } from "../../src/data/char_vocabulary.ts";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { StreamLoader } from "../../src/data/stream_batches.ts";
import { sampleCharModel } from "../../src/generate/char_sample.ts";
import { CharModel } from "../../src/models/char_model.ts";
import { CHAR_DEFAULTS, splitCorpus, trainCharModel } from "../../src/train/char_training.ts";
import { TrainingDivergedError } from "../../src/train/trainer.ts";
import { assertGradientsMatch, numericGradient } from "../helpers/finite_difference.ts";

const PATTERN = "the quick brown fox jumps over"; // 30 characters

Deno.test("a repeated 30-character pattern is learnt to near-zero loss and sampled back greedily", async () => {
  const { vocabulary, ids } = CharVocabulary.fromUtf8(
    new TextEncoder().encode(PATTERN.repeat(120)),
  );
  const options = {
    ...CHAR_DEFAULTS,
    hiddenSize: 48,
    numLayers: 1,
    batchSize: 8,
    seqLen: 32,
    lr: 0.01,
    warmup: 10,
    // Hundreds of epochs of a 3,600-character text: the CLI's per-epoch decay would stop it early.
    decayRate: 1,
    maxIters: 300,
    evalEvery: 100,
  };
  const { run } = await trainCharModel(splitCorpus(vocabulary, ids, 0.1), options, {}, {
    backend: createWasmBackend(),
  });
  assert.ok(run.bestValidationLoss < 0.05, `validation loss ${run.bestValidationLoss}`);
  assert.ok(run.history[0].trainLoss > 0.5, "it started far from there (ln 27 = 3.3)");
  const { text } = sampleCharModel(run.model, vocabulary, {
    prime: "the quick",
    length: 2 * PATTERN.length,
    temperature: 0,
    random: new NumpyRandom(0),
  });
  assert.equal(text, (PATTERN + PATTERN + PATTERN).slice(9, 9 + 2 * PATTERN.length));
});

for (const [cell, embedding] of [["lstm", 0], ["gru", 3], ["rnn", 0]] as const) {
  Deno.test(`CharModel (${cell}, 2 layers, dropout, embedding ${embedding}): every gradient matches finite differences`, () => {
    const backend = createReferenceBackend();
    const model = new CharModel(backend, {
      cell,
      vocabularySize: 5,
      hiddenSize: 4,
      numLayers: 2,
      dropout: 0.25,
      embedding,
    });
    model.initialize(new NumpyRandom(3));
    // A batch that starts an epoch: each evaluation begins from the zero state.
    const batch = new StreamLoader(Uint8Array.from([0, 3, 1, 4, 2, 2, 0, 1, 3, 4, 1, 0, 2]), 2, 5)
      .next();
    const loss = () => {
      model.dropoutRandom = new NumpyRandom(9); // the same masks every time
      return model.forward(batch);
    };
    loss();
    for (const p of model.parameters) backend.zero(p.grad);
    model.backward();
    for (const p of model.parameters) {
      assertGradientsMatch(p.grad.data, numericGradient(loss, p.value.data), p.name);
    }
  });
}

Deno.test("a non-finite weight stops char training at the first update, before anything is updated", async () => {
  const backend = createReferenceBackend();
  const { vocabulary, ids } = CharVocabulary.fromUtf8(
    new TextEncoder().encode("abcabc".repeat(30)),
  );
  const model = new CharModel(backend, {
    cell: "lstm",
    vocabularySize: vocabulary.size,
    hiddenSize: 4,
  });
  model.parameters[1].value.data[0] = NaN;
  const options = {
    ...CHAR_DEFAULTS,
    hiddenSize: 4,
    batchSize: 2,
    seqLen: 4,
    maxIters: 5,
    evalEvery: 5,
  };
  const resume = { model, vocabulary, trainer: null, metadata: {} };
  await assert.rejects(
    trainCharModel(splitCorpus(vocabulary, ids, 0.1), options, {}, { backend, resume }),
    (error: Error) =>
      error instanceof TrainingDivergedError && /update 1: loss NaN/.test(error.message),
  );
});
