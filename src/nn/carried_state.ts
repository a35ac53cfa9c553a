// The recurrent state one batch hands to the next in truncated
// backpropagation through time (char-rnn's loader, tfjs's `stateful`): each
// of B parallel streams continues where it stopped, while no gradient flows
// back across the cut — PyTorch's `h = h.detach()`. L = layers, B = streams, H = hidden.
import type { Backend, Tensor } from "../core/backend.ts";

/** Options of a {@linkcode CarriedState}. */
export interface CarriedStateOptions {
  numLayers: number;
  batch: number;
  hiddenSize: number;
  /** Whether there is a cell state c beside h (an LSTM). */
  cell: boolean;
}

/** What {@linkcode CarriedState.state} returns: plain numbers, JSON-serialisable. */
export interface CarriedStateValues {
  h: number[];
  c: number[] | null;
}

/**
 * h (and c) of shape (L·B, H), zero at first, replaced by each batch's final
 * state. Two buffers alternate, so the initial state a forward pass read stays
 * intact for its backward pass after the next one has been carried in.
 *
 * @example Two chunks with the state carried equal one long sequence
 * ```ts
 * import { CarriedState } from "./carried_state.ts";
 * import { LSTM } from "./lstm.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const lstm = new LSTM(backend, { inputSize: 1, hiddenSize: 2 });
 * lstm.initialize(new NumpyRandom(0));
 * const whole = [...lstm.forward(backend.tensor([4, 1], [1, 2, 3, 4]), 1).output.data];
 * const carried = new CarriedState(backend, { numLayers: 1, batch: 1, hiddenSize: 2, cell: true });
 * const parts: number[] = [];
 * for (const chunk of [[1, 2], [3, 4]]) {
 *   const { output, hN, cN } = lstm.forward(backend.tensor([2, 1], chunk), 1, carried.h, carried.c!);
 *   parts.push(...output.data);
 *   carried.carry(hN, cN);
 * }
 * assert.ok(parts.every((value, i) => Math.abs(value - whole[i]) < 1e-15));
 * ```
 */
export class CarriedState {
  readonly backend: Backend;
  readonly shape: readonly [number, number];
  readonly #h: [Tensor, Tensor];
  readonly #c: [Tensor, Tensor] | null;
  #current = 0;

  constructor(backend: Backend, options: CarriedStateOptions) {
    const { numLayers, batch, hiddenSize, cell } = options;
    for (const [name, value] of Object.entries({ numLayers, batch, hiddenSize })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`CarriedState ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.shape = [numLayers * batch, hiddenSize];
    const pair = (): [Tensor, Tensor] => [backend.tensor(this.shape), backend.tensor(this.shape)];
    this.#h = pair();
    this.#c = cell ? pair() : null;
  }

  /** The state the next batch starts from: (L·B, H). */
  get h(): Tensor {
    return this.#h[this.#current];
  }

  /** The cell state the next batch starts from, or null without one. */
  get c(): Tensor | null {
    return this.#c ? this.#c[this.#current] : null;
  }

  /** Takes a batch's final state as the next one's start, cut from the graph (a copy). */
  carry(hN: Tensor, cN?: Tensor): void {
    const next = 1 - this.#current;
    this.backend.copy(this.#h[next], hN);
    if (this.#c) {
      if (!cN) throw new TypeError("CarriedState.carry: this state has a cell state; pass cN");
      this.backend.copy(this.#c[next], cN);
    }
    this.#current = next;
  }

  /** Starts every stream from zero again (a new epoch, or evaluation). */
  reset(): void {
    this.backend.zero(this.h);
    if (this.c) this.backend.zero(this.c);
  }

  /** The current state as plain numbers, for a resumed run. */
  state(): CarriedStateValues {
    return { h: [...this.h.data], c: this.c ? [...this.c.data] : null };
  }

  /** Continues from a {@linkcode CarriedState.state} of the same shape. */
  restore(state: unknown): void {
    const { h, c } = (state ?? {}) as Partial<CarriedStateValues>;
    const size = this.shape[0] * this.shape[1];
    const fits = (values: unknown) =>
      Array.isArray(values) && values.length === size && values.every(Number.isFinite);
    if (!fits(h) || (this.#c ? !fits(c) : c != null)) {
      throw new RangeError(
        `CarriedState.restore: expected h${this.#c ? " and c" : ""} of ${size} finite numbers`,
      );
    }
    this.h.data.set(h!);
    if (this.c) this.c.data.set(c!);
  }

  /** Frees the buffers. */
  dispose(): void {
    for (const tensor of [...this.#h, ...(this.#c ?? [])]) this.backend.free(tensor);
  }
}
