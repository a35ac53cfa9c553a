// The third witness for the nn layers: finite differences in Float64 of
// L = Σ output ⊙ G + Σ h_n ⊙ G_h (+ Σ c_n ⊙ G_c), with two stacked layers and
// an initial state, for every parameter, the input and the initial state.
import { createReferenceBackend, NumpyRandom } from "../../mod.ts";
import type { Tensor } from "../../mod.ts";
import { GRU } from "../../src/nn/gru.ts";
import { Linear } from "../../src/nn/linear.ts";
import { LSTM } from "../../src/nn/lstm.ts";
import { RNN } from "../../src/nn/rnn.ts";
import { assertGradientsMatch, numericGradient } from "../helpers/finite_difference.ts";
import { randomValues } from "../helpers/random.ts";

const backend = createReferenceBackend();
const [T, B, I, H, L] = [5, 2, 3, 4, 2];
const dot = (a: Tensor, b: Tensor) => {
  let sum = 0;
  for (let i = 0; i < a.size; i++) sum += a.data[i] * b.data[i];
  return sum;
};
const tensor = (rows: number, width: number, seed: number) =>
  backend.tensor([rows, width], randomValues(seed, rows * width));

for (
  const [lengths, peephole] of [[undefined, false], [[5, 2], false], [[5, 2], true]] as const
) {
  Deno.test(
    `nn.LSTM (2 layers, initial state, lengths ${lengths ?? "full"}${
      peephole ? ", peepholes" : ""
    }): every gradient matches finite differences`,
    () => {
      const lstm = new LSTM(backend, { inputSize: I, hiddenSize: H, numLayers: L, peephole });
      lstm.initialize(new NumpyRandom(1));
      const [x, h0, c0] = [tensor(T * B, I, 2), tensor(L * B, H, 3), tensor(L * B, H, 4)];
      const [G, Gh, Gc] = [tensor(T * B, H, 5), tensor(L * B, H, 6), tensor(L * B, H, 7)];
      const loss = () => {
        const { output, hN, cN } = lstm.forward(x, B, h0, c0, lengths ? [...lengths] : undefined);
        return dot(output, G) + dot(hN, Gh) + dot(cN, Gc);
      };
      loss();
      const gradients = lstm.backward(G, Gh, Gc);
      const analytic = {
        input: Float64Array.from(gradients.dInput!.data),
        h0: Float64Array.from(gradients.dh0.data),
        c0: Float64Array.from(gradients.dc0.data),
      };
      for (const parameter of lstm.parameters()) {
        assertGradientsMatch(
          parameter.grad.data,
          numericGradient(loss, parameter.value.data),
          parameter.name,
        );
      }
      assertGradientsMatch(analytic.input, numericGradient(loss, x.data), "input");
      assertGradientsMatch(analytic.h0, numericGradient(loss, h0.data), "h0");
      assertGradientsMatch(analytic.c0, numericGradient(loss, c0.data), "c0");
    },
  );
}

for (const lengths of [undefined, [5, 2]]) {
  Deno.test(`nn.GRU (2 layers, initial state, lengths ${lengths ?? "full"}): every gradient matches finite differences`, () => {
    const gru = new GRU(backend, { inputSize: I, hiddenSize: H, numLayers: L });
    gru.initialize(new NumpyRandom(8));
    const [x, h0, G, Gh] = [
      tensor(T * B, I, 9),
      tensor(L * B, H, 10),
      tensor(T * B, H, 11),
      tensor(L * B, H, 12),
    ];
    const loss = () => {
      const { output, hN } = gru.forward(x, B, h0, lengths);
      return dot(output, G) + dot(hN, Gh);
    };
    loss();
    const gradients = gru.backward(G, Gh);
    const analytic = {
      input: Float64Array.from(gradients.dInput!.data),
      h0: Float64Array.from(gradients.dh0.data),
    };
    for (const parameter of gru.parameters()) {
      assertGradientsMatch(
        parameter.grad.data,
        numericGradient(loss, parameter.value.data),
        parameter.name,
      );
    }
    assertGradientsMatch(analytic.input, numericGradient(loss, x.data), "input");
    assertGradientsMatch(analytic.h0, numericGradient(loss, h0.data), "h0");
  });
}

Deno.test("nn.Linear: every gradient matches finite differences", () => {
  const linear = new Linear(backend, { inFeatures: I, outFeatures: H });
  linear.initialize(new NumpyRandom(13));
  const [x, G] = [tensor(6, I, 14), tensor(6, H, 15)];
  const loss = () => dot(linear.forward(x), G);
  loss();
  const dx = Float64Array.from(linear.backward(G).data);
  for (const parameter of linear.parameters()) {
    assertGradientsMatch(
      parameter.grad.data,
      numericGradient(loss, parameter.value.data),
      parameter.name,
    );
  }
  assertGradientsMatch(dx, numericGradient(loss, x.data), "input");
});

for (const lengths of [undefined, [5, 2]]) {
  Deno.test(`nn.RNN (2 layers, dropout, initial state, lengths ${lengths ?? "full"}): every gradient matches finite differences`, () => {
    const rnn = new RNN(backend, { inputSize: I, hiddenSize: H, numLayers: L, dropout: 0.3 });
    rnn.initialize(new NumpyRandom(13));
    const [x, h0, G, Gh] = [
      tensor(T * B, I, 14),
      tensor(L * B, H, 15),
      tensor(T * B, H, 16),
      tensor(L * B, H, 17),
    ];
    // The same dropout masks at every evaluation: a fresh generator of one seed each time.
    const loss = () => {
      rnn.dropoutRandom = new NumpyRandom(18);
      const { output, hN } = rnn.forward(x, B, h0, lengths);
      return dot(output, G) + dot(hN, Gh);
    };
    loss();
    const gradients = rnn.backward(G, Gh);
    const analytic = {
      input: Float64Array.from(gradients.dInput!.data),
      h0: Float64Array.from(gradients.dh0.data),
    };
    for (const parameter of rnn.parameters()) {
      assertGradientsMatch(
        parameter.grad.data,
        numericGradient(loss, parameter.value.data),
        parameter.name,
      );
    }
    assertGradientsMatch(analytic.input, numericGradient(loss, x.data), "input");
    assertGradientsMatch(analytic.h0, numericGradient(loss, h0.data), "h0");
  });
}
