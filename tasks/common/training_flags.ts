// The flags every training task shares, parsed with node:util's parseArgs.
// A user mistake ends in one line on stderr and exit code 2, never a stack trace.
import {
  MAX_EPOCHS,
  numberFlag as number,
  parseTaskFlags,
  positiveNumberFlag as positive,
  usageError,
} from "./flags.ts";

export { usageError };
import type { LabConfig } from "../../src/lab/experiment.ts";

// Upper bounds that keep a typo from filling the memory or running for hours:
// hidden 4096 is a 268 MB LSTM weight matrix; n = 100,000 a prompt of that many a's.
const MAX_HIDDEN = 4096;
const MAX_SEED = 0xffffffff;
const MAX_SEQUENCES = 1_000_000;
const MAX_N = 100_000;

/** Parsed shared flags. */
export interface TrainingFlags {
  config: LabConfig;
  backend: "wasm" | "reference";
  out: string;
  save?: string;
  json: boolean;
  quiet: boolean;
  /** n values for the a^n b extrapolation test. */
  extrapolate: number[];
}

/** Help text for the shared flags, given the task's defaults. */
export function trainingFlagsHelp(defaults: LabConfig): string {
  return `Training flags:
  --epochs N        epochs (default ${defaults.epochs}, at most ${
    MAX_EPOCHS.toLocaleString("en-US")
  })
  --lr X            learning rate (default ${defaults.lr})
  --hidden N        hidden size (default ${defaults.hiddenSize})
  --seed N          fixes data, initialisation and order (default ${defaults.seed})
  --batch-size B    sequences per update; > 1 pads and masks (default ${defaults.batchSize})
  --batching NAME   with B > 1: order (consecutive sequences, default) or length
                    (similar lengths share a batch: less padding and faster, but
                    less varied batches, which trains worse on the lab's data)
  --clip X          global gradient-norm limit, 0 for none (default ${defaults.clipNorm})
  --optimizer NAME  sgd or adam (default ${defaults.optimizer ?? "sgd"})
  --decay-epochs N  lower lr linearly over the last N epochs (default ${
    defaults.decayEpochs ?? 0
  }, at most --epochs)
  --decay-to X      … down to X × lr (default ${defaults.decayTo ?? 1})${
    // Only the nn models have a choice of initialisation (their defaults name one).
    defaults.init === undefined
      ? ""
      : `\n  --init NAME       pytorch (uniform ±1/√H, default) or orthogonal (the lab's)`}
  --sequences N     dataset size (default ${defaults.sequences})
  --min-n N         shortest a^n (default ${defaults.minN})
  --max-n N         longest a^n (default ${defaults.maxN})
  --backend NAME    wasm (default, f32 SIMD) or reference (f64 TypeScript)
  --out DIR         where plots go (default out)
  --save FILE       write a checkpoint of the trained model
  --extrapolate L   comma-separated n for the a^n b counting test (default 12,15,20,30,50,100)
  --json            print one JSON summary line instead of the report
  --quiet           no progress, no per-epoch lines
  --help            show this text`;
}

/**
 * Parses the shared training flags plus `extra` task-specific string flags.
 * Prints `help` and exits 0 on --help.
 */
export function parseTrainingFlags(
  task: string,
  args: string[],
  defaults: LabConfig,
  help: string,
  extra: Record<string, { type: "string" | "boolean" }> = {},
): { flags: TrainingFlags; extra: Record<string, string | boolean | undefined> } {
  const values: Record<string, string | boolean | undefined> = parseTaskFlags(task, args, {
    epochs: { type: "string" },
    lr: { type: "string" },
    hidden: { type: "string" },
    seed: { type: "string" },
    "batch-size": { type: "string" },
    batching: { type: "string" },
    clip: { type: "string" },
    optimizer: { type: "string" },
    "decay-epochs": { type: "string" },
    "decay-to": { type: "string" },
    init: { type: "string" },
    sequences: { type: "string" },
    "min-n": { type: "string" },
    "max-n": { type: "string" },
    backend: { type: "string" },
    out: { type: "string" },
    save: { type: "string" },
    extrapolate: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    ...extra,
  }, help);
  const s = (name: string) => values[name] as string | undefined;
  const config: LabConfig = {
    epochs: number(task, "epochs", s("epochs"), defaults.epochs, true, 0, MAX_EPOCHS),
    lr: positive(task, "lr", s("lr"), defaults.lr),
    hiddenSize: number(task, "hidden", s("hidden"), defaults.hiddenSize, true, 1, MAX_HIDDEN),
    seed: number(task, "seed", s("seed"), defaults.seed, true, 0, MAX_SEED),
    batchSize: number(task, "batch-size", s("batch-size"), defaults.batchSize, true, 1),
    clipNorm: number(task, "clip", s("clip"), defaults.clipNorm, false, 0),
    // The default decay is capped at a shorter run's length; a given one is checked below.
    decayEpochs: number(
      task,
      "decay-epochs",
      s("decay-epochs"),
      Math.min(defaults.decayEpochs ?? 0, Number(s("epochs") ?? defaults.epochs) || 0),
      true,
      0,
    ),
    decayTo: positive(task, "decay-to", s("decay-to"), defaults.decayTo ?? 1, 1),
    sequences: number(
      task,
      "sequences",
      s("sequences"),
      defaults.sequences,
      true,
      10,
      MAX_SEQUENCES,
    ),
    minN: number(task, "min-n", s("min-n"), defaults.minN, true, 1, MAX_N),
    maxN: number(task, "max-n", s("max-n"), defaults.maxN, true, 1, MAX_N),
  };
  const optimizer = s("optimizer") ?? defaults.optimizer ?? "sgd";
  if (optimizer !== "sgd" && optimizer !== "adam") {
    usageError(task, `--optimizer must be 'sgd' or 'adam', got '${optimizer}'`);
  }
  config.optimizer = optimizer;
  // Only the nn models have a choice of initialisation (their defaults name one);
  // the lab's RNN and LSTM always start from the lab's own.
  const init = s("init");
  if (init !== undefined && defaults.init === undefined) {
    usageError(task, "--init is for the nn models (deno task nn, gru); this model has its own");
  }
  if (defaults.init !== undefined) {
    const chosen = init ?? defaults.init;
    if (chosen !== "pytorch" && chosen !== "orthogonal") {
      usageError(task, `--init must be 'pytorch' or 'orthogonal', got '${chosen}'`);
    }
    config.init = chosen;
  }
  const batching = s("batching") ?? "order";
  if (batching !== "length" && batching !== "order") {
    usageError(task, `--batching must be 'length' or 'order', got '${batching}'`);
  }
  config.batching = batching;
  if (config.decayEpochs! > config.epochs) {
    usageError(
      task,
      `--decay-epochs (${config.decayEpochs}) cannot exceed --epochs (${config.epochs})`,
    );
  }
  if (config.maxN < config.minN) {
    usageError(task, `--max-n (${config.maxN}) must be at least --min-n (${config.minN})`);
  }
  const backend = s("backend") ?? "wasm";
  if (backend !== "wasm" && backend !== "reference") {
    usageError(task, `--backend must be 'wasm' or 'reference', got '${backend}'`);
  }
  const extrapolate = (s("extrapolate") ?? "12,15,20,30,50,100").split(",").map((text) => {
    const n = Number(text.trim());
    if (text.trim() === "" || !Number.isInteger(n) || n < 1 || n > MAX_N) {
      usageError(
        task,
        `--extrapolate takes integers from 1 to ${
          MAX_N.toLocaleString("en-US")
        } separated by commas, got '${text}'`,
      );
    }
    return n;
  });
  return {
    flags: {
      extrapolate,
      config,
      backend,
      out: s("out") ?? "out",
      save: s("save"),
      json: Boolean(values.json),
      quiet: Boolean(values.quiet),
    },
    extra: values,
  };
}
