// The `nn` namespace: PyTorch-shaped layers, loss and optimizers, each with
// an explicit forward and backward (no autograd), on any Backend.
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
