// The kernels' entry point: every function exported here (but heapBase) is a
// kernel of src/backends/kernel_table.ts, called from TypeScript with byte offsets into
// the imported memory (env.memory). Memory above heapBase() belongs to the
// TypeScript allocator; the kernels never allocate, and never write their own
// static data (each new instance writes it again, into a memory that other
// instances may be running on).
export { matVecForward, matVecTransposedAccumulate, outerAccumulate } from "./matvec";
export { matMulForward, matMulAccumulate, matMulAccumulateColumns, matMulTransposedAAccumulate, matMulTransposedBAccumulate } from "./matmul";
export { tanhForward, tanhBackward, sigmoidForward, sigmoidBackward } from "./activations";
export { softmaxForward, logSoftmaxForward, crossEntropyForward, crossEntropyBackward } from "./softmax";
export { lstmCellForward, lstmCellBackward } from "./lstm_cell";
export { lstmSequenceForward, lstmSequenceBackward } from "./lstm_sequence";
export { rnnSequenceForward, rnnSequenceBackward } from "./rnn_sequence";
export { gruCellForward, gruCellBackward } from "./gru_cell";
export { sumSquares, scaleInPlace, sgdStep, adamStep } from "./optim";
export { gatherColumnsAccumulate, scatterColumnsAccumulate } from "./one_hot";

/** First free byte after the kernels' static data, 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
