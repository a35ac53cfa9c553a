// The sequence kernels with a batch of 16 rows or more pack their weights
// once per call (kernels/lstm_sequence.ts, rnn_sequence.ts); their results
// must equal, bit for bit, the same time loop run step by step from the
// backend's own kernels: each step's product in slices of fewer than 16 rows
// (the direct path), then the cell kernel. Every wasm build, and a shared memory.
import { AssertionError } from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { randomValues } from "../helpers/random.ts";
import { wasmBackends } from "../helpers/parity.ts";

// Fails at the first element whose bits differ.
function assertSameBits(actual: Tensor, expected: Tensor, label: string): void {
  const a = new Uint32Array(Float32Array.from(actual.data).buffer);
  const e = new Uint32Array(Float32Array.from(expected.data).buffer);
  const i = a.findIndex((bits, index) => bits !== e[index]);
  if (i >= 0) {
    throw new AssertionError({
      message: `${label}: element ${i} is ${actual.data[i]}, step by step ${expected.data[i]}`,
    });
  }
}

// Rows [start, start + rows) of a (rows × width) tensor, as a view.
const rowsOf = (be: Backend, t: Tensor, start: number, rows: number) =>
  be.view(t, start * t.shape[1], [rows, t.shape[1]]);

// `product(start, rows)` over the rows of one step in slices of at most 7.
function inSlices(batch: number, product: (start: number, rows: number) => void): void {
  for (let s = 0; s < batch; s += 7) product(s, Math.min(7, batch - s));
}

function transposed(be: Backend, W: Tensor): Tensor {
  const [rows, columns] = W.shape;
  const out = be.tensor([columns, rows]);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) out.data[c * rows + r] = W.data[r * columns + c];
  }
  return out;
}

const copyOf = (be: Backend, t: Tensor) => be.tensor(t.shape, t.data);

// [steps, batch ≥ 16, hidden, inputs]
const LSTM_SHAPES: [number, number, number, number][] = [
  [3, 16, 5, 2],
  [4, 17, 9, 0],
  [3, 32, 33, 4],
  [2, 20, 66, 3],
  [3, 53, 3, 1],
  [2, 32, 256, 0],
];

Deno.test("lstmSequenceForward/Backward with packed weights equal the step-by-step loop, bit for bit", () => {
  for (const [T, B, H, I] of LSTM_SHAPES) {
    for (const [build, be] of wasmBackends) {
      const rows = T * B, Z = H + I, label = `T=${T} B=${B} H=${H} I=${I} [${build}]`;
      const z = randomValues(rows + Z, rows * Z);
      for (let r = B; r < rows; r++) z.fill(0, r * Z, r * Z + H);
      const W = be.tensor([4 * H, Z], randomValues(H + Z, 4 * H * Z, -0.5, 0.5));
      const c0 = be.tensor([B, H], randomValues(13, B * H));
      const t = (width: number, values?: Float32Array) => be.tensor([rows, width], values);
      const [h, c, tanhC, dPre] = [t(H), t(H), t(H), t(4 * H)];
      const gates = t(4 * H, randomValues(3, rows * 4 * H, -0.5, 0.5));
      const zs = t(Z, z);
      const dh = t(H, randomValues(11, rows * H));
      const [h2, c2, tanhC2, dPre2] = [t(H), t(H), t(H), t(4 * H)];
      const [gates2, zs2, dh2] = [copyOf(be, gates), copyOf(be, zs), copyOf(be, dh)];
      const [dc, dh0, dc2, dh02] = [0, 0, 0, 0].map(() => be.tensor([B, H]));

      be.lstmSequenceForward(h, c, tanhC, gates, zs, W, B, { c0 });
      be.lstmSequenceBackward(dPre, dc, dh, gates, tanhC, c, W, B, { c0, dh0 });

      const Wt = transposed(be, W);
      const step = (x: Tensor, k: number, width: number) => be.view(x, k * B * width, [B, width]);
      for (let k = 0; k < T; k++) {
        if (k > 0) {
          for (let b = 0; b < B; b++) {
            zs2.data.set(
              h2.data.subarray(((k - 1) * B + b) * H, ((k - 1) * B + b + 1) * H),
              (k * B + b) * Z,
            );
          }
        }
        const g = step(gates2, k, 4 * H), zk = step(zs2, k, Z);
        inSlices(B, (s, r) => be.matMulAccumulate(rowsOf(be, g, s, r), rowsOf(be, zk, s, r), Wt));
        const cPrev = k > 0 ? step(c2, k - 1, H) : c0;
        be.lstmCellForward(step(h2, k, H), step(c2, k, H), step(tanhC2, k, H), g, g, cPrev);
      }
      for (let k = T - 1; k >= 0; k--) {
        const cPrev = k > 0 ? step(c2, k - 1, H) : c0;
        const dp = step(dPre2, k, 4 * H);
        be.lstmCellBackward(
          dp,
          dc2,
          step(dh2, k, H),
          dc2,
          step(gates2, k, 4 * H),
          step(tanhC2, k, H),
          cPrev,
        );
        const dhPrev = k > 0 ? step(dh2, k - 1, H) : dh02;
        // Fewer than 4 columns are never packed, and their direct path sums a
        // row by where it falls in blocks of 4: whole, as the kernel does.
        const product = (s: number, r: number) =>
          be.matMulAccumulateColumns(rowsOf(be, dhPrev, s, r), rowsOf(be, dp, s, r), W, 0);
        if (H < 4) product(0, B);
        else inSlices(B, product);
      }
      const pairs: [string, Tensor, Tensor][] = [
        ["h", h, h2],
        ["c", c, c2],
        ["tanhC", tanhC, tanhC2],
        ["gates", gates, gates2],
        ["dPre", dPre, dPre2],
        ["dh", dh, dh2],
        ["dc", dc, dc2],
        ["dh0", dh0, dh02],
      ];
      for (const [name, packed, stepwise] of pairs) {
        assertSameBits(packed, stepwise, `lstm ${name} ${label}`);
      }
    }
  }
});

// [steps, batch ≥ 16, hidden]
const RNN_SHAPES: [number, number, number][] = [[3, 16, 4], [4, 17, 9], [3, 32, 53], [2, 32, 257]];

Deno.test("rnnSequenceForward/Backward with packed weights equal the step-by-step loop, bit for bit", () => {
  for (const [T, B, H] of RNN_SHAPES) {
    for (const [build, be] of wasmBackends) {
      const rows = T * B, label = `T=${T} B=${B} H=${H} [${build}]`;
      const V = be.tensor([H, H], randomValues(H, H * H, -0.3, 0.3));
      const h = be.tensor([rows, H], randomValues(5, rows * H));
      const dh = be.tensor([rows, H], randomValues(7, rows * H));
      const [h2, dh2] = [copyOf(be, h), copyOf(be, dh)];
      const [dPre, dPre2] = [be.tensor([rows, H]), be.tensor([rows, H])];

      be.rnnSequenceForward(h, V, B);
      be.rnnSequenceBackward(dPre, dh, h, V, B);

      const Vt = transposed(be, V);
      const step = (x: Tensor, k: number) => be.view(x, k * B * H, [B, H]);
      for (let k = 0; k < T; k++) {
        const hk = step(h2, k);
        if (k > 0) {
          const previous = step(h2, k - 1);
          inSlices(
            B,
            (s, r) => be.matMulAccumulate(rowsOf(be, hk, s, r), rowsOf(be, previous, s, r), Vt),
          );
        }
        be.tanhForward(hk, hk);
      }
      for (let k = T - 1; k >= 0; k--) {
        be.tanhBackward(step(dPre2, k), step(h2, k), step(dh2, k));
        if (k === 0) continue;
        const dhPrev = step(dh2, k - 1), dp = step(dPre2, k);
        inSlices(
          B,
          (s, r) => be.matMulAccumulate(rowsOf(be, dhPrev, s, r), rowsOf(be, dp, s, r), V),
        );
      }
      for (
        const [name, packed, stepwise] of [["h", h, h2], ["dPre", dPre, dPre2], [
          "dh",
          dh,
          dh2,
        ]] as const
      ) assertSameBits(packed, stepwise, `rnn ${name} ${label}`);
    }
  }
});
