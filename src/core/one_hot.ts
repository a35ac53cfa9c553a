// Token ids as network inputs: one-hot rows, or rows of an embedding table
// with their scatter-add backward. (A product with one-hot rows, a gather of
// weight columns, is a kernel: Backend.gatherColumnsAccumulate.)
// R = rows (T·B), V = vocabulary, D = the table's width.
import type { Tensor } from "./backend.ts";
import { checkTokenIds } from "./shapes.ts";

/** Sets a (R, V) tensor to the one-hot rows of `indices` (a negative index gives a zero row). */
export function writeOneHot(target: Tensor, indices: ArrayLike<number>): void {
  const data = target.data;
  const width = target.shape[1];
  data.fill(0);
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row];
    if (index >= width) {
      throw new RangeError(`Index ${index} does not fit a one-hot of size ${width}`);
    }
    if (index >= 0) data[row * width + index] = 1;
  }
}

// out_r = table[ids_r] (a zero row for padding). out: (R, D); table: (V, D).
export function gatherRows(out: Tensor, table: Tensor, ids: ArrayLike<number>): void {
  const [V, D] = table.shape;
  checkTokenIds("gatherRows", ids, out, D, V);
  const o = out.data, t = table.data;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (id < 0) o.fill(0, r * D, (r + 1) * D);
    else o.set(t.subarray(id * D, (id + 1) * D), r * D);
  }
}

// dTable[ids_r] += dOut_r, rows in order — the backward of gatherRows.
export function scatterRowsAccumulate(dTable: Tensor, dOut: Tensor, ids: ArrayLike<number>): void {
  const [V, D] = dTable.shape;
  checkTokenIds("scatterRowsAccumulate", ids, dOut, D, V);
  const d = dOut.data, dt = dTable.data;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (id < 0) continue;
    for (let j = 0; j < D; j++) dt[id * D + j] += d[r * D + j];
  }
}
