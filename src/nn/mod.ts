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
export { DEFAULT_INIT_SEED } from "./init_source.ts";
export { LSTM, type LstmInputGradients, type LstmOptions, type LstmOutput } from "./lstm.ts";
export { CrossEntropyLoss, type CrossEntropyOptions } from "./cross_entropy.ts";
export { bceWithLogitsBackward, bceWithLogitsForward } from "./bce_with_logits.ts";
export { Adam, type AdamConfig, clipGradNorm, SGD, type SgdConfig, zeroGrad } from "./optim.ts";
export { loadStateDict, type StateDict, stateDict, type StateEntry } from "./state_dict.ts";
