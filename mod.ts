/**
 * Recurrent neural networks from scratch, for Deno: vanilla RNN, LSTM and GRU
 * with hand-written forward and backward passes on WebAssembly SIMD kernels,
 * and a Float64 TypeScript reference backend that checks every number.
 *
 * This module re-exports the numeric core: the {@linkcode Backend} interface
 * that everything is written against, and its two implementations.
 *
 * @example Run a kernel on the default (WebAssembly) backend
 * ```ts
 * import { getBackend } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = getBackend("wasm");
 * const W = backend.tensor([2, 2], [1, 2, 3, 4]);
 * const x = backend.tensor([2], [1, 1]);
 * const y = backend.tensor([2]);
 * backend.matVecForward(y, W, x);
 * assert.deepEqual([...y.data], [3, 7]);
 * ```
 *
 * @module
 */
export type {
  AdamOptions,
  Backend,
  BackendName,
  FloatArray,
  SgdOptions,
  Tensor,
} from "./src/core/backend.ts";
export { BACKEND_NAMES, getBackend, threadsForBatch } from "./src/backends/get_backend.ts";
export { createReferenceBackend } from "./src/backends/reference_backend.ts";
export {
  createWasmBackend,
  defaultThreadCount,
  type WasmBackend,
  type WasmBackendOptions,
} from "./src/backends/wasm_backend.ts";
export {
  defaultKernelBuild,
  type KernelBuild,
  relaxedSimdSupported,
} from "./src/backends/wasm/kernels.ts";
export { formatShape, shapeSize } from "./src/core/shapes.ts";
export {
  type Checkpoint,
  type CheckpointDtype,
  CheckpointError,
  type CheckpointTensor,
  crc32,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from "./src/io/checkpoint.ts";
export { NumpyRandom } from "./src/data/numpy_random.ts";
export { oneHot, UNK, Vocabulary } from "./src/data/vocabulary.ts";
export {
  type DatasetSplit,
  type EncodedSequence,
  encodeSequence,
  splitSequences,
  tokenCount,
} from "./src/data/split.ts";
export { initOrthogonal, orthogonalMatrix } from "./src/init/orthogonal.ts";
export {
  type Batching,
  makeBatch,
  makeBatches,
  PAD,
  type SequenceBatch,
} from "./src/models/sequence_batch.ts";
export type { Parameter } from "./src/core/parameter.ts";
export { type RecurrentState, type SequenceModel, zeroGradients } from "./src/models/model.ts";
export { modelCheckpoint, restoreModel } from "./src/models/model_checkpoint.ts";
export {
  CHAR_MODELS,
  type ModelConfig,
  type ModelKind,
  ModelRegistry,
  MODELS,
} from "./src/models/registry.ts";

export {
  type EpochReport,
  type StepProgress,
  train,
  TrainingDivergedError,
  type TrainOptions,
} from "./src/train/train.ts";
export { evaluate, type SplitMetrics } from "./src/train/evaluate.ts";
export { argmax, freestyle, type FreestyleResult } from "./src/generate/freestyle.ts";
export { NnSequenceModel, type NnSequenceModelOptions } from "./src/models/nn_sequence_model.ts";
export {
  type Resumable,
  type StepReport,
  type TrainableModel,
  Trainer,
  type TrainerOptions,
  type TrainerState,
} from "./src/train/trainer.ts";
export {
  TRAINER_STATE_KIND,
  trainerStateCheckpoint,
  trainerStateFrom,
} from "./src/train/trainer_state.ts";
export { sample, type SampleOptions } from "./src/generate/sample.ts";
export { CharVocabulary, type TokenIds } from "./src/data/char_vocabulary.ts";
export { forEachCodePoint, Utf8Error } from "./src/data/utf8_code_points.ts";
export {
  evaluationBatches,
  type StreamBatch,
  type StreamCursor,
  StreamLoader,
} from "./src/data/stream_batches.ts";
export {
  type CharCell,
  CharModel,
  type CharModelOptions,
  type SplitLoss,
} from "./src/models/char_model.ts";
export {
  CHAR_DEFAULTS,
  type CharCallbacks,
  type CharCorpus,
  type CharEnvironment,
  type CharEvaluation,
  charLearningRate,
  type CharResult,
  type CharRun,
  type CharStep,
  type CharTrainingOptions,
  checkCharOptions,
  splitCorpus,
  trainCharModel,
} from "./src/train/char_training.ts";
export {
  CHAR_KINDS,
  charCheckpoint,
  type CharCheckpointContents,
  restoreCharModel,
} from "./src/train/char_checkpoint.ts";
export {
  type CharSample,
  type CharSampleOptions,
  sampleCharModel,
} from "./src/generate/char_sample.ts";
export type { NumpyRandomState } from "./src/data/numpy_random.ts";
export type { NormalSource, RandomSource, UniformSource } from "./src/core/random_source.ts";
/** The lab's data, models, runs and studies (also importable alone as `src/lab/mod.ts`). */
export * from "./src/lab/mod.ts";
/** SVG charts (also importable alone as `src/plot/mod.ts`). */
export * from "./src/plot/mod.ts";
/**
 * PyTorch-shaped layers (Linear, LSTM, GRU), CrossEntropyLoss, SGD and Adam with
 * explicit backward passes.
 *
 * @example One SGD step on a linear layer, backward written out
 * ```ts
 * import { createReferenceBackend, nn } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const layer = new nn.Linear(backend, { inFeatures: 2, outFeatures: 1, bias: false });
 * layer.weight.value.data.set([1, 1]);
 * const x = backend.tensor([1, 2], [1, 2]);
 * assert.deepEqual([...layer.forward(x).data], [3]);
 * layer.backward(backend.tensor([1, 1], [1])); // dLoss/dy = 1
 * new nn.SGD(backend, layer.parameters(), { lr: 0.5 }).step();
 * assert.deepEqual([...layer.weight.value.data], [0.5, 0]);
 * ```
 */
export * as nn from "./src/nn/mod.ts";
