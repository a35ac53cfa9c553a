// nn.RNN (tanh) against PyTorch 1.13: outputs, h_n and the gradients of every
// parameter, of the input and of h0, with a zero and with a given initial state.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import type { Backend } from "../../mod.ts";
import { RNN } from "../../src/nn/rnn.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

type Case = typeof torchFixtures.rnn_1layer_state;

function check(backend: Backend, fixture: Case, label: string) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  const [T, B, I] = fixture.input.shape;
  const H = fixture.output.shape[2];
  const layers = fixture.h_n.shape[0];
  const rnn = new RNN(backend, { inputSize: I, hiddenSize: H, numLayers: layers });
  assert.deepEqual(rnn.parameters().map((p) => p.name), Object.keys(fixture.state_dict));
  for (const parameter of rnn.parameters()) {
    parameter.value.data.set(
      (fixture.state_dict as Record<string, { values: number[] }>)[parameter.name].values,
    );
  }
  const withState = "h0" in fixture;
  const x = backend.tensor([T * B, I], fixture.input.values);
  const h0 = withState ? backend.tensor([B, H], fixture.h0.values) : undefined;
  const { output, hN } = rnn.forward(x, B, h0);
  assertClose(output.data, fixture.output.values, tolerance, `${label} output`);
  assertClose(hN.data, fixture.h_n.values, tolerance, `${label} h_n`);
  const { dInput, dh0 } = rnn.backward(
    backend.tensor([T * B, H], fixture.G.values),
    backend.tensor([layers * B, H], fixture.Gh.values),
  );
  for (const parameter of rnn.parameters()) {
    const expected = (fixture.grads as Record<string, { values: number[] }>)[parameter.name].values;
    assertClose(parameter.grad.data, expected, tolerance, `${label} d${parameter.name}`);
  }
  assertClose(dInput!.data, fixture.grad_input.values, tolerance, `${label} d input`);
  if (withState) assertClose(dh0.data, fixture.grad_h0.values, tolerance, `${label} d h0`);
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`nn.RNN, zero state, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.rnn_1layer as unknown as Case, "zero state");
  });
  Deno.test(`nn.RNN, given h0, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.rnn_1layer_state, "initial state");
  });
  Deno.test(`nn.RNN, 2 layers, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.rnn_2layer as unknown as Case, "2 layers");
  });
}
