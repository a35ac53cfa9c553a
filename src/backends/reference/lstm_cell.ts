// Reference LSTM cell pointwise part, the oracle for kernels/lstm_cell.ts.
// B = batch rows, H = hidden size; gate order in every 4H row: i, f, g, o.
import type { FloatArray } from "../../core/backend.ts";
import { sigmoid } from "./activations.ts";

// i, f, o = σ(pre_{i,f,o}),  g = tanh(pre_g)
// c = f ⊙ c_prev + i ⊙ g,    h = o ⊙ tanh(c)
// With peepholes p = (p_i, p_f, p_o), each (H): i, f = σ(pre + p ⊙ c_prev), o = σ(pre_o + p_o ⊙ c).
export function lstmCellForward(
  h: FloatArray,
  c: FloatArray,
  tanhC: FloatArray,
  gates: FloatArray,
  preact: FloatArray,
  cPrev: FloatArray,
  batch: number,
  hidden: number,
  peephole: FloatArray | null = null,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 4 * hidden + j;
      const u = b * hidden + j;
      const [pi, pf, po] = peephole
        ? [peephole[j], peephole[hidden + j], peephole[2 * hidden + j]]
        : [0, 0, 0];
      const i = sigmoid(preact[q] + pi * cPrev[u]);
      const f = sigmoid(preact[q + hidden] + pf * cPrev[u]);
      const g = Math.tanh(preact[q + 2 * hidden]);
      const cNew = f * cPrev[u] + i * g;
      const o = sigmoid(preact[q + 3 * hidden] + po * cNew);
      gates[q] = i;
      gates[q + hidden] = f;
      gates[q + 2 * hidden] = g;
      gates[q + 3 * hidden] = o;
      c[u] = cNew;
      tanhC[u] = Math.tanh(cNew);
      h[u] = o * tanhC[u];
    }
  }
}

// dc_total = dc + dh ⊙ o ⊙ (1 − tanh²c);  dpre_o = dh ⊙ tanh c ⊙ o(1 − o)
// dpre_i = dc_total ⊙ g ⊙ i(1 − i);  dpre_f = dc_total ⊙ c_prev ⊙ f(1 − f);
// dpre_g = dc_total ⊙ i ⊙ (1 − g²);  dc_prev = dc_total ⊙ f
// With peepholes: dc_total += dpre_o ⊙ p_o;  dc_prev += dpre_i ⊙ p_i + dpre_f ⊙ p_f;
// dp_i += dpre_i ⊙ c_prev,  dp_f += dpre_f ⊙ c_prev,  dp_o += dpre_o ⊙ c (summed over rows)
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
  peephole: FloatArray | null = null,
  dPeephole: FloatArray | null = null,
  c: FloatArray | null = null,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 4 * hidden + j;
      const u = b * hidden + j;
      const i = gates[q], f = gates[q + hidden], g = gates[q + 2 * hidden];
      const o = gates[q + 3 * hidden];
      const tc = tanhC[u];
      const dpo = dh[u] * tc * o * (1 - o);
      const po = peephole ? peephole[2 * hidden + j] : 0;
      const dcTotal = dc[u] + dh[u] * o * (1 - tc * tc) + dpo * po;
      const dpi = dcTotal * g * i * (1 - i);
      const dpf = dcTotal * cPrev[u] * f * (1 - f);
      dPreact[q] = dpi;
      dPreact[q + hidden] = dpf;
      dPreact[q + 2 * hidden] = dcTotal * i * (1 - g * g);
      dPreact[q + 3 * hidden] = dpo;
      dcPrev[u] = dcTotal * f;
      if (peephole) dcPrev[u] += dpi * peephole[j] + dpf * peephole[hidden + j];
      if (dPeephole && c) {
        dPeephole[j] += dpi * cPrev[u];
        dPeephole[hidden + j] += dpf * cPrev[u];
        dPeephole[2 * hidden + j] += dpo * c[u];
      }
    }
  }
}
