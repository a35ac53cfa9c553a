// Dropout between stacked layers: gradients with fixed masks match finite
// differences, evaluation mode is dropout-free, and about p of the units drop.
import assert from "node:assert/strict";
import { createReferenceBackend, nn, NumpyRandom } from "../../mod.ts";
import type { Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { assertGradientsMatch, numericGradient } from "../helpers/finite_difference.ts";
import { randomValues } from "../helpers/random.ts";
import { dropoutForward } from "../../src/nn/dropout.ts";

const backend = createReferenceBackend();
const [T, B, I, H] = [4, 2, 3, 5];
const dot = (a: Tensor, b: Tensor) => {
  let sum = 0;
  for (let i = 0; i < a.size; i++) sum += a.data[i] * b.data[i];
  return sum;
};

for (const cell of ["LSTM", "GRU"] as const) {
  Deno.test(`nn.${cell} with dropout 0.3: gradients under fixed masks match finite differences`, () => {
    const layer = new nn[cell](backend, {
      inputSize: I,
      hiddenSize: H,
      numLayers: 3,
      dropout: 0.3,
    });
    layer.initialize(new NumpyRandom(31));
    const x = backend.tensor([T * B, I], randomValues(32, T * B * I));
    const G = backend.tensor([T * B, H], randomValues(33, T * B * H));
    // Re-seeding before every forward pass draws the same masks each time.
    const loss = () => {
      layer.dropoutRandom = new NumpyRandom(34);
      return dot(layer.forward(x, B).output, G);
    };
    loss();
    const dInput = Float64Array.from(layer.backward(G).dInput!.data);
    for (const parameter of layer.parameters()) {
      assertGradientsMatch(
        parameter.grad.data,
        numericGradient(loss, parameter.value.data),
        `${cell} ${parameter.name}`,
      );
    }
    assertGradientsMatch(dInput, numericGradient(loss, x.data), `${cell} input`);
  });

  Deno.test(`nn.${cell} in evaluation mode ignores dropout; training mode needs a generator and changes the output`, () => {
    const withDropout = new nn[cell](backend, {
      inputSize: I,
      hiddenSize: H,
      numLayers: 2,
      dropout: 0.5,
    });
    const without = new nn[cell](backend, { inputSize: I, hiddenSize: H, numLayers: 2 });
    withDropout.initialize(new NumpyRandom(35));
    without.initialize(new NumpyRandom(35));
    const x = backend.tensor([T * B, I], randomValues(36, T * B * I));
    withDropout.training = false;
    assertClose(withDropout.forward(x, B).output.data, without.forward(x, B).output.data, {
      atol: 0,
      rtol: 0,
    }, "eval");
    withDropout.training = true;
    assert.throws(() => withDropout.forward(x, B), /dropoutRandom/);
    withDropout.dropoutRandom = new NumpyRandom(37);
    const trained = withDropout.forward(x, B).output.data;
    assert.ok(
      trained.some((v, i) => v !== without.forward(x, B).output.data[i]),
      "dropout changed nothing",
    );
  });
}

Deno.test("dropoutForward() zeroes about p of the units and scales the rest by 1 / (1 − p)", () => {
  const n = 20000;
  const input = backend.tensor([n], new Float64Array(n).fill(1));
  const out = backend.tensor([n]), mask = backend.tensor([n]);
  dropoutForward(out, mask, input, 0.3, new NumpyRandom(38));
  const zeros = [...out.data].filter((v) => v === 0).length / n;
  assert.ok(Math.abs(zeros - 0.3) < 0.015, `dropped ${zeros}`);
  assert.ok([...out.data].every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-15));
});

Deno.test("dropoutForward()'s counter-based masks: neighbours and successive calls independent, re-seeding repeats them", () => {
  const n = 40000, p = 0.2;
  const input = backend.tensor([n], new Float64Array(n).fill(1));
  const out = backend.tensor([n]);
  const masks = [backend.tensor([n]), backend.tensor([n])];
  const random = new NumpyRandom(39);
  for (const mask of masks) dropoutForward(out, mask, input, p, random);
  const [first, second] = masks.map((mask) => [...mask.data].map((v) => v === 0));
  const share = (pairs: number, test: (i: number) => boolean) => {
    let count = 0;
    for (let i = 0; i < pairs; i++) if (test(i)) count++;
    return count / pairs;
  };
  // Both dropped: p² for independent draws (0.04; a repeated or shifted mask would give 0.2).
  const neighbours = share(n - 1, (i) => first[i] && first[i + 1]);
  const successive = share(n, (i) => first[i] && second[i]);
  assert.ok(Math.abs(neighbours - p * p) < 0.006, `neighbours both dropped: ${neighbours}`);
  assert.ok(Math.abs(successive - p * p) < 0.006, `successive calls both dropped: ${successive}`);
  const again = backend.tensor([n]);
  dropoutForward(out, again, input, p, new NumpyRandom(39));
  assert.deepEqual([...again.data], [...masks[0].data]);
});

Deno.test("dropout must lie in [0, 1)", () => {
  assert.throws(
    () => new nn.LSTM(backend, { inputSize: 2, hiddenSize: 2, dropout: 1 }),
    RangeError,
  );
  assert.throws(
    () => new nn.GRU(backend, { inputSize: 2, hiddenSize: 2, dropout: -0.1 }),
    RangeError,
  );
});
