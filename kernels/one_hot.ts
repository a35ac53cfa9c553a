// Token ids as inputs: the product of one-hot rows with Wᵀ is a gather of W's
// columns, and its backward a scatter-add into them. W is (G, V) row-major, so
// a column is G floats V apart; while there are at least twice as many rows as
// vocabulary entries, both kernels first turn W (or dW) into rows of the
// working space (Wᵀ, V × G), so that every add is a vector over G. The order
// of the adds onto each element is the same either way. target and W (dW and
// dTarget) must not overlap: the transposed path reads a copy.
// R = rows (T·B), G = gate width (W's rows), V = vocabulary (W's columns).

// The gather transposes W once and the scatter dW twice, V × G strided moves
// each: they pay for themselves against R × G strided adds only while R is at
// least 2V (src/backends/kernel_table.ts gives working space only then).
// @ts-ignore: decorator
@inline function transposes(rows: i32, V: i32): bool {
  return 2 * V <= rows;
}

// scratch[v, g] = M[g, v]
// @ts-ignore: decorator
@inline function transposeInto(scratch: usize, M: usize, G: i32, V: i32): void {
  for (let g = 0; g < G; g++) {
    const row = M + (<usize>(g * V) << 2);
    for (let v = 0; v < V; v++) store<f32>(scratch + (<usize>(v * G + g) << 2), load<f32>(row + (<usize>v << 2)));
  }
}

// M[g, v] = scratch[v, g]
// @ts-ignore: decorator
@inline function transposeFrom(M: usize, scratch: usize, G: i32, V: i32): void {
  for (let g = 0; g < G; g++) {
    const row = M + (<usize>(g * V) << 2);
    for (let v = 0; v < V; v++) store<f32>(row + (<usize>v << 2), load<f32>(scratch + (<usize>(v * G + g) << 2)));
  }
}

// y[0 … n) += x[0 … n)
// @ts-ignore: decorator
@inline function addRow(y: usize, x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    v128.store(y + offset, f32x4.add(v128.load(y + offset), v128.load(x + offset)));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(y + (<usize>i << 2)) + load<f32>(x + (<usize>i << 2)));
}

// target_r += W[:, ids_r], rows whose id is negative (padding) unchanged.
// Each element gets one add, so the order of rows does not matter.
// target: (R, G), W: (G, V), ids: (R) i32, scratch: V·G floats when 2V ≤ R
export function gatherColumnsAccumulate(target: usize, W: usize, ids: usize, rows: i32, G: i32, V: i32, scratch: usize): void {
  if (!transposes(rows, V)) {
    for (let r = 0; r < rows; r++) {
      const id = load<i32>(ids + (<usize>r << 2));
      if (id < 0) continue;
      const out = target + (<usize>(r * G) << 2), column = W + (<usize>id << 2);
      for (let g = 0; g < G; g++) {
        const at = out + (<usize>g << 2);
        store<f32>(at, load<f32>(at) + load<f32>(column + (<usize>(g * V) << 2)));
      }
    }
    return;
  }
  transposeInto(scratch, W, G, V);
  for (let r = 0; r < rows; r++) {
    const id = load<i32>(ids + (<usize>r << 2));
    if (id < 0) continue;
    addRow(target + (<usize>(r * G) << 2), scratch + (<usize>(id * G) << 2), G);
  }
}

// dW[:, ids_r] += dTarget_r, rows in order (so each element's sum runs in row
// order, as a loop over columns would), negative ids skipped.
// dW: (G, V), dTarget: (R, G), ids: (R) i32, scratch: V·G floats when 2V ≤ R
export function scatterColumnsAccumulate(dW: usize, dTarget: usize, ids: usize, rows: i32, G: i32, V: i32, scratch: usize): void {
  if (!transposes(rows, V)) {
    for (let r = 0; r < rows; r++) {
      const id = load<i32>(ids + (<usize>r << 2));
      if (id < 0) continue;
      const d = dTarget + (<usize>(r * G) << 2), column = dW + (<usize>id << 2);
      for (let g = 0; g < G; g++) {
        const at = column + (<usize>(g * V) << 2);
        store<f32>(at, load<f32>(at) + load<f32>(d + (<usize>g << 2)));
      }
    }
    return;
  }
  transposeInto(scratch, dW, G, V);
  for (let r = 0; r < rows; r++) {
    const id = load<i32>(ids + (<usize>r << 2));
    if (id < 0) continue;
    addRow(scratch + (<usize>(id * G) << 2), dTarget + (<usize>(r * G) << 2), G);
  }
  transposeFrom(dW, scratch, G, V);
}
