// Exercises K–L — the framework path: the lab's PyTorch network and its
// training loop, on this toolkit's nn modules (PyTorch's names, shapes and
// formulas; every module has forward and backward).
//
// T = time steps, H = hidden size, K = vocabulary size.
//
//   The lab's MyRecurrentNet:  lstm = nn.LSTM(input_size=K, hidden_size=H)
//                              l_out = nn.Linear(H, K, bias=False)
//   here:  new nn.LSTM(backend, { inputSize: K, hiddenSize: H })
//          new nn.Linear(backend, { inFeatures: H, outFeatures: K, bias: false })
//
//   forward:   output = lstm.forward(Int32Array.from(inputs), 1).output   (T, H)
//              logits = out.forward(output)                                (T, K)
//   one update, as the lab's PyTorch loop:
//     optimizer.zero_grad()      →  optimizer.zeroGrad()
//     loss = criterion(logits, y) → loss = criterion.forward(logits, targets)
//     loss.backward()            →  lstm.backward(out.backward(criterion.backward()))
//     optimizer.step()           →  optimizer.step()
//
// Token ids given to nn.LSTM select columns of weight_ih_l0, exactly what a
// one-hot input times weight_ih_l0ᵀ would compute.
import { type Backend, nn, type Parameter, type Tensor } from "@rnn/toolkit";

/** The lab's network. */
export interface LabNet {
  lstm: nn.LSTM;
  out: nn.Linear;
}

/** nn.LSTM(K → H) and nn.Linear(H → K) without bias, each with its default initialisation. */
export function createNet(backend: Backend, vocabSize: number, hiddenSize: number): LabNet {
  throw new Error("TODO");
}

/** Every parameter of the network, the LSTM's first (what the optimizer is given). */
export function netParameters(net: LabNet): Parameter[] {
  throw new Error("TODO");
}

/** The logits (T, K) of one sequence of token ids. */
export function netForward(net: LabNet, inputs: ArrayLike<number>): Tensor {
  throw new Error("TODO");
}

/** One training sequence: token ids, and the next token at every step. */
export interface Sequence {
  inputs: ArrayLike<number>;
  targets: ArrayLike<number>;
}

/**
 * One epoch of the lab's PyTorch loop, one sequence per update.
 *
 * @returns The mean over the sequences of the criterion's loss.
 */
export function trainEpoch(
  net: LabNet,
  sequences: readonly Sequence[],
  optimizer: nn.Adam | nn.SGD,
  criterion: nn.CrossEntropyLoss,
): number {
  throw new Error("TODO");
}
