// One char-LM training update, timed kernel by kernel: every backend method
// wrapped with a timer, and the floating-point operations of each call counted
// from its shapes, so that each kernel reports GFLOP/s — and, against the
// probe's ceiling (bench/ceiling_probe.ts) times the threads, its share of
// the peak. Also a hash of the losses, so that two builds or two thread
// counts can be compared for identical results. Used by bench/charlm_update.ts
// and bench:charlm.
import type { Backend, Tensor } from "../src/core/backend.ts";
import type { CharVocabulary, TokenIds } from "../src/data/char_vocabulary.ts";
import { NumpyRandom } from "../src/data/numpy_random.ts";
import { type StreamBatch, StreamLoader } from "../src/data/stream_batches.ts";
import { CharModel } from "../src/models/char_model.ts";
import {
  charDropoutRandom,
  charLearningRate,
  type CharTrainingOptions,
} from "../src/train/char_training.ts";
import { Trainer } from "../src/train/trainer.ts";
import { KERNEL_NAMES } from "../src/backends/kernel_table.ts";

/** One kernel's part of an update. */
export interface KernelShare {
  name: string;
  msPerUpdate: number;
  /** GFLOP/s while it ran, where its operations are counted (matrix and sequence kernels). */
  gflops: number | undefined;
}

/** What {@linkcode profileCharUpdate} measured. */
export interface UpdateProfile {
  bestMs: number;
  medianMs: number;
  /** FNV-1a over the bits of every loss: equal hashes, identical training. */
  lossHash: string;
  kernels: KernelShare[];
}

const rows = (t: Tensor) => t.shape[0];
const columns = (t: Tensor) => t.shape[1];

// Floating-point operations of one call, from its tensors (multiply-adds count 2).
const FLOPS: Record<string, (...args: never[]) => number> = {
  matMulForward: (_C: Tensor, A: Tensor, B: Tensor) => 2 * rows(A) * columns(A) * columns(B),
  matMulAccumulate: (_C: Tensor, A: Tensor, B: Tensor) => 2 * rows(A) * columns(A) * columns(B),
  matMulAccumulateColumns: (C: Tensor, A: Tensor) => 2 * rows(A) * columns(A) * columns(C),
  matMulTransposedAAccumulate: (C: Tensor, A: Tensor) => 2 * rows(A) * columns(C) * rows(C),
  matMulTransposedBAccumulate: (C: Tensor, A: Tensor) => 2 * rows(A) * columns(A) * columns(C),
  // T·B rows, each gates (4H) += z (Z) Wᵀ
  lstmSequenceForward: (_h: Tensor, _c: Tensor, _t: Tensor, gates: Tensor, z: Tensor) =>
    2 * rows(gates) * columns(gates) * columns(z),
  // T·B rows, each dh (H) += dpre (4H) W[:, :H]
  lstmSequenceBackward: (dPre: Tensor) => 2 * rows(dPre) * columns(dPre) * columns(dPre) / 4,
  rnnSequenceForward: (h: Tensor) => 2 * rows(h) * columns(h) * columns(h),
  rnnSequenceBackward: (dPre: Tensor) => 2 * rows(dPre) * columns(dPre) * columns(dPre),
};

/**
 * Trains the char-LM of `options` for `warmup + updates` updates on `text`
 * and reports the last `updates`: milliseconds per update, each kernel's part
 * and speed, and the loss hash.
 */
export function profileCharUpdate(
  backend: Backend,
  vocabulary: CharVocabulary,
  text: TokenIds,
  options: CharTrainingOptions,
  updates: number,
  warmup: number,
  timeKernels = true,
): UpdateProfile {
  const totals = new Map<string, { ms: number; flops: number }>();
  const timed = Object.create(backend) as Backend;
  if (timeKernels) {
    const record = timed as unknown as Record<string, (...args: unknown[]) => unknown>;
    const inner = backend as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of KERNEL_NAMES) {
      const method = inner[name].bind(backend);
      const count = FLOPS[name] as ((...args: unknown[]) => number) | undefined;
      record[name] = (...args: unknown[]) => {
        const start = performance.now();
        const result = method(...args);
        const entry = totals.get(name) ?? { ms: 0, flops: 0 };
        entry.ms += performance.now() - start;
        entry.flops += count ? count(...args) : 0;
        totals.set(name, entry);
        return result;
      };
    }
  }
  const loader = new StreamLoader(text, options.batchSize, options.seqLen);
  const model = new CharModel(timed, {
    cell: options.cell,
    vocabularySize: vocabulary.size,
    hiddenSize: options.hiddenSize,
    numLayers: options.numLayers,
    dropout: options.dropout,
    embedding: options.embedding,
  });
  model.initialize(new NumpyRandom(options.seed));
  // As trainCharModel: the masks of charlm train, whose cost is part of an update.
  model.dropoutRandom = charDropoutRandom(options.seed);
  const trainer = new Trainer<StreamBatch>(model, {
    parameters: model.parameters,
    optimizer: options.optimizer,
    lr: options.lr,
    clipNorm: options.clip,
    schedule: (step) => charLearningRate(options, loader.batchesPerEpoch, step),
  });
  const bits = new Float64Array(1), words = new Uint32Array(bits.buffer);
  let hash = 0x811c9dc5;
  const times: number[] = [];
  for (let i = 0; i < warmup + updates; i++) {
    if (i === warmup) totals.clear();
    const start = performance.now();
    const { loss } = trainer.step(loader.next());
    times.push(performance.now() - start);
    bits[0] = loss;
    for (const w of words) hash = Math.imul(hash ^ w, 0x01000193) >>> 0;
  }
  trainer.dispose();
  const sorted = times.slice(warmup).sort((a, b) => a - b);
  return {
    bestMs: sorted[0],
    medianMs: sorted[Math.floor(sorted.length / 2)],
    lossHash: hash.toString(16).padStart(8, "0"),
    kernels: [...totals].sort((a, b) => b[1].ms - a[1].ms).map(([name, { ms, flops }]) => ({
      name,
      msPerUpdate: ms / updates,
      gflops: flops > 0 ? flops / (ms / 1000) / 1e9 : undefined,
    })),
  };
}
