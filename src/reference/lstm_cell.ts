// Reference LSTM cell pointwise part, the oracle for kernels/lstm_cell.ts.
// B = batch rows, H = hidden size; gate order in every 4H row: i, f, g, o.
import type { FloatArray } from "../backend.ts";
import { sigmoid } from "./activations.ts";

// i, f, o = σ(pre_{i,f,o}),  g = tanh(pre_g)
// c = f ⊙ c_prev + i ⊙ g,    h = o ⊙ tanh(c)
export function lstmCellForward(
  h: FloatArray,
  c: FloatArray,
  tanhC: FloatArray,
  gates: FloatArray,
  preact: FloatArray,
  cPrev: FloatArray,
  batch: number,
  hidden: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 4 * hidden + j;
      const u = b * hidden + j;
      const i = sigmoid(preact[q]);
      const f = sigmoid(preact[q + hidden]);
      const g = Math.tanh(preact[q + 2 * hidden]);
      const o = sigmoid(preact[q + 3 * hidden]);
      gates[q] = i;
      gates[q + hidden] = f;
      gates[q + 2 * hidden] = g;
      gates[q + 3 * hidden] = o;
      c[u] = f * cPrev[u] + i * g;
      tanhC[u] = Math.tanh(c[u]);
      h[u] = o * tanhC[u];
    }
  }
}

// dc_total = dc + dh ⊙ o ⊙ (1 − tanh²c);  dpre_o = dh ⊙ tanh c ⊙ o(1 − o)
// dpre_i = dc_total ⊙ g ⊙ i(1 − i);  dpre_f = dc_total ⊙ c_prev ⊙ f(1 − f);
// dpre_g = dc_total ⊙ i ⊙ (1 − g²);  dc_prev = dc_total ⊙ f
export function lstmCellBackward(
  dPreact: FloatArray,
  dcPrev: FloatArray,
  dh: FloatArray,
  dc: FloatArray,
  gates: FloatArray,
  tanhC: FloatArray,
  cPrev: FloatArray,
  batch: number,
  hidden: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 4 * hidden + j;
      const u = b * hidden + j;
      const i = gates[q], f = gates[q + hidden], g = gates[q + 2 * hidden];
      const o = gates[q + 3 * hidden];
      const tc = tanhC[u];
      const dcTotal = dc[u] + dh[u] * o * (1 - tc * tc);
      dPreact[q] = dcTotal * g * i * (1 - i);
      dPreact[q + hidden] = dcTotal * cPrev[u] * f * (1 - f);
      dPreact[q + 2 * hidden] = dcTotal * i * (1 - g * g);
      dPreact[q + 3 * hidden] = dh[u] * tc * o * (1 - o);
      dcPrev[u] = dcTotal * f;
    }
  }
}
