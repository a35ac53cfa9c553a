// Matrix-vector kernels. R = rows, C = columns; every matrix row-major f32.
// Pointers are byte offsets into linear memory; sizes count elements.
import { madd, horizontalSum, loadTail, storeTail } from "./simd";

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
  const tail = columns & 3;
  // The ragged last C mod 4 columns: x's tail is read once, lane by lane, into
  // a zero-padded vector; W's is one vector load per row that runs into the
  // next row, its extra lanes masked to zero (so even an infinite neighbour
  // adds nothing). The last blocks of rows, whose load could run past W, take
  // the scalar path instead.
  const xTail = tail ? loadTail(x + (<usize>(columns - tail) << 2), tail) : f32x4.splat(0);
  const keep = i32x4.gt_s(i32x4.splat(tail), i32x4(0, 1, 2, 3));
  let r = 0;
  // The vector tail of row r + 3 reads 4 − tail floats past its end: only
  // while that many follow it in W.
  for (; r + 4 <= rows && (rows - r - 4) * columns >= 4 - tail; r += 4) {
    rowBlock(y, W, x, b, r, stride, columns, true, xTail, keep);
  }
  for (; r + 4 <= rows; r += 4) rowBlock(y, W, x, b, r, stride, columns, false, xTail, keep);
  for (; r < rows; r++) {
    let sum = rowDot(W + <usize>r * stride, x, columns);
    if (b) sum += load<f32>(b + (<usize>r << 2));
    store<f32>(y + (<usize>r << 2), sum);
  }
}

// Rows r … r + 3 of y = W x + b. Four rows at a time share each load of x; the
// four accumulators are reduced together by two rounds of shuffles into one
// vector of sums. vectorTail: the ragged columns as one masked vector per row
// (the caller knows the load stays inside memory), else lane by lane.
// @ts-ignore: decorator
@inline function rowBlock(
  y: usize, W: usize, x: usize, b: usize, r: i32, stride: usize, columns: i32,
  vectorTail: bool, xTail: v128, keep: v128,
): void {
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
  if (vectorTail && c < columns) {
    const offset = <usize>c << 2;
    e0 = madd(v128.and(v128.load(w0 + offset), keep), xTail, e0);
    e1 = madd(v128.and(v128.load(w1 + offset), keep), xTail, e1);
    e2 = madd(v128.and(v128.load(w2 + offset), keep), xTail, e2);
    e3 = madd(v128.and(v128.load(w3 + offset), keep), xTail, e3);
    c = columns;
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

// y += Wᵀ d
// y: (C), W: (R, C), d: (R)
// rowStride: W's row length when these C columns are a block of a wider W (a
// thread's share of y), or 0 for C
export function matVecTransposedAccumulate(
  y: usize, W: usize, d: usize, rows: i32, columns: i32, rowStride: i32,
): void {
  matVecTransposedAccumulateStrided(y, W, d, rows, columns, rowStride > 0 ? rowStride : columns);
}

// y += Wᵀ d over the first C columns of a W whose rows are `rowStride` floats
// apart (a column block of a wider matrix).
// y is cut into panels of up to eight 4-column blocks that stay in registers
// while all R rows stream past: each row costs one broadcast of d_r and one
// load and multiply-add per block, and y is read and written once per panel.
// @ts-ignore: decorator
@inline export function matVecTransposedAccumulateStrided(
  y: usize, W: usize, d: usize, rows: i32, columns: i32, rowStride: i32,
): void {
  const stride = <usize>rowStride << 2;
  const blocks = columns >> 2;
  const tail = columns & 3;
  const spare = rowStride - columns;
  let block = 0;
  for (; block + 8 <= blocks; block += 8) transposedPanel(y, W, d, rows, stride, block, 8, 0, spare);
  // The last panel takes the remaining blocks and the ragged tail together;
  // one case per block count, so that each inlined copy has constant counts.
  switch (blocks - block) {
    case 0: if (tail) transposedPanel(y, W, d, rows, stride, block, 0, tail, spare); break;
    case 1: transposedPanel(y, W, d, rows, stride, block, 1, tail, spare); break;
    case 2: transposedPanel(y, W, d, rows, stride, block, 2, tail, spare); break;
    case 3: transposedPanel(y, W, d, rows, stride, block, 3, tail, spare); break;
    case 4: transposedPanel(y, W, d, rows, stride, block, 4, tail, spare); break;
    case 5: transposedPanel(y, W, d, rows, stride, block, 5, tail, spare); break;
    case 6: transposedPanel(y, W, d, rows, stride, block, 6, tail, spare); break;
    default: transposedPanel(y, W, d, rows, stride, block, 7, tail, spare);
  }
}

// y[4k … 4k + 4·count + tail] += Wᵀ d over those columns, k = `block`.
// `count` (0…8) whole blocks is a constant at every call site, so each
// inlined copy keeps only its own accumulators; `tail` (0…3) columns follow.
// The tail is one vector load that may run past the row's last column: the
// extra lanes are never stored. On the last rows, where fewer than 4 − tail
// floats of W follow the tail (`spare` per row after the columns), it is
// loaded lane by lane instead, so nothing is read past the matrix.
// @ts-ignore: decorator
@inline function transposedPanel(
  y: usize, W: usize, d: usize, rows: i32, stride: usize, block: i32, count: i32, tail: i32, spare: i32,
): void {
  const column = <usize>block << 4;
  const yp = y + column;
  let a0 = count > 0 ? v128.load(yp) : f32x4.splat(0);
  let a1 = count > 1 ? v128.load(yp, 16) : f32x4.splat(0);
  let a2 = count > 2 ? v128.load(yp, 32) : f32x4.splat(0);
  let a3 = count > 3 ? v128.load(yp, 48) : f32x4.splat(0);
  let a4 = count > 4 ? v128.load(yp, 64) : f32x4.splat(0);
  let a5 = count > 5 ? v128.load(yp, 80) : f32x4.splat(0);
  let a6 = count > 6 ? v128.load(yp, 96) : f32x4.splat(0);
  let a7 = count > 7 ? v128.load(yp, 112) : f32x4.splat(0);
  let at = f32x4.splat(0);
  const tailAt = <usize>count << 4;
  const rowStride = <i32>(stride >> 2);
  const missing = 4 - tail - spare;
  const vectorRows = tail > 0 && missing > 0
    ? max(0, rows - (missing + rowStride - 1) / rowStride)
    : max(0, rows);
  let w = W + column;
  for (let r = 0; r < vectorRows; r++) {
    const s = v128.load32_splat(d + (<usize>r << 2));
    if (count > 0) a0 = madd(v128.load(w), s, a0);
    if (count > 1) a1 = madd(v128.load(w, 16), s, a1);
    if (count > 2) a2 = madd(v128.load(w, 32), s, a2);
    if (count > 3) a3 = madd(v128.load(w, 48), s, a3);
    if (count > 4) a4 = madd(v128.load(w, 64), s, a4);
    if (count > 5) a5 = madd(v128.load(w, 80), s, a5);
    if (count > 6) a6 = madd(v128.load(w, 96), s, a6);
    if (count > 7) a7 = madd(v128.load(w, 112), s, a7);
    if (tail > 0) at = madd(v128.load(w + tailAt), s, at);
    w += stride;
  }
  // The same body again rather than a per-row choice of tail load in one
  // loop: that choice cost the LSTM's backward pass 10 %.
  for (let r = vectorRows; r < rows; r++) {
    const s = v128.load32_splat(d + (<usize>r << 2));
    if (count > 0) a0 = madd(v128.load(w), s, a0);
    if (count > 1) a1 = madd(v128.load(w, 16), s, a1);
    if (count > 2) a2 = madd(v128.load(w, 32), s, a2);
    if (count > 3) a3 = madd(v128.load(w, 48), s, a3);
    if (count > 4) a4 = madd(v128.load(w, 64), s, a4);
    if (count > 5) a5 = madd(v128.load(w, 80), s, a5);
    if (count > 6) a6 = madd(v128.load(w, 96), s, a6);
    if (count > 7) a7 = madd(v128.load(w, 112), s, a7);
    at = madd(loadTail(w + tailAt, tail), s, at);
    w += stride;
  }
  if (count > 0) v128.store(yp, a0);
  if (count > 1) v128.store(yp, a1, 16);
  if (count > 2) v128.store(yp, a2, 32);
  if (count > 3) v128.store(yp, a3, 48);
  if (count > 4) v128.store(yp, a4, 64);
  if (count > 5) v128.store(yp, a5, 80);
  if (count > 6) v128.store(yp, a6, 96);
  if (count > 7) v128.store(yp, a7, 112);
  if (tail > 0) storeTail(yp + tailAt, f32x4.add(loadTail(yp + tailAt, tail), at), tail);
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
