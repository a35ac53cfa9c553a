// Token ids as network inputs: one-hot rows, or — what a product with a
// one-hot row amounts to — a gather of weight columns, with its scatter-add
// backward. R = rows (T·B), V = vocabulary, G = gate width (the rows of W).
import type { Tensor } from "./backend.ts";

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

// target_r += W[:, ids_r] — a product with one-hot rows, without the zeros.
// target: (R, G); W: (G, V); ids: R token ids, negative for padding (adds nothing).
export function gatherColumnsAccumulate(target: Tensor, W: Tensor, ids: ArrayLike<number>): void {
  const [G, V] = W.shape;
  checkIds("gatherColumnsAccumulate", ids, target, G, V);
  const out = target.data, w = W.data;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (id < 0) continue;
    const row = r * G;
    for (let g = 0; g < G; g++) out[row + g] += w[g * V + id];
  }
}

// dW[:, ids_r] += dTarget_r, rows in order — the backward of gatherColumnsAccumulate.
export function scatterColumnsAccumulate(
  dW: Tensor,
  dTarget: Tensor,
  ids: ArrayLike<number>,
): void {
  const [G, V] = dW.shape;
  checkIds("scatterColumnsAccumulate", ids, dTarget, G, V);
  const d = dTarget.data, dw = dW.data;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (id < 0) continue;
    const row = r * G;
    for (let g = 0; g < G; g++) dw[g * V + id] += d[row + g];
  }
}

// out_r = table[ids_r] (a zero row for padding). out: (R, D); table: (V, D).
export function gatherRows(out: Tensor, table: Tensor, ids: ArrayLike<number>): void {
  const [V, D] = table.shape;
  checkIds("gatherRows", ids, out, D, V);
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
  checkIds("scatterRowsAccumulate", ids, dOut, D, V);
  const d = dOut.data, dt = dTable.data;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (id < 0) continue;
    for (let j = 0; j < D; j++) dt[id * D + j] += d[r * D + j];
  }
}

function checkIds(
  kernel: string,
  ids: ArrayLike<number>,
  rows: Tensor,
  width: number,
  vocabulary: number,
): void {
  if (rows.shape.length !== 2 || rows.shape[0] !== ids.length || rows.shape[1] !== width) {
    throw new RangeError(
      `${kernel}: ${ids.length} ids need a [${ids.length}, ${width}] tensor, got [${
        rows.shape.join(", ")
      }]`,
    );
  }
  for (let r = 0; r < ids.length; r++) {
    if (!Number.isInteger(ids[r]) || ids[r] >= vocabulary) {
      throw new RangeError(`${kernel}: id ${ids[r]} at row ${r} is not below ${vocabulary}`);
    }
  }
}
