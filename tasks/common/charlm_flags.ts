// The flags of deno task charlm train and sample, checked: a mistake is one
// line and exit 2, never a stack trace or a run for days.
import { fileURLToPath } from "node:url";
import { CHAR_DEFAULTS, type CharTrainingOptions } from "../../src/train/char_training.ts";
import { numberFlag, parseTaskFlags, usageError } from "./flags.ts";

const TASK = "charlm";
const D = CHAR_DEFAULTS;

/** The corpus a first run trains on: tiny-shakespeare, shipped in the repository. */
export const DEFAULT_CORPUS = fileURLToPath(
  new URL("../../data/tinyshakespeare.txt", import.meta.url),
);

export const TRAIN_HELP = `Usage: deno task charlm train [--data FILE] [flags]

Trains a character-level language model on a UTF-8 text, char-rnn's way: the
text is cut into --batch-size contiguous streams read --seq-len characters at a
time, and the recurrent state is carried from one batch to the next
(truncated backpropagation through time). The whole validation split is
measured every --eval-every updates; checkpoints go to --out.

Data:
  --data FILE          a UTF-8 text (default: tiny-shakespeare, data/tinyshakespeare.txt)
  --val-fraction X     the last X of the text is the validation split (default 0.1)
  --max-vocab N        keep the N − 1 most frequent characters, the rest UNK (default: all)
Model:
  --model NAME         lstm, gru or rnn (default ${D.cell})
  --layers N           stacked layers (default ${D.numLayers})
  --hidden N           hidden size (default ${D.hiddenSize})
  --dropout X          dropout between layers (default ${D.dropout})
  --embedding D        an embedding of size D before the first layer (default 0: one-hot)
Training:
  --batch-size B       parallel streams (default ${D.batchSize})
  --seq-len T          characters per stream per update (default ${D.seqLen})
  --optimizer NAME     adam or sgd (default ${D.optimizer})
  --lr X               learning rate (default ${D.lr})
  --warmup N           updates of linear warm-up (default ${D.warmup})
  --decay X            lr × X per epoch after --decay-after epochs (default ${D.decayRate})
  --decay-after E      (default ${D.decayAfter})
  --clip X             global gradient-norm limit, 0 for none (default ${D.clip})
  --max-iters N        updates in the whole run, a resumed one included (default ${D.maxIters})
  --max-minutes M      stop after M minutes of training (default ${D.maxMinutes})
  --seed N             fixes the initial weights and dropout (default ${D.seed})
  --backend NAME       wasm (default) or reference
  --threads N          wasm threads (default: one per core where memory can be shared)
Output:
  --out DIR            checkpoints and the loss plot (default out/charlm)
  --eval-every N       validate every N updates (default ${D.evalEvery})
  --save-every N       keep a checkpoint named by iteration and the latest validation loss
                       every N updates (default: one at every evaluation)
  --resume FILE        continue a run from its checkpoint (same data and flags)
  --log-every N        when not on a terminal, one log line every N updates (default 10)
  --sample-length N    characters of the closing sample (default 300)
  --json               machine-readable lines instead of text
  --quiet              only the summary
  --help               show this text

Ctrl-C saves OUT/last.ckpt and stops; a second Ctrl-C stops at once.`;

export const SAMPLE_HELP =
  `Usage: deno task charlm sample --checkpoint FILE [--prime TEXT] [--length N] [flags]

Generates text from a checkpoint written by charlm train, printed as it comes.
  --checkpoint FILE    the model (required)
  --prime TEXT         text the model reads first (default: a line break)
  --length N           characters to generate (default 500)
  --temperature X      0 is greedy; below 1 safer, above 1 wilder (default 0.8)
  --top-k K            draw from the K most likely characters only
  --top-p P            draw from the smallest set of most likely characters of mass P
  --seed N             fixes the draws (default 0)
  --backend NAME       wasm (default) or reference
  --help               show this text`;

/** What charlm train runs, from its flags. */
export interface TrainFlags {
  data: string;
  valFraction: number;
  maxVocab: number | undefined;
  options: CharTrainingOptions;
  out: string;
  saveEvery: number | undefined;
  resume: string | undefined;
  logEvery: number;
  sampleLength: number;
  backend: "wasm" | "reference";
  /** Threads for the wasm backend; undefined for its default. */
  threads: number | undefined;
  json: boolean;
  quiet: boolean;
}

const int = (flag: string, text: string | undefined, fallback: number, min = 1, max = 1e9) =>
  numberFlag(TASK, flag, text, fallback, true, min, max);
const real = (flag: string, text: string | undefined, fallback: number, min = 0, max = Infinity) =>
  numberFlag(TASK, flag, text, fallback, false, min, max);

function backendOf(text: string | undefined): "wasm" | "reference" {
  const backend = text ?? "wasm";
  if (backend !== "wasm" && backend !== "reference") {
    usageError(TASK, `--backend must be wasm or reference, got '${backend}'`);
  }
  return backend;
}

/** Parses and checks charlm train's flags. */
export function parseTrainFlags(args: string[]): TrainFlags {
  const v = parseTaskFlags(TASK, args, {
    data: { type: "string" },
    "val-fraction": { type: "string" },
    "max-vocab": { type: "string" },
    model: { type: "string" },
    layers: { type: "string" },
    hidden: { type: "string" },
    dropout: { type: "string" },
    embedding: { type: "string" },
    "batch-size": { type: "string" },
    "seq-len": { type: "string" },
    optimizer: { type: "string" },
    lr: { type: "string" },
    warmup: { type: "string" },
    decay: { type: "string" },
    "decay-after": { type: "string" },
    clip: { type: "string" },
    "max-iters": { type: "string" },
    "max-minutes": { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
    threads: { type: "string" },
    out: { type: "string" },
    "eval-every": { type: "string" },
    "save-every": { type: "string" },
    resume: { type: "string" },
    "log-every": { type: "string" },
    "sample-length": { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
  }, TRAIN_HELP);
  const cell = v.model ?? D.cell;
  if (cell !== "lstm" && cell !== "gru" && cell !== "rnn") {
    usageError(TASK, `--model must be lstm, gru or rnn, got '${cell}'`);
  }
  const optimizer = v.optimizer ?? D.optimizer;
  if (optimizer !== "adam" && optimizer !== "sgd") {
    usageError(TASK, `--optimizer must be adam or sgd, got '${optimizer}'`);
  }
  const valFraction = real("val-fraction", v["val-fraction"], 0.1, 0, 0.9);
  if (valFraction === 0) usageError(TASK, "--val-fraction must be above 0: validation needs text");
  const lr = real("lr", v.lr, D.lr, 0, 10);
  if (lr === 0) usageError(TASK, "--lr must be a positive number, got 0");
  const decayRate = real("decay", v.decay, D.decayRate, 0, 1);
  if (decayRate === 0) usageError(TASK, "--decay must be in (0, 1], got 0");
  const dropout = real("dropout", v.dropout, D.dropout, 0, 0.95);
  const maxMinutes = real("max-minutes", v["max-minutes"], D.maxMinutes, 0, 60 * 24 * 30);
  if (maxMinutes === 0) usageError(TASK, "--max-minutes must be positive, got 0");
  const options: CharTrainingOptions = {
    cell,
    numLayers: int("layers", v.layers, D.numLayers, 1, 16),
    hiddenSize: int("hidden", v.hidden, D.hiddenSize, 1, 4096),
    dropout,
    embedding: int("embedding", v.embedding, D.embedding, 0, 4096),
    batchSize: int("batch-size", v["batch-size"], D.batchSize, 1, 4096),
    seqLen: int("seq-len", v["seq-len"], D.seqLen, 1, 4096),
    optimizer,
    lr,
    warmup: int("warmup", v.warmup, D.warmup, 0, 1e7),
    decayRate,
    decayAfter: real("decay-after", v["decay-after"], D.decayAfter, 0, 1e6),
    clip: real("clip", v.clip, D.clip, 0, 1e6),
    maxIters: int("max-iters", v["max-iters"], D.maxIters, 1, 1e8),
    maxMinutes,
    evalEvery: int("eval-every", v["eval-every"], D.evalEvery, 1, 1e8),
    seed: int("seed", v.seed, D.seed, 0, 0xffffffff),
  };
  const maxVocab = v["max-vocab"] === undefined
    ? undefined
    : int("max-vocab", v["max-vocab"], 0, 2, 1_114_112);
  if (v.out === "") usageError(TASK, "--out must name a directory");
  if (v.threads !== undefined && v.backend === "reference") {
    usageError(TASK, "--threads is for the wasm backend; the reference backend has one thread");
  }
  return {
    data: v.data ?? DEFAULT_CORPUS,
    valFraction,
    maxVocab,
    options,
    out: v.out ?? "out/charlm",
    saveEvery: v["save-every"] === undefined
      ? undefined
      : int("save-every", v["save-every"], 0, 1, 1e8),
    resume: v.resume,
    logEvery: int("log-every", v["log-every"], 10, 1, 1e8),
    sampleLength: int("sample-length", v["sample-length"], 300, 0, 100_000),
    backend: backendOf(v.backend),
    threads: v.threads === undefined ? undefined : int("threads", v.threads, 1, 1, 256),
    json: v.json ?? false,
    quiet: v.quiet ?? false,
  };
}

/** What charlm sample runs, from its flags. */
export interface SampleFlags {
  checkpoint: string;
  prime: string | undefined;
  length: number;
  temperature: number;
  topK: number | undefined;
  topP: number | undefined;
  seed: number;
  backend: "wasm" | "reference";
}

/** Parses and checks charlm sample's flags. */
export function parseSampleFlags(args: string[]): SampleFlags {
  const v = parseTaskFlags(TASK, args, {
    checkpoint: { type: "string" },
    prime: { type: "string" },
    length: { type: "string" },
    temperature: { type: "string" },
    "top-k": { type: "string" },
    "top-p": { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
  }, SAMPLE_HELP);
  if (!v.checkpoint) usageError(TASK, "sample needs --checkpoint FILE (written by charlm train)");
  const topP = v["top-p"] === undefined ? undefined : real("top-p", v["top-p"], 1, 0, 1);
  if (topP === 0) usageError(TASK, "--top-p must be in (0, 1], got 0");
  return {
    checkpoint: v.checkpoint,
    prime: v.prime,
    length: int("length", v.length, 500, 0, 10_000_000),
    temperature: real("temperature", v.temperature, 0.8, 0, 100),
    topK: v["top-k"] === undefined ? undefined : int("top-k", v["top-k"], 0, 1, 1e7),
    topP,
    seed: int("seed", v.seed, 0, 0, 0xffffffff),
    backend: backendOf(v.backend),
  };
}
