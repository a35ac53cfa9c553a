// torch.optim's SGD and Adam over lists of parameters, and global-norm
// clipping, on the backend's update kernels.
import type { Backend, Tensor } from "../backend.ts";
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
 * import { createReferenceBackend } from "../reference_backend.ts";
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
    this.config = { momentum: 0, weightDecay: 0, ...config };
    this.#velocities = parameters.map((parameter) =>
      this.config.momentum ? backend.tensor(parameter.value.shape) : null
    );
  }

  /** One update of every parameter from its gradient. */
  step(): void {
    this.parameters.forEach((parameter, i) =>
      this.backend.sgdStep(parameter.value, parameter.grad, this.#velocities[i], this.config)
    );
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
 * import { createReferenceBackend } from "../reference_backend.ts";
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
    this.config = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, ...config };
    checkRate("Adam", this.config.lr);
    this.#m = parameters.map((parameter) => backend.tensor(parameter.value.shape));
    this.#v = parameters.map((parameter) => backend.tensor(parameter.value.shape));
  }

  /** One update of every parameter from its gradient. */
  step(): void {
    this.stepCount++;
    const { lr, betas, eps, weightDecay } = this.config;
    const options = {
      lr,
      step: this.stepCount,
      beta1: betas[0],
      beta2: betas[1],
      eps,
      weightDecay,
    };
    this.parameters.forEach((parameter, i) =>
      this.backend.adamStep(parameter.value, parameter.grad, this.#m[i], this.#v[i], options)
    );
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    zeroGrad(this.backend, this.parameters);
  }
}
