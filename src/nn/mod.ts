/**
 * The `nn` namespace: PyTorch-shaped layers (Linear, Embedding, RNN, LSTM,
 * GRU), losses and optimizers, each with an explicit forward and backward (no
 * autograd), on any Backend; and the state carried across batches for
 * truncated backpropagation through time. Importable alone:
 * `import { LSTM } from "<url>/src/nn/mod.ts"`.
 *
 * @example An LSTM on token ids, its state carried into the next batch
 * ```ts
 * import { CarriedState, LSTM } from "./mod.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const lstm = new LSTM(backend, { inputSize: 5, hiddenSize: 3 });
 * const carried = new CarriedState(backend, { numLayers: 1, batch: 2, hiddenSize: 3, cell: true });
 * const { output, hN, cN } = lstm.forward(Int32Array.of(0, 4, 1, 2), 2, carried.h, carried.c!);
 * carried.carry(hN, cN);
 * assert.deepEqual(output.shape, [4, 3]);
 * ```
 *
 * @module
 */
export {
  initOrthogonalParameters,
  initUniform,
  Linear,
  type LinearOptions,
  type RandomSource,
  type UniformSource,
} from "./linear.ts";
export { GRU, type GruOptions } from "./gru.ts";
export { RNN, type RnnOptions } from "./rnn.ts";
export { Embedding, type EmbeddingOptions } from "./embedding.ts";
export {
  CarriedState,
  type CarriedStateOptions,
  type CarriedStateValues,
} from "./carried_state.ts";
export { DEFAULT_INIT_SEED } from "./init_source.ts";
export { LSTM, type LstmInputGradients, type LstmOptions, type LstmOutput } from "./lstm.ts";
export type { SequenceInput } from "./layer_stack.ts";
export { CrossEntropyLoss, type CrossEntropyOptions } from "./cross_entropy.ts";
export { bceWithLogitsBackward, bceWithLogitsForward } from "./bce_with_logits.ts";
export {
  Adam,
  type AdamConfig,
  clipGradNorm,
  type OptimizerState,
  SGD,
  type SgdConfig,
  type StepOptions,
  zeroGrad,
} from "./optim.ts";
export { loadStateDict, type StateDict, stateDict, type StateEntry } from "./state_dict.ts";
