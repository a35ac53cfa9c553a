// The peephole LSTM's backward pass against central finite differences, on the
// Float64 reference: the loss L = Σ G ⊙ h over every step, so the gradient
// from above is G; checked are ∂L/∂peephole, ∂L/∂(gate input of every step),
// ∂L/∂c_{−1} and ∂L/∂h_{−1}, over 7 steps and a batch of 2.
import { createReferenceBackend } from "../../../mod.ts";
import { assertGradientsMatch, numericGradient } from "../../helpers/finite_difference.ts";
import { randomValues } from "../../helpers/random.ts";

Deno.test("LSTM with peepholes: backward matches finite differences (rel. error ≤ 1e-6)", () => {
  const backend = createReferenceBackend();
  const steps = 7, batch = 2, hidden = 5, inputs = 3;
  const rows = steps * batch, width = hidden + inputs;
  const x = randomValues(1, rows * width);
  const gateInput = Float64Array.from(randomValues(2, rows * 4 * hidden, -1, 1));
  const W = backend.tensor([4 * hidden, width], randomValues(3, 4 * hidden * width, -0.6, 0.6));
  const peephole = backend.tensor([3, hidden], randomValues(4, 3 * hidden, -1, 1));
  const c0 = backend.tensor([batch, hidden], randomValues(5, batch * hidden));
  const h0 = Float64Array.from(randomValues(6, batch * hidden));
  const G = randomValues(7, rows * hidden);
  const h = backend.tensor([rows, hidden]), c = backend.tensor([rows, hidden]);
  const tanhC = backend.tensor([rows, hidden]), gates = backend.tensor([rows, 4 * hidden]);
  const z = backend.tensor([rows, width]);
  const forward = () => {
    // z: the inputs in columns H…Z, h_{−1} in the first step's columns 0…H.
    z.data.set(x);
    for (let r = 0; r < rows; r++) z.data.fill(0, r * width, r * width + hidden);
    for (let b = 0; b < batch; b++) {
      z.data.set(h0.subarray(b * hidden, (b + 1) * hidden), b * width);
    }
    gates.data.set(gateInput);
    backend.lstmSequenceForward(h, c, tanhC, gates, z, W, batch, { c0, peephole });
    let loss = 0;
    for (let i = 0; i < rows * hidden; i++) loss += G[i] * h.data[i];
    return loss;
  };
  forward();
  const dPre = backend.tensor([rows, 4 * hidden]), dc = backend.tensor([batch, hidden]);
  const dh = backend.tensor([rows, hidden], G), dh0 = backend.tensor([batch, hidden]);
  const dPeephole = backend.tensor([3, hidden]);
  backend.lstmSequenceBackward(dPre, dc, dh, gates, tanhC, c, W, batch, {
    c0,
    dh0,
    peephole,
    dPeephole,
  });
  assertGradientsMatch(dPeephole.data, numericGradient(forward, peephole.data), "peephole");
  assertGradientsMatch(dPre.data, numericGradient(forward, gateInput), "gate inputs");
  assertGradientsMatch(dc.data, numericGradient(forward, c0.data), "c_{-1}");
  assertGradientsMatch(dh0.data, numericGradient(forward, h0), "h_{-1}");
});
