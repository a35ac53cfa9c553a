// A saved model comes back identical, and a wrong file is refused by name.
import assert from "node:assert/strict";
import {
  CheckpointError,
  createReferenceBackend,
  EOS,
  freestyle,
  getBackend,
  LAB_MODELS,
  loadCheckpoint,
  modelCheckpoint,
  NnSequenceModel,
  NumpyRandom,
  restoreModel,
  RNN,
  saveCheckpoint,
  Vocabulary,
} from "../../mod.ts";

const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);

for (const backend of [getBackend("wasm"), createReferenceBackend()]) {
  Deno.test(`RNN checkpoint round trip on ${backend.description}: same weights, same freestyle`, async () => {
    const model = new RNN(backend, { vocabularySize: 4, hiddenSize: 6 });
    model.initialize(new NumpyRandom(5));
    const directory = await Deno.makeTempDir();
    try {
      const path = `${directory}/model.ckpt`;
      await saveCheckpoint(path, modelCheckpoint(model, vocabulary, { note: "test" }, LAB_MODELS));
      const loaded = restoreModel(await loadCheckpoint(path, "rnn"), backend, path, LAB_MODELS);
      assert.deepEqual(loaded.vocabulary.words, vocabulary.words);
      for (const [i, parameter] of model.parameters.entries()) {
        assert.deepEqual([...loaded.model.parameters[i].value.data], [...parameter.value.data]);
      }
      const prompt = ["a", "a", "b"];
      assert.deepEqual(
        freestyle(loaded.model, loaded.vocabulary, prompt, { stopWord: EOS }),
        freestyle(model, vocabulary, prompt, { stopWord: EOS }),
      );
      await assert.rejects(() => loadCheckpoint(path, "lstm"), (error: Error) => {
        assert.ok(error instanceof CheckpointError);
        assert.match(error.message, /model\.ckpt.*expected kind 'lstm', found 'rnn'/);
        return true;
      });
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  });
}

Deno.test("restoreModel() names the file and the parameter when shapes disagree", () => {
  const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 6 });
  const checkpoint = modelCheckpoint(model, vocabulary, {}, LAB_MODELS);
  checkpoint.tensors[1] = { ...checkpoint.tensors[1], shape: [5, 7] };
  assert.throws(
    () => restoreModel(checkpoint, createReferenceBackend(), "x.ckpt", LAB_MODELS),
    (error: Error) => {
      assert.ok(error instanceof CheckpointError);
      assert.match(error.message, /'x\.ckpt'.*parameter 'V' has shape \[5, 7\], expected \[6, 6\]/);
      return true;
    },
  );
});

Deno.test("restoreModel() refuses sizes in the metadata that no model can have, in one CheckpointError", () => {
  const backend = createReferenceBackend();
  const nn = new NnSequenceModel(backend, { cell: "lstm", vocabularySize: 4, hiddenSize: 5 });
  for (
    const [change, pattern] of [
      [{ hiddenSize: 1e6 }, /hiddenSize 1000000 matches no stored tensor/],
      [{ hiddenSize: -1 }, /hiddenSize -1 matches no stored tensor/],
      [{ numLayers: 0 }, /numLayers 0 does not match its 1 stored layers/],
      [{ numLayers: 1.5 }, /numLayers 1.5 does not match its 1 stored layers/],
      [{ numLayers: 100000 }, /numLayers 100000 does not match its 1 stored layers/],
      [
        { peephole: true },
        /does not describe a nn-lstm model|parameter 'lstm\.weight_peephole_l0'/,
      ],
    ] as const
  ) {
    const checkpoint = modelCheckpoint(nn, vocabulary);
    Object.assign(checkpoint.metadata, change);
    assert.throws(
      () => restoreModel(checkpoint, backend, "x.ckpt"),
      (error: Error) => error instanceof CheckpointError && pattern.test(error.message),
      JSON.stringify(change),
    );
  }
});

Deno.test("a peephole LSTM survives a checkpoint and is refused by the PyTorch export", async () => {
  const { NnSequenceModel } = await import("../../src/models/nn_sequence_model.ts");
  const { torchStateDict } = await import("../../src/models/torch_export.ts");
  const backend = createReferenceBackend();
  const model = new NnSequenceModel(backend, {
    cell: "lstm",
    vocabularySize: 4,
    hiddenSize: 5,
    peephole: true,
  });
  model.initialize(new NumpyRandom(3));
  assert.ok(model.parameters.some((p) => p.name === "lstm.weight_peephole_l0"));
  const loaded = restoreModel(modelCheckpoint(model, vocabulary), backend, "memory");
  assert.deepEqual(
    loaded.model.parameters.map((p) => [p.name, [...p.value.data]]),
    model.parameters.map((p) => [p.name, [...p.value.data]]),
  );
  const prompt = ["a", "a", "b"];
  assert.deepEqual(
    freestyle(loaded.model, loaded.vocabulary, prompt, { stopWord: EOS }),
    freestyle(model, vocabulary, prompt, { stopWord: EOS }),
  );
  assert.throws(() => torchStateDict(model), /no peephole connections/);
  assert.throws(
    () =>
      new NnSequenceModel(backend, {
        cell: "gru",
        vocabularySize: 4,
        hiddenSize: 5,
        peephole: true,
      }),
    /Peephole connections need an LSTM/,
  );
});
