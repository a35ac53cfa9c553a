// The step-based trainer every training loop stands on: one update is
// forward, backward, the global gradient norm, clipping fused into the
// optimizer's pass, and the learning-rate schedule; `state()` / `restore()`
// capture everything a resumed run needs, so a run stopped and resumed gives
// the losses of one that never stopped.
import type { Backend } from "../core/backend.ts";
import { clipCoefficient } from "../core/clip.ts";
import type { Parameter } from "../core/parameter.ts";
import { Adam, type OptimizerState, SGD } from "../nn/optim.ts";

/** What the trainer trains: a loss from a batch, and gradients added into `grad`s. */
export interface TrainableModel<Batch> {
  readonly backend: Backend;
  /** Runs the batch and returns the loss that `backward()` differentiates. */
  forward(batch: Batch): number;
  /** Adds the gradients of the last forward pass's loss into each parameter's `grad`. */
  backward(): void;
}

/** Something whose state travels with a resumed run: a generator, a data cursor, a carried state. */
export interface Resumable {
  state(): unknown;
  restore(state: unknown): void;
}

/**
 * Thrown when the loss, the gradient norm or a weight stops being a finite
 * number — before any update is made with it.
 *
 * @example A NaN weight stops the first update, which leaves the weights as they were
 * ```ts
 * import { Trainer, TrainingDivergedError } from "./trainer.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const w = { name: "w", value: backend.tensor([1], [NaN]), grad: backend.tensor([1]) };
 * const model = { backend, forward: () => w.value.data[0] ** 2, backward() {} };
 * const trainer = new Trainer(model, { parameters: [w], lr: 0.1 });
 * assert.throws(() => trainer.step(null), TrainingDivergedError);
 * assert.equal(trainer.stepCount, 0);
 * ```
 */
export class TrainingDivergedError extends Error {
  /** The loss and gradient norm of the update that stopped, when an update stopped it. */
  readonly update?: { loss: number; gradientNorm: number };

  constructor(message: string, update?: { loss: number; gradientNorm: number }) {
    super(message);
    this.name = "TrainingDivergedError";
    this.update = update;
  }
}

/** Options of a {@linkcode Trainer}. */
export interface TrainerOptions {
  /** The parameters to update, without overlap (a model's storage blocks). */
  parameters: readonly Parameter[];
  /** `"sgd"` or `"adam"` (default `"adam"`). */
  optimizer?: "sgd" | "adam";
  /** The learning rate, or the base of `schedule`. */
  lr: number;
  /** SGD momentum (default 0). */
  momentum?: number;
  /** Adam's β1, β2 (default 0.9, 0.999). */
  betas?: [number, number];
  /** L2 weight decay, as torch.optim's (default 0). */
  weightDecay?: number;
  /** Global gradient-norm limit; 0 for none (default 0). */
  clipNorm?: number;
  /**
   * The learning rate of update `step` (0-based), a pure function of it, so
   * that a resumed run continues the schedule (default: `lr` throughout).
   */
  schedule?: (step: number) => number;
  /** Runs every `evaluateEvery` updates (after the update), its result reported with the step. */
  evaluate?: () => number;
  /** How often {@linkcode TrainerOptions.evaluate} runs, in updates (default: never). */
  evaluateEvery?: number;
  /** Named states saved and restored with the trainer's own: generators, data cursors. */
  resumables?: Record<string, Resumable>;
}

/** What one update did. */
export interface StepReport {
  /** 1-based count of updates so far, this one included. */
  step: number;
  /** The model's loss on the batch, before the update. */
  loss: number;
  /** The global gradient norm before clipping. */
  gradientNorm: number;
  /** The learning rate the update used. */
  lr: number;
  /** `evaluate()`'s result, when it ran after this update. */
  evaluation?: number;
}

/** Everything a resumed run needs, as plain data (see `encodeTrainerState`). */
export interface TrainerState {
  step: number;
  /** Each parameter's values, by name. */
  parameters: { name: string; values: Float64Array }[];
  optimizer: OptimizerState;
  /** The {@linkcode TrainerOptions.resumables}' states, by name. */
  resumables: Record<string, unknown>;
}

/**
 * Trains a model one batch at a time.
 *
 * @example Adam on a one-weight model: the loss falls, and a restored copy continues identically
 * ```ts
 * import { Trainer } from "./trainer.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const model = (w: number) => {
 *   const p = { name: "w", value: backend.tensor([1], [w]), grad: backend.tensor([1]) };
 *   // loss = (w − target)², dloss/dw = 2 (w − target)
 *   return { p, backend, forward: (target: number) => (p.value.data[0] - target) ** 2,
 *     backward() { p.grad.data[0] += 2 * (p.value.data[0] - 3); } };
 * };
 * const a = model(0);
 * const trainer = new Trainer(a, { parameters: [a.p], lr: 0.1 });
 * const first = trainer.step(3).loss;
 * const saved = trainer.state();
 * const b = model(0);
 * const resumed = new Trainer(b, { parameters: [b.p], lr: 0.1 });
 * resumed.restore(saved);
 * for (let i = 0; i < 20; i++) assert.equal(resumed.step(3).loss, trainer.step(3).loss);
 * assert.ok(trainer.step(3).loss < first);
 * ```
 */
export class Trainer<Batch> {
  readonly model: TrainableModel<Batch>;
  readonly parameters: readonly Parameter[];
  readonly optimizer: SGD | Adam;
  readonly #options: TrainerOptions;
  readonly #clipNorm: number;
  readonly #update = { gradScale: 1, zeroGrad: true };

  constructor(model: TrainableModel<Batch>, options: TrainerOptions) {
    const { lr, optimizer = "adam", clipNorm = 0, evaluateEvery } = options;
    if (!(lr > 0) || !Number.isFinite(lr)) throw new RangeError(`lr must be positive, got ${lr}`);
    if (!(clipNorm >= 0)) throw new RangeError(`clipNorm must be ≥ 0, got ${clipNorm}`);
    if (evaluateEvery !== undefined && (!Number.isInteger(evaluateEvery) || evaluateEvery < 1)) {
      throw new RangeError(`evaluateEvery must be a positive integer, got ${evaluateEvery}`);
    }
    if (optimizer !== "sgd" && optimizer !== "adam") {
      throw new RangeError(`Unknown optimizer '${optimizer}': expected sgd or adam`);
    }
    this.model = model;
    this.parameters = options.parameters;
    this.#options = options;
    this.#clipNorm = clipNorm;
    const { backend } = model;
    const weightDecay = options.weightDecay ?? 0;
    this.optimizer = optimizer === "adam"
      ? new Adam(backend, this.parameters, { lr, betas: options.betas, weightDecay })
      : new SGD(backend, this.parameters, { lr, momentum: options.momentum ?? 0, weightDecay });
    // Updates leave the gradients zeroed; the first backward pass needs them zero too.
    for (const parameter of this.parameters) backend.zero(parameter.grad);
  }

  /** Updates made so far. */
  get stepCount(): number {
    return this.optimizer.stepCount;
  }

  /** The learning rate the next update will use. */
  get lr(): number {
    return this.#options.schedule?.(this.stepCount) ?? this.#options.lr;
  }

  /**
   * One update: forward, backward, the gradient norm, then the optimizer with
   * the clipping coefficient fused into its pass. A non-finite loss or norm
   * throws {@linkcode TrainingDivergedError} before anything is updated.
   */
  step(batch: Batch): StepReport {
    const { model } = this;
    const { backend } = model;
    const lr = this.lr;
    const loss = model.forward(batch);
    model.backward();
    let squares = 0;
    for (const parameter of this.parameters) squares += backend.sumSquares(parameter.grad);
    const gradientNorm = Math.sqrt(squares);
    if (!Number.isFinite(loss) || !Number.isFinite(gradientNorm)) {
      throw new TrainingDivergedError(
        `Training diverged at update ${
          this.stepCount + 1
        }: loss ${loss}, gradient norm ${gradientNorm}. ` +
          `Lower the learning rate (now ${lr}) or keep gradient clipping on.`,
        { loss, gradientNorm },
      );
    }
    this.#update.gradScale = this.#clipNorm > 0 ? clipCoefficient(gradientNorm, this.#clipNorm) : 1;
    this.optimizer.lr = lr;
    this.optimizer.step(this.#update);
    const report: StepReport = { step: this.stepCount, loss, gradientNorm, lr };
    const every = this.#options.evaluateEvery;
    if (every && this.#options.evaluate && this.stepCount % every === 0) {
      report.evaluation = this.#options.evaluate();
    }
    return report;
  }

  /** Whether every weight is a finite number (an update can overflow them with a huge rate). */
  weightsFinite(): boolean {
    return this.parameters.every((parameter) => parameter.value.data.every(Number.isFinite));
  }

  /** A copy of everything the next updates depend on. */
  state(): TrainerState {
    const resumables: Record<string, unknown> = {};
    for (const [name, part] of Object.entries(this.#options.resumables ?? {})) {
      resumables[name] = part.state();
    }
    return {
      step: this.stepCount,
      parameters: this.parameters.map((p) => ({
        name: p.name,
        values: Float64Array.from(p.value.data),
      })),
      optimizer: this.optimizer.state(),
      resumables,
    };
  }

  /** Continues from a {@linkcode Trainer.state} of the same model and options. */
  restore(state: TrainerState): void {
    if (state.parameters.length !== this.parameters.length) {
      throw new RangeError(
        `Trainer.restore: the state holds ${state.parameters.length} parameters, this model ${this.parameters.length}`,
      );
    }
    this.parameters.forEach((parameter, i) => {
      const saved = state.parameters[i];
      if (saved.name !== parameter.name || saved.values.length !== parameter.value.size) {
        throw new RangeError(
          `Trainer.restore: parameter ${i} is '${saved.name}' of ${saved.values.length} values, expected '${parameter.name}' of ${parameter.value.size}`,
        );
      }
    });
    const names = Object.keys(this.#options.resumables ?? {});
    const missing = names.find((name) => !(name in state.resumables));
    if (missing) throw new RangeError(`Trainer.restore: the state has no '${missing}'`);
    this.optimizer.restore(state.optimizer);
    this.parameters.forEach((parameter, i) => parameter.value.data.set(state.parameters[i].values));
    for (const name of names) this.#options.resumables![name].restore(state.resumables[name]);
  }

  /** Frees the optimizer's buffers. */
  dispose(): void {
    this.optimizer.dispose();
  }
}
