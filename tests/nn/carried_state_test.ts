// Truncated BPTT with the state carried across batches, pinned to PyTorch:
// two chunks with (h, c) carried and detach()ed between them give the long
// sequence's outputs, and the gradients PyTorch accumulates over both chunks.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import { CarriedState } from "../../src/nn/carried_state.ts";
import { LSTM } from "../../src/nn/lstm.ts";
import { GRU } from "../../src/nn/gru.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

const fixture = torchFixtures.stateful_lstm;
const values = (record: unknown, name: string) =>
  (record as Record<string, { values: number[] }>)[name].values;

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  Deno.test(`nn.LSTM with a CarriedState over two chunks matches PyTorch's detach() on ${backend.description}`, () => {
    const [T, B, I] = fixture.input.shape;
    const [L, , H] = fixture.h_n.shape;
    const chunk = fixture.chunk;
    const lstm = new LSTM(backend, { inputSize: I, hiddenSize: H, numLayers: L });
    for (const p of lstm.parameters()) p.value.data.set(values(fixture.state_dict, p.name));
    const whole = lstm.forward(backend.tensor([T * B, I], fixture.input.values), B);
    assertClose(whole.output.data, fixture.whole_output.values, tolerance, "whole sequence");
    const carried = new CarriedState(backend, {
      numLayers: L,
      batch: B,
      hiddenSize: H,
      cell: true,
    });
    const outputs: number[] = [];
    for (let start = 0; start < T; start += chunk) {
      const rows = (from: number, width: number, all: number[]) =>
        all.slice(from * B * width, (from + chunk) * B * width);
      const x = backend.tensor([chunk * B, I], rows(start, I, fixture.input.values));
      const { output, hN, cN } = lstm.forward(x, B, carried.h, carried.c!);
      outputs.push(...output.data);
      carried.carry(hN, cN); // before backward: the forward's c0 must survive it
      lstm.backward(backend.tensor([chunk * B, H], rows(start, H, fixture.G.values)));
    }
    assertClose(Float64Array.from(outputs), fixture.output.values, tolerance, "chunked output");
    assertClose(Float64Array.from(outputs), fixture.whole_output.values, tolerance, "= whole");
    assertClose(carried.h.data, fixture.h_n.values, tolerance, "carried h");
    assertClose(carried.c!.data, fixture.c_n.values, tolerance, "carried c");
    for (const p of lstm.parameters()) {
      assertClose(p.grad.data, values(fixture.grads, p.name), tolerance, `truncated d${p.name}`);
    }
  });
}

Deno.test("CarriedState's state() and restore() round-trip through JSON, and refuse a wrong shape", () => {
  const backend = createReferenceBackend();
  const a = new CarriedState(backend, { numLayers: 2, batch: 3, hiddenSize: 2, cell: false });
  const gru = new GRU(backend, { inputSize: 1, hiddenSize: 2, numLayers: 2 });
  gru.initialize({ randomSample: () => 0.9 });
  a.carry(gru.forward(backend.tensor([6, 1], [1, 2, 3, 4, 5, 6]), 3, a.h).hN);
  const b = new CarriedState(backend, { numLayers: 2, batch: 3, hiddenSize: 2, cell: false });
  b.restore(JSON.parse(JSON.stringify(a.state())));
  assert.deepEqual([...b.h.data], [...a.h.data]);
  assert.ok(a.h.data.some((v) => v !== 0));
  assert.throws(() => b.restore({ h: [1, 2], c: null }), /expected h of 12 finite numbers/);
  a.reset();
  assert.ok(a.h.data.every((v) => v === 0));
});
