// The lab's training speed, measured: our models' epochs on each backend and
// batching, and the Python baselines in bench/numpy/ and bench/pytorch/ run as
// subprocesses with one BLAS thread. deno task bench:lab and bench:floor print it.
import { fileURLToPath } from "node:url";
import {
  type Batching,
  getBackend,
  LAB_MODELS,
  labData,
  LSTM_LAB_DEFAULTS,
  NN_LAB_DEFAULTS,
  RNN_LAB_DEFAULTS,
  threadsForBatch,
  tokenCount,
  train,
} from "../mod.ts";

/** The lab models bench:lab times. */
export type ModelName = "rnn" | "lstm" | "nn";

const LAB = {
  rnn: { config: RNN_LAB_DEFAULTS, kind: "rnn" },
  lstm: { config: LSTM_LAB_DEFAULTS, kind: "lstm" },
  nn: { config: NN_LAB_DEFAULTS, kind: "nn-lstm" },
};

/** One timed configuration. */
export interface Row {
  configuration: string;
  msPerEpoch: number;
  tokensPerSecond: number;
  /** Useful flops per second: the products a token needs, padding not counted. */
  gflops?: number;
}

// Multiply-adds per training token at the lab's size (H = 50, V = 4), forward
// and backward, counting the matrix products only:
//   RNN:  U x, V h, W h forward; W, U, V gradients and Wᵀ do, dpre V backward
//   LSTM: W z and W_v h forward; W and W_v gradients, W_vᵀ do and (W dpre)[:H] backward
const H = 50, V = 4;
export const MULTIPLY_ADDS_PER_TOKEN: Record<ModelName, number> = {
  rnn: 3 * H * H + 5 * H * V,
  lstm: 4 * H * (2 * (H + V) + H) + 3 * V * H,
  // nn.LSTM: x W_ihᵀ and h W_hhᵀ forward, dh, dW_hh, dW_ih and d input backward, the linear layer.
  nn: 4 * H * (3 * H + 3 * V) + 3 * V * H,
};

/** GFLOP/s of the kernel that dominates both models: the gate matrix times a vector (200×54). */
export function matrixVectorPeak(): number {
  const backend = getBackend("wasm", 1);
  const W = backend.tensor(
    [4 * H, H + V],
    Array.from({ length: 4 * H * (H + V) }, (_, i) => Math.sin(i)),
  );
  const x = backend.tensor([H + V], Array.from({ length: H + V }, (_, i) => Math.cos(i)));
  const y = backend.tensor([4 * H]);
  const calls = 20000;
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) backend.matVecForward(y, W, x);
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, 2 * 4 * H * (H + V) * calls / seconds / 1e9);
  }
  for (const tensor of [W, x, y]) backend.free(tensor);
  return best;
}

/**
 * The lab's model `name` on `backendName`, initialised and warmed up by five
 * untimed epochs (V8 and the wasm tiers need that long to settle); `epoch()`
 * trains one more and returns its seconds of training.
 */
export function labTrainer(
  name: ModelName,
  backendName: "wasm" | "reference",
  batchSize: number,
  batching: Batching = "order",
): { epoch: () => number; trainTokens: number; trainSequences: number; dispose: () => void } {
  const config = { ...LAB[name].config, batchSize };
  const { random, vocabulary, split } = labData(config);
  const model = LAB_MODELS.build(
    LAB[name].kind,
    getBackend(backendName, threadsForBatch(batchSize)),
    { vocabularySize: vocabulary.size, hiddenSize: 50 },
    random,
  );
  const options = {
    lr: config.lr,
    batchSize,
    batching,
    clipNorm: config.clipNorm,
    optimizer: config.optimizer ?? "sgd",
  };
  train(model, split.train, split.validation, { epochs: 5, ...options });
  return {
    epoch: () => train(model, split.train, split.validation, { epochs: 1, ...options })[0].seconds,
    trainTokens: tokenCount(split.train),
    trainSequences: split.train.length,
    dispose: () => model.dispose(),
  };
}

/** Our model `name`, trained `epochs` timed epochs after five warm-up ones. */
export function timeOurs(
  name: ModelName,
  backendName: "wasm" | "reference",
  batchSize: number,
  epochs: number,
  batching: Batching = "order",
): Row {
  const trainer = labTrainer(name, backendName, batchSize, batching);
  let seconds = 0;
  for (let epoch = 0; epoch < epochs; epoch++) seconds += trainer.epoch();
  trainer.dispose();
  return {
    configuration: `${name} ${backendName}, batch ${batchSize}${
      batchSize > 1 ? (batching === "length" ? " (by length)" : " (in order)") : ""
    }`,
    msPerEpoch: 1000 * seconds / epochs,
    tokensPerSecond: trainer.trainTokens * epochs / seconds,
    gflops: 2 * MULTIPLY_ADDS_PER_TOKEN[name] * trainer.trainTokens * epochs / seconds / 1e9,
  };
}

/** Runs one of the Python baselines in bench/ and reads its JSON line. */
export async function timePython(
  label: string,
  script: string,
  python: string,
  epochs: number,
  extra: string[] = [],
): Promise<Row | string> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  try {
    const { code, stdout, stderr } = await new Deno.Command(python, {
      args: [path, "--epochs", String(epochs), ...extra],
      // One BLAS thread; and without the OpenBLAS core-type overrides some
      // machines set for old OpenBLAS builds, which slow a current NumPy.
      clearEnv: true,
      env: {
        ...Object.fromEntries(
          Object.entries(Deno.env.toObject()).filter(([name]) =>
            name !== "OPENBLAS_CORETYPE" && name !== "OPENBLAS_L2_SIZE"
          ),
        ),
        OPENBLAS_NUM_THREADS: "1",
      },
    }).output();
    if (code !== 0) {
      return `${label} not run: ${new TextDecoder().decode(stderr).trim().split("\n").at(-1)}`;
    }
    const result = JSON.parse(new TextDecoder().decode(stdout).trim().split("\n").at(-1)!);
    return {
      configuration: `${label} (bench/${script}), batch 1`,
      msPerEpoch: 1000 * result.seconds_per_epoch,
      tokensPerSecond: result.train_tokens_per_second,
    };
  } catch (error) {
    return `${label} not run (${python}: ${(error as Error).message.split("\n")[0]})`;
  }
}
