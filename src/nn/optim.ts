// torch.optim's SGD and Adam over lists of parameters, and global-norm
// clipping, on the backend's update kernels.
import type { Backend, Tensor } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";

/** Options of {@linkcode SGD}, as PyTorch's (dampening 0, no Nesterov). */
export interface SgdConfig {
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

/** Options of {@linkcode Adam}, as PyTorch's (L2 weight decay, no AMSGrad). */
export interface AdamConfig {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/** How one update treats the gradient (the trainer's fused clipping). */
export interface StepOptions {
  /** Multiplies every gradient before use: a clipping coefficient, applied in the update's own pass (default 1). */
  gradScale?: number;
  /** Sets each gradient to zero once read, ready for the next backward pass (default false). */
  zeroGrad?: boolean;
}

/**
 * What an optimizer carries from one update to the next: its update count and
 * its per-parameter buffers (SGD's velocities, Adam's m then v), as plain copies.
 */
export interface OptimizerState {
  kind: "sgd" | "adam";
  step: number;
  buffers: Float64Array[];
}

function restoreBuffers(
  name: string,
  state: OptimizerState,
  kind: "sgd" | "adam",
  buffers: readonly Tensor[],
): void {
  if (state.kind !== kind || state.buffers.length !== buffers.length) {
    throw new RangeError(
      `${name}.restore: the state holds ${state.kind} with ${state.buffers.length} buffers, expected ${kind} with ${buffers.length}`,
    );
  }
  buffers.forEach((buffer, i) => {
    if (state.buffers[i].length !== buffer.size) {
      throw new RangeError(
        `${name}.restore: buffer ${i} holds ${
          state.buffers[i].length
        } values, expected ${buffer.size}`,
      );
    }
    buffer.data.set(state.buffers[i]);
  });
}

function checkRate(name: string, lr: number): void {
  if (!(lr > 0) || !Number.isFinite(lr)) {
    throw new RangeError(`${name}: lr must be positive, got ${lr}`);
  }
}

/** Sets every gradient of `parameters` to zero. */
export function zeroGrad(backend: Backend, parameters: readonly Parameter[]): void {
  for (const parameter of parameters) backend.zero(parameter.grad);
}

/**
 * Scales all gradients so their global norm is at most `maxNorm`, as
 * `torch.nn.utils.clip_grad_norm_`; returns the norm before clipping.
 */
export function clipGradNorm(
  backend: Backend,
  parameters: readonly Parameter[],
  maxNorm: number,
): number {
  return backend.clipGradNorm(parameters.map((parameter) => parameter.grad), maxNorm);
}

/**
 * Stochastic gradient descent: d = g + λ p; buf = μ buf + d (buf = d at first);
 * p −= lr buf (p −= lr d without momentum).
 *
 * @example
 * ```ts
 * import { SGD } from "./optim.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const p = { name: "p", value: backend.tensor([1], [1]), grad: backend.tensor([1], [0.5]) };
 * new SGD(backend, [p], { lr: 0.1 }).step();
 * assert.ok(Math.abs(p.value.data[0] - 0.95) < 1e-12);
 * ```
 */
export class SGD {
  readonly backend: Backend;
  readonly parameters: readonly Parameter[];
  readonly config: Required<SgdConfig>;
  readonly #velocities: (Tensor | null)[];

  constructor(backend: Backend, parameters: readonly Parameter[], config: SgdConfig) {
    checkRate("SGD", config.lr);
    this.backend = backend;
    this.parameters = parameters;
    this.config = {
      lr: config.lr,
      momentum: config.momentum ?? 0,
      weightDecay: config.weightDecay ?? 0,
    };
    this.#velocities = parameters.map((parameter) =>
      this.config.momentum ? backend.tensor(parameter.value.shape) : null
    );
  }

  /** The learning rate of the next update (a schedule sets it before each). */
  get lr(): number {
    return this.config.lr;
  }

  set lr(lr: number) {
    checkRate("SGD", lr);
    this.config.lr = lr;
  }

  /** Updates made so far. */
  stepCount = 0;

  /** One update of every parameter from its gradient. */
  step(options: StepOptions = {}): void {
    this.stepCount++;
    const update = { ...this.config, ...options };
    for (let i = 0; i < this.parameters.length; i++) {
      const parameter = this.parameters[i];
      this.backend.sgdStep(parameter.value, parameter.grad, this.#velocities[i], update);
    }
  }

  /** The update count and a copy of every velocity buffer. */
  state(): OptimizerState {
    const buffers = this.#velocities.filter((v): v is Tensor => v !== null);
    return {
      kind: "sgd",
      step: this.stepCount,
      buffers: buffers.map((v) => Float64Array.from(v.data)),
    };
  }

  /** Continues from a {@linkcode SGD.state} of an optimizer over the same parameters. */
  restore(state: OptimizerState): void {
    restoreBuffers("SGD", state, "sgd", this.#velocities.filter((v): v is Tensor => v !== null));
    this.stepCount = state.step;
  }

  /** Frees the velocity buffers. */
  dispose(): void {
    for (const velocity of this.#velocities) if (velocity) this.backend.free(velocity);
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    zeroGrad(this.backend, this.parameters);
  }
}

/**
 * Adam with PyTorch's bias correction: m = β1 m + (1 − β1) g;
 * v = β2 v + (1 − β2) g²; p −= (lr / (1 − β1ᵗ)) m / (√v / √(1 − β2ᵗ) + ε).
 *
 * @example The first step moves each parameter by lr
 * ```ts
 * import { Adam } from "./optim.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const p = { name: "p", value: backend.tensor([1], [1]), grad: backend.tensor([1], [3]) };
 * new Adam(backend, [p], { lr: 0.01 }).step();
 * assert.ok(Math.abs(p.value.data[0] - 0.99) < 1e-9);
 * ```
 */
export class Adam {
  readonly backend: Backend;
  readonly parameters: readonly Parameter[];
  readonly config: Required<AdamConfig>;
  readonly #m: Tensor[];
  readonly #v: Tensor[];
  /** Updates made so far (PyTorch's `step` in the state). */
  stepCount = 0;

  constructor(backend: Backend, parameters: readonly Parameter[], config: AdamConfig = {}) {
    this.backend = backend;
    this.parameters = parameters;
    // Options given as undefined take their defaults, as omitted ones do.
    this.config = {
      lr: config.lr ?? 1e-3,
      betas: config.betas ?? [0.9, 0.999],
      eps: config.eps ?? 1e-8,
      weightDecay: config.weightDecay ?? 0,
    };
    checkRate("Adam", this.config.lr);
    this.#m = parameters.map((parameter) => backend.tensor(parameter.value.shape));
    this.#v = parameters.map((parameter) => backend.tensor(parameter.value.shape));
  }

  /** The learning rate of the next update (a schedule sets it before each). */
  get lr(): number {
    return this.config.lr;
  }

  set lr(lr: number) {
    checkRate("Adam", lr);
    this.config.lr = lr;
  }

  /** One update of every parameter from its gradient. */
  step(options: StepOptions = {}): void {
    this.stepCount++;
    const { lr, betas, eps, weightDecay } = this.config;
    const update = {
      lr,
      step: this.stepCount,
      beta1: betas[0],
      beta2: betas[1],
      eps,
      weightDecay,
      ...options,
    };
    for (let i = 0; i < this.parameters.length; i++) {
      const parameter = this.parameters[i];
      this.backend.adamStep(parameter.value, parameter.grad, this.#m[i], this.#v[i], update);
    }
  }

  /** The update count and copies of m and v (all m buffers, then all v). */
  state(): OptimizerState {
    return {
      kind: "adam",
      step: this.stepCount,
      buffers: [...this.#m, ...this.#v].map((buffer) => Float64Array.from(buffer.data)),
    };
  }

  /** Continues from an {@linkcode Adam.state} of an optimizer over the same parameters. */
  restore(state: OptimizerState): void {
    restoreBuffers("Adam", state, "adam", [...this.#m, ...this.#v]);
    this.stepCount = state.step;
  }

  /** Frees the moment buffers. */
  dispose(): void {
    for (const buffer of [...this.#m, ...this.#v]) this.backend.free(buffer);
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    zeroGrad(this.backend, this.parameters);
  }
}
