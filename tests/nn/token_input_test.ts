// Token ids as input, pinned to PyTorch: nn.Embedding's output and weight
// gradient, and an LSTM whose first product is a gather of weight_ih's
// columns, against nn.LSTM fed the one-hot rows of the same ids.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import type { Backend } from "../../mod.ts";
import { writeOneHot } from "../../src/core/one_hot.ts";
import { Embedding } from "../../src/nn/embedding.ts";
import { LSTM } from "../../src/nn/lstm.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

const fixture = torchFixtures.token_input;
const ids = Int32Array.from(fixture.ids);
const values = (record: unknown, name: string) =>
  (record as Record<string, { values: number[] }>)[name].values;

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;

  Deno.test(`nn.Embedding matches PyTorch's output and weight gradient on ${backend.description}`, () => {
    const { embedding: expected } = fixture;
    const [V, D] = expected.state_dict.weight.shape;
    const embedding = new Embedding(backend, { numEmbeddings: V, embeddingDim: D });
    embedding.weight.value.data.set(expected.state_dict.weight.values);
    const out = embedding.forward(ids);
    assertClose(out.data, expected.output.values, tolerance, "embedding output");
    embedding.backward(backend.tensor([ids.length, D], expected.G.values));
    assertClose(
      embedding.weight.grad.data,
      values(expected.grads, "weight"),
      tolerance,
      "d weight",
    );
  });

  Deno.test(`nn.LSTM on token ids equals PyTorch's nn.LSTM on their one-hot rows on ${backend.description}`, () => {
    const expected = fixture.lstm_one_hot;
    const [V, H] = [expected.input.shape[2], expected.output.shape[2]];
    const B = fixture.batch;
    const lstm = new LSTM(backend, { inputSize: V, hiddenSize: H });
    for (const p of lstm.parameters()) p.value.data.set(values(expected.state_dict, p.name));
    const { output, hN, cN } = lstm.forward(ids, B);
    assertClose(output.data, expected.output.values, tolerance, "output");
    assertClose(hN.data, expected.h_n.values, tolerance, "h_n");
    assertClose(cN.data, expected.c_n.values, tolerance, "c_n");
    const { dInput } = lstm.backward(
      backend.tensor([ids.length, H], expected.G.values),
      backend.tensor([B, H], expected.Gh.values),
      backend.tensor([B, H], expected.Gc.values),
    );
    assert.equal(dInput, null, "token ids have no gradient");
    for (const p of lstm.parameters()) {
      assertClose(p.grad.data, values(expected.grads, p.name), tolerance, `d${p.name}`);
    }
  });

  Deno.test(`token ids and their one-hot rows give identical outputs and weight gradients on ${backend.description}`, () => {
    const V = 6, H = 3, B = 2;
    const run = (input: Int32Array | "one-hot") => {
      const lstm = new LSTM(backend, { inputSize: V, hiddenSize: H, numLayers: 2 });
      for (const p of lstm.parameters()) {
        p.value.data.set(
          Array.from({ length: p.value.size }, (_, i) => Math.sin(i + p.value.size)),
        );
      }
      let x: Int32Array | ReturnType<Backend["tensor"]> = ids;
      if (input === "one-hot") {
        x = backend.tensor([ids.length, V]);
        writeOneHot(x, ids);
      }
      const { output } = lstm.forward(x, B);
      const result = Float64Array.from(output.data);
      lstm.backward(backend.tensor([ids.length, H], Array.from(result, Math.cos)));
      return { result, grads: lstm.parameters().map((p) => Float64Array.from(p.grad.data)) };
    };
    const gathered = run(ids), product = run("one-hot");
    assert.deepEqual(gathered.result, product.result);
    gathered.grads.forEach((grad, i) =>
      assertClose(grad, product.grads[i], { atol: 1e-7, rtol: 1e-6 }, `gradient ${i}`)
    );
  });
}

Deno.test("token ids beyond the input size are refused in one line", () => {
  const backend = createReferenceBackend();
  const lstm = new LSTM(backend, { inputSize: 4, hiddenSize: 2 });
  assert.throws(
    () => lstm.forward(Int32Array.of(0, 4), 1),
    /token id 4 at row 1 is not below inputSize 4/,
  );
  assert.throws(
    () => lstm.forward(Int32Array.of(0, 1, 2), 2),
    /3 token ids do not make T steps of batch 2/,
  );
});
