// AssemblyScript, compiled by `deno task bench:floor`: the inner loop of a
// product with one vector, with nothing else in it. 32 sums stay in eight
// registers while rows of W stream past, each row one broadcast of d_r and
// eight loads and fused multiply-adds — kernels/matvec.ts's transposed panels
// without their edges, tails, stores or calls. One sequence at a time, every
// weight is loaded once per use, so no product of a step can beat this loop.
import { madd } from "../../kernels/simd";

// y[0 … 32) += Σ_r W[r, 0 … 32) d_r, over `rows` rows, `repeats` times.
export function panel(W: usize, d: usize, y: usize, rows: i32, repeats: i32): void {
  let a0 = v128.load(y), a1 = v128.load(y, 16), a2 = v128.load(y, 32), a3 = v128.load(y, 48);
  let a4 = v128.load(y, 64), a5 = v128.load(y, 80), a6 = v128.load(y, 96), a7 = v128.load(y, 112);
  for (let k = 0; k < repeats; k++) {
    let w = W;
    for (let r = 0; r < rows; r++) {
      const s = v128.load32_splat(d + (<usize>r << 2));
      a0 = madd(v128.load(w), s, a0);
      a1 = madd(v128.load(w, 16), s, a1);
      a2 = madd(v128.load(w, 32), s, a2);
      a3 = madd(v128.load(w, 48), s, a3);
      a4 = madd(v128.load(w, 64), s, a4);
      a5 = madd(v128.load(w, 80), s, a5);
      a6 = madd(v128.load(w, 96), s, a6);
      a7 = madd(v128.load(w, 112), s, a7);
      w += 128;
    }
  }
  v128.store(y, a0); v128.store(y, a1, 16); v128.store(y, a2, 32); v128.store(y, a3, 48);
  v128.store(y, a4, 64); v128.store(y, a5, 80); v128.store(y, a6, 96); v128.store(y, a7, 112);
}
