// nn.Linear as PyTorch defines it: y = x Wᵀ + b, W: (out, in), b: (out).
// N = rows (time steps × batch), in / out = features.
import type { Backend, Tensor } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";
import { fillRows, Workspace } from "../core/workspace.ts";
import { orthogonalMatrix } from "../init/orthogonal.ts";
import type { RandomSource, UniformSource } from "../core/random_source.ts";
import { initSource } from "./init_source.ts";

export type { RandomSource, UniformSource };

/** Sizes of a {@linkcode Linear} layer. */
export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  /** Whether to add a bias (default true, as in PyTorch). */
  bias?: boolean;
  /**
   * The generator the initial weights are drawn from at construction
   * (PyTorch's uniform ±1/√in); default a fresh `NumpyRandom(DEFAULT_INIT_SEED)`.
   */
  random?: UniformSource;
}

/**
 * The lab's initialisation for an nn module: each weight matrix orthogonal
 * (as `init_orthogonal`), each bias zero.
 */
export function initOrthogonalParameters(
  parameters: readonly Parameter[],
  random: RandomSource,
): void {
  for (const parameter of parameters) {
    const { shape, data } = parameter.value;
    if (shape.length === 2) data.set(orthogonalMatrix(shape[0], shape[1], random));
    else data.fill(0);
  }
}

/** Fills a parameter with uniform values in [−bound, bound). */
export function initUniform(parameter: Parameter, bound: number, random: UniformSource): void {
  const data = parameter.value.data;
  for (let i = 0; i < data.length; i++) data[i] = bound * (2 * random.randomSample() - 1);
}

/**
 * A fully connected layer with PyTorch's parameter names (`weight`, `bias`)
 * and default initialisation (uniform ±1/√in), drawn at construction as
 * PyTorch does. `forward` keeps what `backward` needs; both return
 * module-owned buffers valid until the next call.
 *
 * @example
 * ```ts
 * import { Linear } from "./linear.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const layer = new Linear(backend, { inFeatures: 2, outFeatures: 1 });
 * layer.weight.value.data.set([2, 3]);
 * layer.bias!.value.data.set([1]);
 * const y = layer.forward(backend.tensor([1, 2], [1, 1]));
 * assert.deepEqual([...y.data], [6]);
 * ```
 */
export class Linear {
  readonly backend: Backend;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;
  readonly #space: Workspace;
  #input: Tensor | null = null;

  constructor(backend: Backend, options: LinearOptions) {
    const { inFeatures, outFeatures, bias = true } = options;
    for (
      const [name, value] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const
    ) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`Linear ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const parameter = (name: string, shape: number[]): Parameter => ({
      name,
      value: backend.tensor(shape),
      grad: backend.tensor(shape),
    });
    this.weight = parameter("weight", [outFeatures, inFeatures]);
    this.bias = bias ? parameter("bias", [outFeatures]) : null;
    this.#space = new Workspace(backend, { y: outFeatures, dx: inFeatures, ones: 1 });
    this.initialize(initSource(options.random));
  }

  /** Draws weight and bias again, uniform in ±1/√inFeatures (PyTorch's default). */
  initialize(random: UniformSource): void {
    const bound = 1 / Math.sqrt(this.inFeatures);
    for (const parameter of this.parameters()) initUniform(parameter, bound, random);
  }

  /** Frees the parameters and buffers; the layer must not be used afterwards. */
  dispose(): void {
    for (const parameter of this.parameters()) {
      this.backend.free(parameter.value);
      this.backend.free(parameter.grad);
    }
    this.#space.dispose();
  }

  /** The parameters under PyTorch's names. */
  parameters(): Parameter[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  // y = x Wᵀ + b
  // x: (N, in) → y: (N, out)
  forward(x: Tensor): Tensor {
    const rows = x.shape[0];
    if (x.shape.length !== 2 || x.shape[1] !== this.inFeatures) {
      throw new RangeError(
        `Linear.forward: input has shape [${x.shape.join(", ")}], expected [N, ${this.inFeatures}]`,
      );
    }
    this.#space.ensure(rows);
    const y = this.#space.rows("y", rows);
    if (this.bias) fillRows(y, this.bias.value);
    else this.backend.zero(y);
    this.backend.matMulTransposedBAccumulate(y, x, this.weight.value);
    this.#input = x;
    return y;
  }

  // dW += dyᵀ x;  db += Σ_n dy_n;  dx = dy W
  // dy: (N, out) → dx: (N, in)
  backward(dy: Tensor): Tensor {
    const x = this.#input;
    if (!x) throw new Error("Linear.backward: run forward() first");
    const { backend } = this;
    const rows = x.shape[0];
    backend.matMulTransposedAAccumulate(this.weight.grad, dy, x);
    if (this.bias) {
      const ones = this.#space.rows("ones", rows);
      ones.data.fill(1);
      backend.matVecTransposedAccumulate(this.bias.grad, dy, ones);
    }
    const dx = this.#space.rows("dx", rows);
    backend.zero(dx);
    backend.matMulAccumulate(dx, dy, this.weight.value);
    return dx;
  }
}
