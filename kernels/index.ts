// The kernels' entry point: everything exported here is callable from
// TypeScript through src/wasm_backend.ts. Memory above heapBase() belongs to
// the TypeScript allocator; the kernels never allocate.
export { matVecForward, matVecTransposedAccumulate, outerAccumulate } from "./matvec";
export { matMulForward, matMulAccumulate, matMulAccumulateColumns, matMulTransposedAAccumulate, matMulTransposedBAccumulate, transpose } from "./matmul";
export { tanhForward, tanhBackward, sigmoidForward, sigmoidBackward } from "./activations";
export { softmaxForward, logSoftmaxForward, crossEntropyForward, crossEntropyBackward } from "./softmax";
export { lstmCellForward, lstmCellBackward } from "./lstm_cell";
export { lstmSequenceForward, lstmSequenceBackward } from "./lstm_sequence";
export { rnnSequenceForward, rnnSequenceBackward } from "./rnn_sequence";
export { gruCellForward, gruCellBackward } from "./gru_cell";
export { sumSquares, scaleInPlace, sgdStep, adamStep } from "./optim";

/** First free byte after the kernels' static data, 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
