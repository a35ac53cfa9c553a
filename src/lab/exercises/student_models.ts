// The student's own RNN and LSTM (exercises C–D and H–J) as SequenceModels,
// so that the library's training loop, metrics, freestyle and counting test
// run them. The parameters live where the library's RNN and LSTM keep theirs
// (one storage block, the same layout), so initialisation, clipping and the
// SGD step are the library's own, on the same numbers; only forward and
// backward are the student's. B = batch, T = steps, V = vocabulary.
import type { Backend, Tensor } from "../../core/backend.ts";
import type { Parameter } from "../../core/parameter.ts";
import type { NormalSource } from "../../core/random_source.ts";
import type { RecurrentState, SequenceModel } from "../../models/model.ts";
import type { SequenceBatch } from "../../models/sequence_batch.ts";
import { LSTM } from "../models/lstm.ts";
import { RNN } from "../models/rnn.ts";
import type { LstmArrays } from "./plain_lstm.ts";
import type { RnnArrays } from "./plain_rnn.ts";

/** Parameters as the exercises name them: plain Float64Arrays. */
export type PlainParams = Record<string, Float64Array>;

/** A student's forward and backward pass over one sequence. */
export interface StudentCode {
  /** Returns one probability vector per step and the summed loss, plus what backward needs. */
  forward(
    params: PlainParams,
    inputs: number[],
    targets: number[],
  ): { probabilities: ArrayLike<ArrayLike<number>>; loss: number; kept: unknown };
  /** Gradients under the exercises' parameter names. */
  backward(
    params: PlainParams,
    inputs: number[],
    targets: number[],
    kept: unknown,
  ): Record<string, ArrayLike<number>>;
}

/** The exercises' names of the RNN's parameters, in the library RNN's order. */
export const RNN_NAMES = ["U", "V", "W", "bHidden", "bOut"] as const;
/** The exercises' names of the LSTM's parameters, in the library LSTM's order. */
export const LSTM_NAMES = ["Wf", "Wi", "Wg", "Wo", "bf", "bi", "bg", "bo", "Wv", "bv"] as const;

// A sequence state for step(): the tokens so far (the student's forward runs from zero each time).
interface TokenState extends RecurrentState {
  tokens: number[];
}

/**
 * Wraps a student's forward and backward around the library model's
 * parameters. Each sequence of a batch runs through the student's code on its
 * own; step() reruns the forward pass over the tokens seen so far.
 */
export class StudentSequenceModel implements SequenceModel {
  readonly kind: string;
  readonly backend: Backend;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  readonly parameters: readonly Parameter[];
  readonly storage: readonly Parameter[];
  readonly #inner: RNN | LSTM;
  readonly #names: readonly string[];
  readonly #code: StudentCode;
  #probabilities: Tensor | null = null;
  #runs: { inputs: number[]; targets: number[]; kept: unknown; params: PlainParams }[] = [];

  constructor(inner: RNN | LSTM, names: readonly string[], code: StudentCode) {
    this.kind = `student-${inner.kind}`;
    this.backend = inner.backend;
    this.vocabularySize = inner.vocabularySize;
    this.hiddenSize = inner.hiddenSize;
    this.parameters = inner.parameters;
    this.storage = inner.storage;
    this.#inner = inner;
    this.#names = names;
    this.#code = code;
  }

  /** The lab's initialisation, exactly as the library's model draws it. */
  initialize(random: NormalSource): void {
    this.#inner.initialize(random);
  }

  // The weights as the exercises name them: views on a Float64 backend, copies otherwise.
  #params(): PlainParams {
    const params: PlainParams = {};
    this.parameters.forEach((parameter, i) => {
      const data = parameter.value.data;
      params[this.#names[i]] = data instanceof Float64Array ? data : Float64Array.from(data);
    });
    return params;
  }

  #run(params: PlainParams, inputs: number[], targets: number[]) {
    const result = this.#code.forward(params, inputs, targets);
    const V = this.vocabularySize;
    if (result.probabilities.length !== inputs.length) {
      throw new TypeError(
        `Your forward pass returned ${result.probabilities.length} probability vectors for ${inputs.length} steps`,
      );
    }
    for (const p of Array.from(result.probabilities)) {
      if (p.length !== V) {
        throw new TypeError(
          `Your forward pass returned a probability vector of ${p.length}, not ${V}`,
        );
      }
    }
    return result;
  }

  get probabilities(): Tensor {
    if (!this.#probabilities) throw new Error("StudentSequenceModel: run forward() first");
    return this.#probabilities;
  }

  forward(batch: SequenceBatch): number {
    const { steps, size } = batch;
    const V = this.vocabularySize;
    if (this.#probabilities) this.backend.free(this.#probabilities);
    const probabilities = this.backend.tensor([steps * size, V]);
    const data = probabilities.data;
    const params = this.#params();
    let loss = 0;
    this.#runs = [];
    for (let b = 0; b < size; b++) {
      const inputs: number[] = [], targets: number[] = [];
      for (let t = 0; t < batch.lengths[b]; t++) {
        inputs.push(batch.inputs[t * size + b]);
        targets.push(batch.targets[t * size + b]);
      }
      const result = this.#run(params, inputs, targets);
      loss += result.loss;
      Array.from(result.probabilities).forEach((p, t) => {
        for (let v = 0; v < V; v++) data[(t * size + b) * V + v] = p[v];
      });
      this.#runs.push({ inputs, targets, kept: result.kept, params });
    }
    this.#probabilities = probabilities;
    return loss;
  }

  backward(): void {
    if (this.#runs.length === 0) {
      throw new Error("StudentSequenceModel.backward: run forward() first");
    }
    for (const run of this.#runs) {
      const grads = this.#code.backward(run.params, run.inputs, run.targets, run.kept);
      this.parameters.forEach((parameter, i) => {
        const name = this.#names[i];
        const grad = grads[name], target = parameter.grad.data;
        if (!grad || grad.length !== target.length) {
          throw new TypeError(
            `Your backward pass returned ${
              grad ? `${grad.length} values` : "nothing"
            } for ${name}, which has ${target.length}`,
          );
        }
        for (let k = 0; k < target.length; k++) target[k] += grad[k];
      });
    }
  }

  createState(): RecurrentState {
    const state: TokenState = { tensors: [], tokens: [] };
    return state;
  }

  step(state: RecurrentState, token: number): Float64Array {
    const { tokens } = state as TokenState;
    tokens.push(token);
    const result = this.#run(this.#params(), tokens, tokens.map(() => -1));
    return Float64Array.from(result.probabilities[tokens.length - 1]);
  }

  dispose(): void {
    if (this.#probabilities) this.backend.free(this.#probabilities);
    this.#probabilities = null;
    this.#inner.dispose();
  }
}

type Grads = Record<string, ArrayLike<number>>;

/** A student's RNN exercises: `rnnForward` (C) and `rnnBackward` (D). */
export interface StudentRnnFunctions {
  rnnForward(params: RnnArrays, inputs: number[], targets: number[]): {
    probabilities: ArrayLike<ArrayLike<number>>;
    loss: number;
  };
  // deno-lint-ignore no-explicit-any
  rnnBackward(params: RnnArrays, inputs: number[], targets: number[], forward: any): object;
}

/** A student's LSTM exercises: `lstmForward` (H–I) and `lstmBackward` (J). */
export interface StudentLstmFunctions {
  lstmForward(params: LstmArrays, inputs: number[], targets: number[]): {
    probabilities: ArrayLike<ArrayLike<number>>;
    loss: number;
  };
  // deno-lint-ignore no-explicit-any
  lstmBackward(cache: any, targets: number[], params: LstmArrays): object;
}

/**
 * The student's RNN on the library RNN's parameters.
 *
 * @example The library's own RNN maths, handed in as the "student's", gives the library's loss
 * ```ts
 * import { studentRnn } from "./student_models.ts";
 * import { RNN } from "../models/rnn.ts";
 * import { makeBatch } from "../../models/sequence_batch.ts";
 * import { NumpyRandom } from "../../data/numpy_random.ts";
 * import { createReferenceBackend } from "../../backends/reference_backend.ts";
 * import { plainRnnBackward, plainRnnForward } from "./plain_rnn.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const sizes = { vocabularySize: 4, hiddenSize: 3 };
 * const model = studentRnn(backend, sizes, { rnnForward: plainRnnForward, rnnBackward: plainRnnBackward });
 * model.initialize(new NumpyRandom(1));
 * const library = new RNN(backend, sizes);
 * library.initialize(new NumpyRandom(1));
 * const batch = makeBatch([{ words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) }]);
 * assert.ok(Math.abs(model.forward(batch) - library.forward(batch)) < 1e-12);
 * ```
 */
export function studentRnn(
  backend: Backend,
  sizes: { vocabularySize: number; hiddenSize: number },
  code: StudentRnnFunctions,
): StudentSequenceModel {
  return new StudentSequenceModel(new RNN(backend, sizes), RNN_NAMES, {
    forward: (params, inputs, targets) => {
      const result = code.rnnForward(params as unknown as RnnArrays, inputs, targets);
      return { probabilities: result.probabilities, loss: result.loss, kept: result };
    },
    backward: (params, inputs, targets, kept) =>
      code.rnnBackward(params as unknown as RnnArrays, inputs, targets, kept) as Grads,
  });
}

/** The student's LSTM on the library LSTM's parameters (its fused gate blocks, in views). */
export function studentLstm(
  backend: Backend,
  sizes: { vocabularySize: number; hiddenSize: number },
  code: StudentLstmFunctions,
): StudentSequenceModel {
  return new StudentSequenceModel(new LSTM(backend, sizes), LSTM_NAMES, {
    forward: (params, inputs, targets) => {
      const cache = code.lstmForward(params as unknown as LstmArrays, inputs, targets);
      return { probabilities: cache.probabilities, loss: cache.loss, kept: cache };
    },
    backward: (params, _inputs, targets, kept) =>
      code.lstmBackward(kept, targets, params as unknown as LstmArrays) as Grads,
  });
}
