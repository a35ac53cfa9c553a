// State dicts: a round trip between two models, and strict loading that
// names every missing, unexpected or misshapen entry.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend, nn, NumpyRandom } from "../../mod.ts";
import { torchFixtures } from "../helpers/torch_fixtures.ts";

Deno.test("stateDict() then loadStateDict() copies an LSTM exactly, across backends", () => {
  const source = new nn.LSTM(createReferenceBackend(), {
    inputSize: 4,
    hiddenSize: 3,
    numLayers: 2,
  });
  source.initialize(new NumpyRandom(9));
  const target = new nn.LSTM(getBackend("wasm"), { inputSize: 4, hiddenSize: 3, numLayers: 2 });
  nn.loadStateDict(target.parameters(), nn.stateDict(source.parameters()));
  source.parameters().forEach((parameter, i) =>
    assert.deepEqual([...target.parameters()[i].value.data], [
      ...Float32Array.from(parameter.value.data),
    ])
  );
});

Deno.test("a PyTorch state dict loads by name; strict loading lists every problem", () => {
  const lstm = new nn.LSTM(createReferenceBackend(), { inputSize: 4, hiddenSize: 3 });
  const dict: nn.StateDict = Object.fromEntries(
    Object.entries(torchFixtures.lstm_1layer.state_dict).map(([name, entry]) => [
      name,
      { shape: entry.shape, values: Float64Array.from(entry.values) },
    ]),
  );
  nn.loadStateDict(lstm.parameters(), dict);
  assert.deepEqual(
    [...lstm.parameters()[0].value.data],
    torchFixtures.lstm_1layer.state_dict.weight_ih_l0.values,
  );
  const broken: nn.StateDict = { ...dict, extra: { shape: [1], values: Float64Array.of(0) } };
  delete broken.bias_hh_l0;
  broken.weight_hh_l0 = { shape: [3, 3], values: new Float64Array(9) };
  assert.throws(() => nn.loadStateDict(lstm.parameters(), broken), (error: Error) => {
    assert.ok(error instanceof RangeError);
    for (
      const part of [
        "missing 'bias_hh_l0'",
        "unexpected 'extra'",
        "'weight_hh_l0' is [3, 3], expected [12, 3]",
      ]
    ) {
      assert.ok(error.message.includes(part), `${error.message} should mention ${part}`);
    }
    return true;
  });
});
