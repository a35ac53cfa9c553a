// What nn.LSTM and nn.GRU share: PyTorch's per-layer parameters, argument
// checks, and moving states and gradients between a layer's time-major rows
// and the (L·B, H) final-state tensors. L = layers, B = batch, H = hidden.
import type { Backend, Tensor } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";
import type { Workspace } from "../core/workspace.ts";
import { checkDropout, dropoutBackward, dropoutForward } from "./dropout.ts";
import { checkLengths, zeroPastLengths } from "./lengths.ts";
import { initUniform, type UniformSource } from "./linear.ts";

/**
 * A stack's input: (T·B, I) rows, or T·B token ids (time-major, negative for
 * padding) whose first-layer product x W_ihᵀ is a gather of W_ih's columns —
 * what a one-hot input computes, without the zeros.
 */
export type SequenceInput = Tensor | Int32Array;

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

/** Requires x: (T·B, I) or T·B ids below I, and each given state: (L·B, H); returns T. */
export function checkSequence(
  module: string,
  x: SequenceInput,
  batch: number,
  inputSize: number,
  states: Record<string, Tensor | undefined>,
  layers: number,
  hidden: number,
): number {
  if (x instanceof Int32Array) {
    if (!Number.isInteger(batch) || batch < 1 || x.length % batch !== 0 || x.length === 0) {
      throw new RangeError(
        `${module}.forward: ${x.length} token ids do not make T steps of batch ${batch}`,
      );
    }
    const bad = x.findIndex((id) => id >= inputSize);
    if (bad >= 0) {
      throw new RangeError(
        `${module}.forward: token id ${x[bad]} at row ${bad} is not below inputSize ${inputSize}`,
      );
    }
  } else if (
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
  return sequenceRows(x) / batch;
}

/** T·B: the rows of an input. */
export function sequenceRows(x: SequenceInput): number {
  return x instanceof Int32Array ? x.length : x.shape[0];
}

// target += x W_ihᵀ; for token ids, target_r += W_ih[:, id_r]
/** The input's part of every step at once, into rows already holding the bias. */
export function projectInput(
  backend: Backend,
  target: Tensor,
  input: SequenceInput,
  weightIh: Tensor,
): void {
  if (input instanceof Int32Array) backend.gatherColumnsAccumulate(target, weightIh, input);
  else backend.matMulTransposedBAccumulate(target, input, weightIh);
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

/** The fields of nn.LSTM and nn.GRU that the helpers below read. */
export interface StackModule {
  readonly backend: Backend;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly dropout: number;
  readonly training: boolean;
  readonly dropoutRandom: UniformSource | null;
}

/**
 * What a forward pass settles before its first layer: T from x's rows, whether
 * dropout runs (training mode, p > 0, more than one layer), and each sequence's
 * length (T for all when `lengths` is omitted). Throws on bad shapes.
 */
export function beginForward(
  module: string,
  stack: StackModule,
  x: SequenceInput,
  batch: number,
  states: Record<string, Tensor | undefined>,
  lengths: readonly number[] | undefined,
): { steps: number; dropping: boolean; lengths: number[] } {
  const { inputSize, numLayers, hiddenSize } = stack;
  const steps = checkSequence(module, x, batch, inputSize, states, numLayers, hiddenSize);
  const dropping = stack.training && stack.dropout > 0 && numLayers > 1;
  if (dropping && !stack.dropoutRandom) {
    throw new Error(
      `${module}.forward: dropout ${stack.dropout} in training mode needs dropoutRandom (a seeded generator)`,
    );
  }
  return { steps, dropping, lengths: checkLengths(lengths, batch, steps) };
}

/** Layer k's h as the next layer reads it: through dropout (into `space`'s rows) when it runs. */
export function nextLayerInput(
  stack: StackModule,
  dropping: boolean,
  k: number,
  h: Tensor,
  space: Workspace,
  rows: number,
): Tensor {
  if (!dropping || k === stack.numLayers - 1) return h;
  const dropped = space.rows("dropped", rows);
  dropoutForward(dropped, space.rows("mask", rows), h, stack.dropout, stack.dropoutRandom!);
  return dropped;
}

/**
 * The module's output: the last layer's h, or with `lengths` given, PyTorch's
 * packed sequences — a copy in `space`'s "out" rows, zero past each sequence's end.
 */
export function stackOutput(
  h: Tensor,
  lengths: readonly number[] | undefined,
  checkedLengths: readonly number[],
  space: Workspace,
  hidden: number,
): Tensor {
  if (!lengths) return h;
  const output = space.rows("out", h.shape[0]);
  output.data.set(h.data);
  zeroPastLengths(output, checkedLengths, checkedLengths.length, hidden);
  return output;
}

/**
 * Layer k's dh rows at the start of its backward pass: dAbove back through the
 * dropout that fed the layer above (when it ran), then {@linkcode gradientFromAbove}.
 */
export function layerGradient(
  stack: StackModule,
  dropping: boolean,
  k: number,
  dAbove: Tensor,
  space: Workspace,
  rows: number,
  lengths: readonly number[],
  dhN: Tensor | undefined,
): Tensor {
  if (dropping && k < stack.numLayers - 1) {
    const dDropped = space.rows("dDropped", rows);
    dropoutBackward(dDropped, dAbove, space.rows("mask", rows));
    dAbove = dDropped;
  }
  const dh = space.rows("dh", rows);
  gradientFromAbove(stack.backend, dh, dAbove, lengths, dhN, k, stack.hiddenSize);
  return dh;
}

// dW_ih += dgatesᵀ x,  db_ih += Σ dgates,  db_hh += Σ dgatesHh,  d input = dgates W_ih
// (dgates: the gradient at x W_ihᵀ + b_ih; dgatesHh: at h W_hhᵀ + b_hh, the
// same rows for the LSTM, the GRU's own for its n gate's r ⊙ (…) term)
/**
 * The input projection's backward pass for one layer; returns the layer's
 * input gradient, or null for token ids (which have none).
 */
export function inputProjectionBackward(
  backend: Backend,
  layer: LayerWeights,
  dGates: Tensor,
  dGatesHh: Tensor,
  input: SequenceInput,
  space: Workspace,
  rows: number,
): Tensor | null {
  const ones = space.rows("ones", rows);
  ones.data.fill(1);
  // An LSTM's or RNN's two biases get the same gradient. While their grads
  // hold the same values (zeros, as every update leaves them), one pass over
  // the rows gives both, bit for bit.
  if (dGatesHh === dGates && sameValues(layer.biasIh.grad, layer.biasHh.grad)) {
    backend.matVecTransposedAccumulate(layer.biasIh.grad, dGates, ones);
    backend.copy(layer.biasHh.grad, layer.biasIh.grad);
  } else {
    backend.matVecTransposedAccumulate(layer.biasIh.grad, dGates, ones);
    backend.matVecTransposedAccumulate(layer.biasHh.grad, dGatesHh, ones);
  }
  if (input instanceof Int32Array) {
    backend.scatterColumnsAccumulate(layer.weightIh.grad, dGates, input);
    return null;
  }
  backend.matMulTransposedAAccumulate(layer.weightIh.grad, dGates, input);
  const dInput = space.rows("dInput", rows);
  backend.zero(dInput);
  backend.matMulAccumulate(dInput, dGates, layer.weightIh.value);
  return dInput;
}

/** Frees a stack's parameters, its layers' workspaces and its state workspace. */
export function disposeStack(
  backend: Backend,
  layers: readonly (LayerWeights & { space: Workspace })[],
  state: Workspace,
): void {
  for (const layer of layers) {
    for (const parameter of stackParameters([layer])) {
      backend.free(parameter.value);
      backend.free(parameter.grad);
    }
    layer.space.dispose();
  }
  state.dispose();
}

// row = b_ih + b_hh: both biases add to every step's pre-activation, so they are summed once.
/** Writes layer's b_ih + b_hh into `row` (1, G·H). */
export function combinedBias(backend: Backend, row: Tensor, layer: LayerWeights): void {
  backend.copy(row, layer.biasIh.value);
  const sum = row.data, hh = layer.biasHh.value.data;
  for (let i = 0; i < sum.length; i++) sum[i] += hh[i];
}

// Whether two tensors hold the same bits (Object.is: −0 and 0 differ, NaN equals NaN).
function sameValues(a: Tensor, b: Tensor): boolean {
  const x = a.data, y = b.data;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}
