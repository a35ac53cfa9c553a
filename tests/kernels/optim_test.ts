// Parity of kernels/optim.ts with the reference: clipping, SGD and Adam.
// Tolerances: sums of squares are accumulated in f64 (1e-6 relative); an
// update is a handful of f32 operations per element (1e-6 relative, 1e-7
// absolute), carried over several steps (1e-5).
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

const SIZES = [1, 3, 4, 5, 17, 53, 200 * 54, 512 * 577];

Deno.test("sumSquares() and scale() match the reference", () => {
  for (const n of SIZES) {
    const inputs = { x: { shape: [n], values: randomValues(n, n, -3, 3) } };
    const run = (b: Backend, t: Record<string, Tensor>) => {
      const total = b.sumSquares(t.x);
      b.scale(t.x, 0.37);
      return total;
    };
    const expected = runOn(reference, inputs, run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, run);
      assertClose(
        [actual.result as number],
        [expected.result as number],
        { atol: 0, rtol: 1e-6 },
        `sumSquares n=${n} [${build}]`,
      );
      assertClose(
        actual.values.x,
        expected.values.x,
        { atol: 1e-7, rtol: 1e-6 },
        `scale n=${n} [${build}]`,
      );
    }
  }
});

Deno.test("clipGradNorm() rescales all buffers to the global norm only when above it", () => {
  for (const backend of [reference, ...wasmBackends.values()]) {
    const a = backend.tensor([3], [3, 0, 0]);
    const b = backend.tensor([2, 2], [0, 4, 0, 0]);
    assertClose(
      [backend.clipGradNorm([a, b], 10)],
      [5],
      { atol: 1e-6, rtol: 0 },
      "norm below the limit",
    );
    assertClose([...a.data, ...b.data], [3, 0, 0, 0, 4, 0, 0], { atol: 0, rtol: 0 }, "untouched");
    assertClose(
      [backend.clipGradNorm([a, b], 0.25)],
      [5],
      { atol: 1e-6, rtol: 0 },
      "norm above the limit",
    );
    const coefficient = 0.25 / (5 + 1e-6);
    assertClose(
      [...a.data, ...b.data],
      [3 * coefficient, 0, 0, 0, 4 * coefficient, 0, 0],
      { atol: 1e-7, rtol: 1e-6 },
      `clipped [${backend.description}]`,
    );
    assert.throws(() => backend.clipGradNorm([a], 0), RangeError);
  }
});

Deno.test("sgdStep() with momentum and weight decay matches the reference over 5 steps", () => {
  for (const n of SIZES) {
    const inputs = {
      param: { shape: [n], values: randomValues(n, n) },
      grad: { shape: [n], values: randomValues(n + 1, n) },
      velocity: { shape: [n] },
    };
    for (const [momentum, weightDecay] of [[0, 0], [0.9, 0], [0.9, 1e-2]]) {
      const run = (b: Backend, t: Record<string, Tensor>) => {
        for (let step = 0; step < 5; step++) {
          b.sgdStep(t.param, t.grad, t.velocity, { lr: 0.1, momentum, weightDecay });
        }
      };
      const expected = runOn(reference, inputs, run);
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(backend, inputs, run);
        const label = `sgd n=${n} momentum=${momentum} wd=${weightDecay} [${build}]`;
        assertClose(actual.values.param, expected.values.param, { atol: 1e-6, rtol: 1e-5 }, label);
        assertClose(
          actual.values.velocity,
          expected.values.velocity,
          { atol: 1e-6, rtol: 1e-5 },
          label,
        );
      }
    }
  }
});

Deno.test("adamStep() matches the reference over 5 steps, bias correction included", () => {
  for (const n of SIZES) {
    const inputs = {
      param: { shape: [n], values: randomValues(n, n) },
      grad: { shape: [n], values: randomValues(n + 1, n, -1e-3, 1e-3) },
      m: { shape: [n] },
      v: { shape: [n] },
    };
    for (const weightDecay of [0, 1e-2]) {
      const run = (b: Backend, t: Record<string, Tensor>) => {
        for (let step = 1; step <= 5; step++) {
          b.adamStep(t.param, t.grad, t.m, t.v, { lr: 1e-2, step, weightDecay });
        }
      };
      const expected = runOn(reference, inputs, run);
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(backend, inputs, run);
        const label = `adam n=${n} wd=${weightDecay} [${build}]`;
        assertClose(actual.values.param, expected.values.param, { atol: 1e-6, rtol: 1e-5 }, label);
        // g = grad + λ p can cancel, so the moments get an absolute floor at ~1e-5 of their scale.
        assertClose(actual.values.m, expected.values.m, { atol: 1e-8, rtol: 1e-5 }, label);
        assertClose(actual.values.v, expected.values.v, { atol: 1e-11, rtol: 1e-5 }, label);
      }
    }
  }
});

Deno.test("a step of Adam moves each parameter by lr against the gradient's sign", () => {
  // With bias correction, Adam's first step is lr · g / (|g| + ε): the size
  // of the gradient does not matter, only its sign.
  for (const backend of [reference, ...wasmBackends.values()]) {
    const param = backend.tensor([3], [1, 1, 1]);
    const grad = backend.tensor([3], [1e-3, -5, 0.5]);
    const m = backend.tensor([3]);
    const v = backend.tensor([3]);
    backend.adamStep(param, grad, m, v, { lr: 0.1, step: 1 });
    assertClose(
      [...param.data],
      [0.9, 1.1, 0.9],
      { atol: 1e-6, rtol: 0 },
      `first Adam step [${backend.description}]`,
    );
  }
});

Deno.test("gradScale in a step equals scaling the gradient first, bit for bit; zeroGrad clears it", () => {
  // The training loop folds the clipping coefficient into the update; it must
  // give exactly the numbers of clipGradNorm's separate scaling pass.
  const coefficient = 0.2371;
  for (const backend of [reference, ...wasmBackends.values()]) {
    for (const n of SIZES) {
      const inputs = {
        param: { shape: [n], values: randomValues(n, n) },
        grad: { shape: [n], values: randomValues(n + 1, n) },
        m: { shape: [n] },
        v: { shape: [n] },
      };
      const options = [
        { kind: "sgd", lr: 0.1, momentum: 0.9, weightDecay: 1e-2 },
        { kind: "adam", lr: 1e-2, step: 1, weightDecay: 1e-2 },
      ] as const;
      for (const { kind, ...step } of options) {
        const apply = (b: Backend, t: Record<string, Tensor>, extra: object) =>
          kind === "sgd"
            ? b.sgdStep(t.param, t.grad, t.m, { ...step, ...extra })
            : b.adamStep(t.param, t.grad, t.m, t.v, { ...step, step: 1, ...extra });
        const separate = runOn(backend, inputs, (b, t) => {
          b.scale(t.grad, coefficient);
          apply(b, t, {});
        });
        const fused = runOn(
          backend,
          inputs,
          (b, t) => apply(b, t, { gradScale: coefficient, zeroGrad: true }),
        );
        const label = `${kind} n=${n} [${backend.description}]`;
        assert.deepEqual(fused.values.param, separate.values.param, label);
        assert.deepEqual(fused.values.m, separate.values.m, label);
        assert.ok(fused.values.grad.every((g) => g === 0), `zeroGrad ${label}`);
        assert.ok(separate.values.grad.some((g) => g !== 0), `grad kept without zeroGrad ${label}`);
      }
    }
  }
});

Deno.test("a NaN or negative gradScale is refused before it reaches the parameters", () => {
  for (const backend of [reference, ...wasmBackends.values()]) {
    const p = backend.tensor([3], [1, 2, 3]), g = backend.tensor([3], [1, 1, 1]);
    for (const gradScale of [NaN, -1, Infinity]) {
      assert.throws(() => backend.sgdStep(p, g, null, { lr: 0.1, gradScale }), /gradScale must be/);
    }
    assert.deepEqual([...p.data], [1, 2, 3]);
  }
});
