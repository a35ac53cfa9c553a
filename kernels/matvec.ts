// Matrix-vector kernels. R = rows, C = columns; every matrix row-major f32.
// Pointers are byte offsets into linear memory; sizes count elements.
import { madd, horizontalSum } from "./simd";

// @ts-ignore: decorator
@inline function rowDot(row: usize, x: usize, columns: i32): f32 {
  let acc = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= columns; c += 4) {
    acc = madd(v128.load(row + (<usize>c << 2)), v128.load(x + (<usize>c << 2)), acc);
  }
  let sum = horizontalSum(acc);
  for (; c < columns; c++) sum += load<f32>(row + (<usize>c << 2)) * load<f32>(x + (<usize>c << 2));
  return sum;
}

// y = W x + b
// y: (R), W: (R, C), x: (C), b: (R) or 0 for no bias; b may be y itself
// (y += W x), since each block of b is read before that block of y is written
export function matVecForward(y: usize, W: usize, x: usize, b: usize, rows: i32, columns: i32): void {
  const stride = <usize>columns << 2;
  let r = 0;
  // Four rows at a time share each load of x; the four accumulators are
  // reduced together by two rounds of shuffles into one vector of sums.
  for (; r + 4 <= rows; r += 4) {
    const w0 = W + <usize>r * stride;
    const w1 = w0 + stride;
    const w2 = w1 + stride;
    const w3 = w2 + stride;
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    // A second set of sums over alternate chunks halves the dependency chain
    // through each accumulator (a fused multiply-add waits ~4 cycles).
    let e0 = f32x4.splat(0);
    let e1 = f32x4.splat(0);
    let e2 = f32x4.splat(0);
    let e3 = f32x4.splat(0);
    let c = 0;
    for (; c + 8 <= columns; c += 8) {
      const offset = <usize>c << 2;
      const xv = v128.load(x + offset);
      const xw = v128.load(x + offset, 16);
      a0 = madd(v128.load(w0 + offset), xv, a0);
      a1 = madd(v128.load(w1 + offset), xv, a1);
      a2 = madd(v128.load(w2 + offset), xv, a2);
      a3 = madd(v128.load(w3 + offset), xv, a3);
      e0 = madd(v128.load(w0 + offset, 16), xw, e0);
      e1 = madd(v128.load(w1 + offset, 16), xw, e1);
      e2 = madd(v128.load(w2 + offset, 16), xw, e2);
      e3 = madd(v128.load(w3 + offset, 16), xw, e3);
    }
    for (; c + 4 <= columns; c += 4) {
      const offset = <usize>c << 2;
      const xv = v128.load(x + offset);
      a0 = madd(v128.load(w0 + offset), xv, a0);
      a1 = madd(v128.load(w1 + offset), xv, a1);
      a2 = madd(v128.load(w2 + offset), xv, a2);
      a3 = madd(v128.load(w3 + offset), xv, a3);
    }
    a0 = f32x4.add(a0, e0);
    a1 = f32x4.add(a1, e1);
    a2 = f32x4.add(a2, e2);
    a3 = f32x4.add(a3, e3);
    const a01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
    const a23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
    let sums = f32x4.add(v128.shuffle<f32>(a01, a23, 0, 1, 4, 5), v128.shuffle<f32>(a01, a23, 2, 3, 6, 7));
    if (b) sums = f32x4.add(sums, v128.load(b + (<usize>r << 2)));
    for (; c < columns; c++) {
      const offset = <usize>c << 2;
      const xc = load<f32>(x + offset);
      sums = f32x4.add(sums, f32x4(
        load<f32>(w0 + offset) * xc,
        load<f32>(w1 + offset) * xc,
        load<f32>(w2 + offset) * xc,
        load<f32>(w3 + offset) * xc,
      ));
    }
    v128.store(y + (<usize>r << 2), sums);
  }
  for (; r < rows; r++) {
    let sum = rowDot(W + <usize>r * stride, x, columns);
    if (b) sum += load<f32>(b + (<usize>r << 2));
    store<f32>(y + (<usize>r << 2), sum);
  }
}

// y += Wᵀ d
// y: (C), W: (R, C), d: (R)
export function matVecTransposedAccumulate(y: usize, W: usize, d: usize, rows: i32, columns: i32): void {
  matVecTransposedAccumulateStrided(y, W, d, rows, columns, columns);
}

// y += Wᵀ d over the first C columns of a W whose rows are `rowStride` floats
// apart (a column block of a wider matrix).
// @ts-ignore: decorator
@inline export function matVecTransposedAccumulateStrided(
  y: usize, W: usize, d: usize, rows: i32, columns: i32, rowStride: i32,
): void {
  const stride = <usize>rowStride << 2;
  let r = 0;
  // Four rows per pass over y: each y chunk is loaded and stored once for
  // four rows of W instead of once per row.
  for (; r + 4 <= rows; r += 4) {
    const w0 = W + <usize>r * stride;
    const w1 = w0 + stride;
    const w2 = w1 + stride;
    const w3 = w2 + stride;
    const s0 = load<f32>(d + (<usize>r << 2));
    const s1 = load<f32>(d + (<usize>r << 2), 4);
    const s2 = load<f32>(d + (<usize>r << 2), 8);
    const s3 = load<f32>(d + (<usize>r << 2), 12);
    const d0 = f32x4.splat(s0);
    const d1 = f32x4.splat(s1);
    const d2 = f32x4.splat(s2);
    const d3 = f32x4.splat(s3);
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      const offset = <usize>c << 2;
      let acc = v128.load(y + offset);
      acc = madd(v128.load(w0 + offset), d0, acc);
      acc = madd(v128.load(w1 + offset), d1, acc);
      acc = madd(v128.load(w2 + offset), d2, acc);
      acc = madd(v128.load(w3 + offset), d3, acc);
      v128.store(y + offset, acc);
    }
    for (; c < columns; c++) {
      const offset = <usize>c << 2;
      let acc = load<f32>(y + offset);
      acc += load<f32>(w0 + offset) * s0;
      acc += load<f32>(w1 + offset) * s1;
      acc += load<f32>(w2 + offset) * s2;
      acc += load<f32>(w3 + offset) * s3;
      store<f32>(y + offset, acc);
    }
  }
  for (; r < rows; r++) {
    const row = W + <usize>r * stride;
    const s = load<f32>(d + (<usize>r << 2));
    const dv = f32x4.splat(s);
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      const offset = <usize>c << 2;
      v128.store(y + offset, madd(v128.load(row + offset), dv, v128.load(y + offset)));
    }
    for (; c < columns; c++) {
      const offset = <usize>c << 2;
      store<f32>(y + offset, load<f32>(y + offset) + load<f32>(row + offset) * s);
    }
  }
}

// W += d xᵀ
// W: (R, C), d: (R), x: (C)
export function outerAccumulate(W: usize, d: usize, x: usize, rows: i32, columns: i32): void {
  const stride = <usize>columns << 2;
  for (let r = 0; r < rows; r++) {
    const row = W + <usize>r * stride;
    const s = load<f32>(d + (<usize>r << 2));
    const dv = f32x4.splat(s);
    let c = 0;
    for (; c + 4 <= columns; c += 4) {
      const offset = <usize>c << 2;
      v128.store(row + offset, madd(dv, v128.load(x + offset), v128.load(row + offset)));
    }
    for (; c < columns; c++) {
      const offset = <usize>c << 2;
      store<f32>(row + offset, load<f32>(row + offset) + s * load<f32>(x + offset));
    }
  }
}
