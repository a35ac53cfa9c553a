// The trace a page draws: the same continuation freestyle() gives, the
// model's own probabilities and states at every step, for every cell.
import assert from "node:assert/strict";
import { createReferenceBackend, freestyle, NumpyRandom } from "../../mod.ts";
import {
  anbn,
  continuationPrompt,
  LAB_MODELS,
  LabSession,
  labSessionDefaults,
  LANGUAGES,
  traceContinuation,
} from "../../src/lab/mod.ts";
import { Vocabulary } from "../../src/data/vocabulary.ts";
import { assertClose } from "../helpers/assert_close.ts";

Deno.test("a trained LSTM's trace continues aⁿb exactly as freestyle() does, with its probabilities", () => {
  const session = new LabSession(createReferenceBackend(), {
    ...labSessionDefaults("lstm", anbn),
    hiddenSize: 8,
  });
  for (let i = 0; i < 3; i++) session.runEpoch();
  const { model, vocabulary } = session;
  const { prompt } = continuationPrompt(anbn, 12);
  const trace = traceContinuation(model, vocabulary, prompt, { maxTokens: 20, stopWord: "EOS" });
  const greedy = freestyle(model, vocabulary, prompt, { maxTokens: 20, stopWord: "EOS" });
  assert.deepEqual(trace.generated, greedy.generated);
  assert.equal(trace.stopped, greedy.stopped);
  // One step per fed word; the probabilities are the model's own for that prefix.
  assert.equal(
    trace.steps.length,
    prompt.length + trace.generated.length - (trace.stopped ? 1 : 0),
  );
  const state = model.createState();
  const fed = trace.steps.map((step) => vocabulary.index(step.input));
  fed.forEach((token, t) => {
    assertClose(
      model.step(state, token),
      trace.steps[t].probabilities,
      { atol: 0, rtol: 0 },
      `step ${t}`,
    );
  });
  assert.ok(trace.steps.every((step) => step.cell?.length === 8 && step.hidden.length === 8));
  session.dispose();
});

Deno.test("every lab kind gives hidden states, and cell states exactly where it has a cell", () => {
  const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
  for (const kind of ["rnn", "lstm", "nn-lstm", "nn-gru"]) {
    const model = LAB_MODELS.build(kind, createReferenceBackend(), {
      vocabularySize: 4,
      hiddenSize: 5,
    }, new NumpyRandom(1));
    const trace = traceContinuation(model, vocabulary, ["a", "a", "b"], { maxTokens: 3 });
    const withCell = kind === "lstm" || kind === "nn-lstm";
    assert.equal(trace.steps.length, 5, kind);
    assert.ok(trace.steps.every((step) => step.hidden.length === 5), kind);
    assert.ok(trace.steps.every((step) => (step.cell !== null) === withCell), kind);
    assert.ok(trace.steps.some((step) => step.hidden.some((h) => h !== 0)), kind);
    assert.deepEqual(trace.steps.map((step) => step.fromPrompt), [true, true, true, false, false]);
  }
});

Deno.test("every language's prompt plus its expected continuation is its first test string", () => {
  for (const language of LANGUAGES) {
    for (const n of [1, 5, 12]) {
      const { prompt, expected } = continuationPrompt(language, n);
      assert.deepEqual(
        [...prompt, ...expected],
        language.testStrings(n)[0],
        `${language.name} ${n}`,
      );
      assert.ok(prompt.length > 0 && expected.at(-1) === "EOS");
    }
  }
  assert.throws(() => continuationPrompt(anbn, 0), /positive integer, got 0/);
});
