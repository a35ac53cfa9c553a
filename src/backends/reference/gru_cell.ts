// Reference GRU cell pointwise part (PyTorch's form), the oracle for
// kernels/gru_cell.ts. B = batch rows, H = hidden size; gate order r, z, n.
import type { FloatArray } from "../../core/backend.ts";
import { sigmoid } from "./activations.ts";

// r = σ(gi_r + gh_r),  z = σ(gi_z + gh_z),  n = tanh(gi_n + r ⊙ gh_n)
// h = (1 − z) ⊙ n + z ⊙ h_prev
export function gruCellForward(
  h: FloatArray,
  gates: FloatArray,
  gi: FloatArray,
  gh: FloatArray,
  hPrev: FloatArray,
  batch: number,
  hidden: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 3 * hidden + j;
      const u = b * hidden + j;
      const r = sigmoid(gi[q] + gh[q]);
      const z = sigmoid(gi[q + hidden] + gh[q + hidden]);
      const n = Math.tanh(gi[q + 2 * hidden] + r * gh[q + 2 * hidden]);
      gates[q] = r;
      gates[q + hidden] = z;
      gates[q + 2 * hidden] = n;
      h[u] = n + z * (hPrev[u] - n);
    }
  }
}

// dn = dh ⊙ (1 − z) ⊙ (1 − n²);  dz = dh ⊙ (h_prev − n) ⊙ z(1 − z);  dr = dn ⊙ gh_n ⊙ r(1 − r)
// dgi = [dr, dz, dn], dgh = [dr, dz, r ⊙ dn], dhPrev += dh ⊙ z
export function gruCellBackward(
  dgi: FloatArray,
  dgh: FloatArray,
  dhPrev: FloatArray,
  dh: FloatArray,
  gates: FloatArray,
  gh: FloatArray,
  hPrev: FloatArray,
  batch: number,
  hidden: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < hidden; j++) {
      const q = b * 3 * hidden + j;
      const u = b * hidden + j;
      const r = gates[q], z = gates[q + hidden], n = gates[q + 2 * hidden];
      const d = dh[u];
      const dn = d * (1 - z) * (1 - n * n);
      const dz = d * (hPrev[u] - n) * z * (1 - z);
      const dr = dn * gh[q + 2 * hidden] * r * (1 - r);
      dgi[q] = dr;
      dgi[q + hidden] = dz;
      dgi[q + 2 * hidden] = dn;
      dgh[q] = dr;
      dgh[q + hidden] = dz;
      dgh[q + 2 * hidden] = r * dn;
      dhPrev[u] += d * z;
    }
  }
}
