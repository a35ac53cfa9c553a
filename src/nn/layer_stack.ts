// What nn.LSTM and nn.GRU share: PyTorch's per-layer parameters, argument
// checks, and moving states and gradients between a layer's time-major rows
// and the (L·B, H) final-state tensors. L = layers, B = batch, H = hidden.
import type { Backend, Tensor } from "../backend.ts";
import type { Parameter } from "../models/model.ts";
import { checkDropout } from "./dropout.ts";
import { zeroPastLengths } from "./lengths.ts";
import { initUniform, type UniformSource } from "./linear.ts";

/** One layer's PyTorch parameters: weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}. */
export interface LayerWeights {
  inputSize: number;
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter;
  biasHh: Parameter;
  /** An LSTM's peephole weights (3, H): p_i, p_f, p_o — not in PyTorch. */
  peephole?: Parameter;
}

/** Sizes shared by the stacked recurrent modules. */
export interface StackOptions {
  inputSize: number;
  hiddenSize: number;
  numLayers?: number;
  dropout?: number;
}

/** Validated sizes, with defaults filled in. */
export function stackSizes(module: string, options: StackOptions): Required<StackOptions> {
  const { inputSize, hiddenSize, numLayers = 1 } = options;
  for (const [name, value] of Object.entries({ inputSize, hiddenSize, numLayers })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${module} ${name} must be a positive integer, got ${value}`);
    }
  }
  return { inputSize, hiddenSize, numLayers, dropout: checkDropout(module, options.dropout ?? 0) };
}

/** Layer k's parameters for `gates` stacked gates (4 for the LSTM, 3 for the GRU). */
export function layerWeights(
  backend: Backend,
  k: number,
  gates: number,
  inputSize: number,
  hidden: number,
  peephole = false,
): LayerWeights {
  const parameter = (name: string, shape: number[]): Parameter => ({
    name,
    value: backend.tensor(shape),
    grad: backend.tensor(shape),
  });
  return {
    inputSize,
    weightIh: parameter(`weight_ih_l${k}`, [gates * hidden, inputSize]),
    weightHh: parameter(`weight_hh_l${k}`, [gates * hidden, hidden]),
    biasIh: parameter(`bias_ih_l${k}`, [gates * hidden]),
    biasHh: parameter(`bias_hh_l${k}`, [gates * hidden]),
    ...(peephole ? { peephole: parameter(`weight_peephole_l${k}`, [3, hidden]) } : {}),
  };
}

/** Requires x: (T·B, I) and each given state: (L·B, H); returns T. */
export function checkSequence(
  module: string,
  x: Tensor,
  batch: number,
  inputSize: number,
  states: Record<string, Tensor | undefined>,
  layers: number,
  hidden: number,
): number {
  if (
    !Number.isInteger(batch) || batch < 1 || x.shape.length !== 2 || x.shape[1] !== inputSize ||
    x.shape[0] % batch !== 0
  ) {
    throw new RangeError(
      `${module}.forward: input has shape [${
        x.shape.join(", ")
      }], expected [T·${batch}, ${inputSize}]`,
    );
  }
  for (const [name, state] of Object.entries(states)) {
    if (state && state.size !== layers * batch * hidden) {
      throw new RangeError(
        `${module}.forward: ${name} has shape [${state.shape.join(", ")}], expected [${
          layers * batch
        }, ${hidden}]`,
      );
    }
  }
  return x.shape[0] / batch;
}

/** Copies each sequence's state at its own last step (rows of layer k) into `target` (L·B, H). */
export function gatherFinal(
  target: Tensor,
  rows: Tensor,
  lengths: readonly number[],
  k: number,
  hidden: number,
): void {
  const batch = lengths.length;
  for (let b = 0; b < batch; b++) {
    const at = ((lengths[b] - 1) * batch + b) * hidden;
    target.data.set(rows.data.subarray(at, at + hidden), (k * batch + b) * hidden);
  }
}

/**
 * The gradient reaching layer k's h rows: a copy of what comes from above,
 * zero past each sequence's end, plus ∂L/∂h_N at each sequence's last step.
 */
export function gradientFromAbove(
  backend: Backend,
  dh: Tensor,
  dAbove: Tensor,
  lengths: readonly number[],
  dhN: Tensor | undefined,
  k: number,
  hidden: number,
): void {
  const batch = lengths.length;
  backend.copy(dh, dAbove);
  zeroPastLengths(dh, lengths, batch, hidden);
  if (!dhN) return;
  for (let b = 0; b < batch; b++) {
    const at = ((lengths[b] - 1) * batch + b) * hidden;
    for (let j = 0; j < hidden; j++) dh.data[at + j] += dhN.data[(k * batch + b) * hidden + j];
  }
}

/** All layers' parameters in PyTorch's order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, … */
export function stackParameters(layers: readonly LayerWeights[]): Parameter[] {
  return layers.flatMap((layer) => [
    layer.weightIh,
    layer.weightHh,
    layer.biasIh,
    layer.biasHh,
    ...(layer.peephole ? [layer.peephole] : []),
  ]);
}

/** PyTorch's default for recurrent layers: every weight and bias uniform in ±1/√H. */
export function initStackUniform(
  layers: readonly LayerWeights[],
  hidden: number,
  random: UniformSource,
): void {
  const bound = 1 / Math.sqrt(hidden);
  for (const parameter of stackParameters(layers)) initUniform(parameter, bound, random);
}
