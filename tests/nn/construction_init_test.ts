// nn modules are initialised when they are built, as PyTorch's are: uniform
// in ±1/√fan from the generator the options give, or else from a fresh one
// seeded with DEFAULT_INIT_SEED — never zeros, never a generator not given.
import assert from "node:assert/strict";
import { createReferenceBackend, nn, NumpyRandom } from "../../mod.ts";
import type { Parameter } from "../../src/core/parameter.ts";

const backend = createReferenceBackend();

const built = () => ({
  lstm: (random?: NumpyRandom) => new nn.LSTM(backend, { inputSize: 4, hiddenSize: 9, random }),
  gru: (random?: NumpyRandom) => new nn.GRU(backend, { inputSize: 4, hiddenSize: 9, random }),
  rnn: (random?: NumpyRandom) => new nn.RNN(backend, { inputSize: 4, hiddenSize: 9, random }),
  linear: (random?: NumpyRandom) =>
    new nn.Linear(backend, { inFeatures: 9, outFeatures: 4, random }),
});

const values = (parameters: Parameter[]) => parameters.map((p) => [...p.value.data]);

Deno.test("new nn.LSTM, nn.GRU, nn.RNN and nn.Linear hold PyTorch's uniform ±1/√fan weights, not zeros", () => {
  for (const [name, make] of Object.entries(built())) {
    const bound = 1 / Math.sqrt(9);
    const parameters = make().parameters();
    for (const parameter of parameters) {
      const data = [...parameter.value.data];
      assert.ok(
        data.every((v) => Math.abs(v) <= bound),
        `${name} ${parameter.name} exceeds ±${bound}`,
      );
      assert.equal(new Set(data).size, data.length, `${name} ${parameter.name}: repeated values`);
    }
    const all = values(parameters).flat();
    assert.ok(Math.max(...all) - Math.min(...all) > bound, `${name} is not spread over ±${bound}`);
  }
});

Deno.test("construction draws from options.random, or else from NumpyRandom(DEFAULT_INIT_SEED)", () => {
  for (const [name, make] of Object.entries(built())) {
    const redrawn = make();
    redrawn.initialize(new NumpyRandom(5));
    assert.deepEqual(
      values(make(new NumpyRandom(5)).parameters()),
      values(redrawn.parameters()),
      name,
    );
    const fromDefault = make();
    fromDefault.initialize(new NumpyRandom(nn.DEFAULT_INIT_SEED));
    assert.deepEqual(values(make().parameters()), values(fromDefault.parameters()), name);
  }
});

Deno.test("building an nn module leaves every other generator where it was", () => {
  const random = new NumpyRandom(42);
  built().lstm();
  built().linear();
  assert.equal(random.randomSample(), new NumpyRandom(42).randomSample());
});
