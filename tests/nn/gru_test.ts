// nn.GRU against PyTorch 1.13: outputs, h_n and the gradients of every
// parameter, of the input and of h0, with a zero and with a given initial state.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import type { Backend } from "../../mod.ts";
import { GRU } from "../../src/nn/gru.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

type Case = typeof torchFixtures.gru_1layer_state;

function check(backend: Backend, fixture: Case, label: string) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  const [T, B, I] = fixture.input.shape;
  const H = fixture.output.shape[2];
  const gru = new GRU(backend, { inputSize: I, hiddenSize: H });
  assert.deepEqual(gru.parameters().map((p) => p.name), Object.keys(fixture.state_dict));
  for (const parameter of gru.parameters()) {
    parameter.value.data.set(
      (fixture.state_dict as Record<string, { values: number[] }>)[parameter.name].values,
    );
  }
  const withState = "h0" in fixture;
  const x = backend.tensor([T * B, I], fixture.input.values);
  const h0 = withState ? backend.tensor([B, H], fixture.h0.values) : undefined;
  const { output, hN } = gru.forward(x, B, h0);
  assertClose(output.data, fixture.output.values, tolerance, `${label} output`);
  assertClose(hN.data, fixture.h_n.values, tolerance, `${label} h_n`);
  const { dInput, dh0 } = gru.backward(
    backend.tensor([T * B, H], fixture.G.values),
    backend.tensor([B, H], fixture.Gh.values),
  );
  for (const parameter of gru.parameters()) {
    const expected = (fixture.grads as Record<string, { values: number[] }>)[parameter.name].values;
    assertClose(parameter.grad.data, expected, tolerance, `${label} d${parameter.name}`);
  }
  assertClose(dInput!.data, fixture.grad_input.values, tolerance, `${label} d input`);
  if (withState) assertClose(dh0.data, fixture.grad_h0.values, tolerance, `${label} d h0`);
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`nn.GRU, zero state, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.gru_1layer as unknown as Case, "zero state");
  });
  Deno.test(`nn.GRU, given h0, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.gru_1layer_state, "initial state");
  });
}
