// nn.LSTM against PyTorch 1.13: one layer with and without an initial state,
// two layers; outputs, final states, and the gradients of every parameter,
// of the input and of the initial state. Sequences are time-major (T, B, I),
// which is PyTorch's default layout, flattened to (T·B, I).
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import type { Backend } from "../../mod.ts";
import { LSTM } from "../../src/nn/lstm.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

type Case = typeof torchFixtures.lstm_1layer_state;

function check(
  backend: Backend,
  fixture: Case | typeof torchFixtures.lstm_2layer,
  layers: number,
  label: string,
) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  const [T, B, I] = fixture.input.shape;
  const H = fixture.output.shape[2];
  const lstm = new LSTM(backend, { inputSize: I, hiddenSize: H, numLayers: layers });
  const names = lstm.parameters().map((p) => p.name);
  assert.deepEqual(names, Object.keys(fixture.state_dict));
  for (const parameter of lstm.parameters()) {
    parameter.value.data.set(
      (fixture.state_dict as Record<string, { values: number[] }>)[parameter.name].values,
    );
  }
  const withState = "h0" in fixture;
  const tensor = (values: number[], rows: number, width: number) =>
    backend.tensor([rows, width], values);
  const x = tensor(fixture.input.values, T * B, I);
  const h0 = withState ? tensor((fixture as Case).h0.values, layers * B, H) : undefined;
  const c0 = withState ? tensor((fixture as Case).c0.values, layers * B, H) : undefined;
  const { output, hN, cN } = lstm.forward(x, B, h0, c0);
  assertClose(output.data, fixture.output.values, tolerance, `${label} output`);
  assertClose(hN.data, fixture.h_n.values, tolerance, `${label} h_n`);
  assertClose(cN.data, fixture.c_n.values, tolerance, `${label} c_n`);
  const gradients = lstm.backward(
    tensor(fixture.G.values, T * B, H),
    tensor(fixture.Gh.values, layers * B, H),
    tensor(fixture.Gc.values, layers * B, H),
  );
  for (const parameter of lstm.parameters()) {
    const expected = (fixture.grads as Record<string, { values: number[] }>)[parameter.name].values;
    assertClose(parameter.grad.data, expected, tolerance, `${label} d${parameter.name}`);
  }
  assertClose(gradients.dInput!.data, fixture.grad_input.values, tolerance, `${label} d input`);
  if (withState) {
    assertClose(gradients.dh0.data, (fixture as Case).grad_h0.values, tolerance, `${label} d h0`);
    assertClose(gradients.dc0.data, (fixture as Case).grad_c0.values, tolerance, `${label} d c0`);
  }
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`nn.LSTM, one layer, zero state, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.lstm_1layer as unknown as Case, 1, "1 layer");
  });
  Deno.test(`nn.LSTM, one layer, given (h0, c0), matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.lstm_1layer_state, 1, "initial state");
  });
  Deno.test(`nn.LSTM, two layers, matches PyTorch on ${backend.description}`, () => {
    check(backend, torchFixtures.lstm_2layer, 2, "2 layers");
  });
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`nn.LSTM with lengths follows PyTorch's packed sequences on ${backend.description}`, () => {
    const fixture = torchFixtures.lstm_packed;
    const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
    const [T, B, I] = fixture.input.shape;
    const H = fixture.output.shape[2];
    const lstm = new LSTM(backend, { inputSize: I, hiddenSize: H });
    for (const parameter of lstm.parameters()) {
      parameter.value.data.set(
        (fixture.state_dict as Record<string, { values: number[] }>)[parameter.name].values,
      );
    }
    const { output, hN, cN } = lstm.forward(
      backend.tensor([T * B, I], fixture.input.values),
      B,
      undefined,
      undefined,
      fixture.lengths,
    );
    // Past each length the output is exactly zero; h_n, c_n come from each sequence's last step.
    assertClose(output.data, fixture.output.values, tolerance, "packed output");
    assertClose(hN.data, fixture.h_n.values, tolerance, "packed h_n");
    assertClose(cN.data, fixture.c_n.values, tolerance, "packed c_n");
    const { dInput } = lstm.backward(
      backend.tensor([T * B, H], fixture.G.values),
      backend.tensor([B, H], fixture.Gh.values),
      backend.tensor([B, H], fixture.Gc.values),
    );
    for (const parameter of lstm.parameters()) {
      const expected =
        (fixture.grads as Record<string, { values: number[] }>)[parameter.name].values;
      assertClose(parameter.grad.data, expected, tolerance, `packed d${parameter.name}`);
    }
    assertClose(dInput!.data, fixture.grad_input.values, tolerance, "packed d input");
  });
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`nn.LSTM adds the bias gradient onto grads that differ, each its own, on ${backend.description}`, () => {
    const fixture = torchFixtures.lstm_2layer;
    const [T, B, I] = fixture.input.shape;
    const H = fixture.output.shape[2];
    const lstm = new LSTM(backend, { inputSize: I, hiddenSize: H, numLayers: 2 });
    for (const parameter of lstm.parameters()) {
      parameter.value.data.set(
        (fixture.state_dict as Record<string, { values: number[] }>)[parameter.name].values,
      );
    }
    const backward = () => {
      lstm.forward(backend.tensor([T * B, I], fixture.input.values), B);
      lstm.backward(backend.tensor([T * B, H], fixture.G.values));
    };
    const bias = (name: string) => lstm.parameters().find((p) => p.name === name)!.grad;
    backward();
    // From zeros both biases hold the one gradient, bit for bit.
    const gradient = Float64Array.from(bias("bias_ih_l1").data);
    assert.deepEqual(Float64Array.from(bias("bias_hh_l1").data), gradient);
    for (const parameter of lstm.parameters()) backend.zero(parameter.grad);
    const start = Float64Array.from({ length: 4 * H }, (_, i) => (i % 5) - 2);
    bias("bias_hh_l1").data.set(start);
    backward();
    assertClose(bias("bias_ih_l1").data, gradient, { atol: 0, rtol: 0 }, "bias_ih from zero");
    assertClose(
      bias("bias_hh_l1").data,
      start.map((s, i) => s + gradient[i]),
      { atol: 1e-6, rtol: 1e-6 },
      "bias_hh from its own start",
    );
    // Equal but not zero: a second backward without zeroing adds the gradient onto both.
    for (const parameter of lstm.parameters()) backend.zero(parameter.grad);
    backward();
    backward();
    for (const name of ["bias_ih_l1", "bias_hh_l1"]) {
      assertClose(bias(name).data, gradient.map((g) => 2 * g), {
        atol: 1e-6,
        rtol: 1e-6,
      }, `${name} after two backwards`);
    }
  });
}
