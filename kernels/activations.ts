// Pointwise activations over n floats. Outputs may alias inputs.
import { tanhV, sigmoidV, loadTail, storeTail } from "./simd";

// y = tanh(x)
export function tanhForward(y: usize, x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    v128.store(y + offset, tanhV(v128.load(x + offset)));
  }
  if (i < n) {
    const offset = <usize>i << 2;
    storeTail(y + offset, tanhV(loadTail(x + offset, n - i)), n - i);
  }
}

// dx += dy ⊙ (1 − y²), with y = tanh(x) from the forward pass
export function tanhBackward(dx: usize, y: usize, dy: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const yv = v128.load(y + offset);
    const local = f32x4.sub(one, f32x4.mul(yv, yv));
    v128.store(dx + offset, f32x4.add(v128.load(dx + offset), f32x4.mul(v128.load(dy + offset), local)));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const yv = load<f32>(y + offset);
    store<f32>(dx + offset, load<f32>(dx + offset) + load<f32>(dy + offset) * (1 - yv * yv));
  }
}

// y = σ(x) = 1 / (1 + e^{−x})
export function sigmoidForward(y: usize, x: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    v128.store(y + offset, sigmoidV(v128.load(x + offset)));
  }
  if (i < n) {
    const offset = <usize>i << 2;
    storeTail(y + offset, sigmoidV(loadTail(x + offset, n - i)), n - i);
  }
}

// dx += dy ⊙ y (1 − y), with y = σ(x) from the forward pass
export function sigmoidBackward(dx: usize, y: usize, dy: usize, n: i32): void {
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const offset = <usize>i << 2;
    const yv = v128.load(y + offset);
    const local = f32x4.mul(yv, f32x4.sub(one, yv));
    v128.store(dx + offset, f32x4.add(v128.load(dx + offset), f32x4.mul(v128.load(dy + offset), local)));
  }
  for (; i < n; i++) {
    const offset = <usize>i << 2;
    const yv = load<f32>(y + offset);
    store<f32>(dx + offset, load<f32>(dx + offset) + load<f32>(dy + offset) * (yv * (1 - yv)));
  }
}
