// Export to PyTorch's layout: the converted weights compute what the model
// computes — checked in TypeScript (export, import as nn, same probabilities)
// and, where PyTorch is installed, live: torch loads the file with
// load_state_dict(strict=True) and must produce our logits.
import assert from "node:assert/strict";
import { createReferenceBackend, LSTM, NumpyRandom, RNN, type SequenceModel } from "../../mod.ts";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.ts";
import { makeBatch } from "../../src/models/sequence_batch.ts";
import { NnSequenceModel } from "../../src/models/nn_sequence_model.ts";
import { modelFromTorchStateDict, torchStateDict } from "../../src/models/torch_export.ts";
import { LAB_MODELS } from "../../src/lab/models/registry.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { PYTHON as python, torchAvailable } from "../helpers/torch_available.ts";

const backend = createReferenceBackend();
const tokens = [0, 0, 0, 1, 1, 1, 2];
const batch = makeBatch([{
  words: [],
  inputs: Int32Array.from(tokens.slice(0, -1)),
  targets: Int32Array.from(tokens.slice(1)),
}]);

function logitsOf(model: SequenceModel): number[] {
  model.forward(batch);
  // log p = logits − logsumexp: compare log-probabilities, which fix logits up to a per-row constant.
  return [...model.probabilities.data].map(Math.log);
}

function labLstm(): LSTM {
  const model = new LSTM(backend, { vocabularySize: 4, hiddenSize: 6 });
  model.initialize(new NumpyRandom(3));
  model.b.value.data.forEach((_, i, d) => d[i] = 0.1 * Math.sin(i));
  model.bv.value.data.set([0.3, -0.2, 0.1, 0]);
  return model;
}

function labRnn(): RNN {
  const model = new RNN(backend, { vocabularySize: 4, hiddenSize: 6 });
  model.initialize(new NumpyRandom(4));
  model.bHidden.value.data.forEach((_, i, d) => d[i] = 0.1 * Math.cos(i));
  model.bOut.value.data.set([0.3, -0.2, 0.1, 0]);
  return model;
}

function nnGru(): NnSequenceModel {
  const model = new NnSequenceModel(backend, {
    cell: "gru",
    vocabularySize: 4,
    hiddenSize: 5,
    numLayers: 2,
  });
  model.initialize(new NumpyRandom(5));
  return model;
}

Deno.test("the lab's LSTM exported to PyTorch's layout and imported as nn.LSTM computes the same", () => {
  const model = labLstm();
  const file = encodeSafetensors(torchStateDict(model, LAB_MODELS));
  const imported = modelFromTorchStateDict(
    decodeSafetensors(file, "memory").tensors,
    backend,
    "memory",
  );
  assert.equal(imported.kind, "nn-lstm");
  assertClose(
    logitsOf(imported),
    logitsOf(model),
    { atol: 1e-12, rtol: 1e-12 },
    "log-probabilities",
  );
});

Deno.test("an nn.GRU (2 layers) survives export and import unchanged", () => {
  const model = nnGru();
  const imported = modelFromTorchStateDict(torchStateDict(model, LAB_MODELS), backend, "memory");
  assertClose(logitsOf(imported), logitsOf(model), { atol: 0, rtol: 0 }, "log-probabilities");
});

Deno.test({
  name:
    "live round trip: PyTorch loads the exported LSTM, RNN and 2-layer GRU and gives our logits",
  ignore: !torchAvailable,
  fn: async () => {
    const directory = await Deno.makeTempDir();
    try {
      for (
        const [label, model] of [["lab LSTM", labLstm()], ["lab RNN", labRnn()], [
          "nn GRU",
          nnGru(),
        ]] as const
      ) {
        const path = `${directory}/${label.replace(" ", "_")}.safetensors`;
        await Deno.writeFile(path, encodeSafetensors(torchStateDict(model, LAB_MODELS)));
        const helper = new URL("../helpers/torch_logits.py", import.meta.url).pathname;
        const { code, stdout, stderr } = await new Deno.Command(python, {
          args: [helper, path, ...tokens.slice(0, -1).map(String)],
        }).output();
        assert.equal(code, 0, new TextDecoder().decode(stderr));
        const torchLogits: number[] = JSON.parse(new TextDecoder().decode(stdout)).logits;
        const V = 4;
        const torchLogProbabilities = torchLogits.map((value, i) => {
          const row = torchLogits.slice(i - (i % V), i - (i % V) + V);
          const max = Math.max(...row);
          return value - max - Math.log(row.reduce((sum, x) => sum + Math.exp(x - max), 0));
        });
        assertClose(
          torchLogProbabilities,
          logitsOf(model),
          { atol: 1e-10, rtol: 1e-9 },
          `${label} vs torch`,
        );
      }
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});
