// The flags of deno task patterns, checked: one line and exit 1 on anything wrong.
import { languageByName, LANGUAGES } from "../../src/lab/data/languages/mod.ts";
import type { FormalLanguage } from "../../src/lab/data/languages/language.ts";
import {
  PATTERN_DEFAULTS,
  PATTERN_LEARNING_RATES,
  type PatternConfig,
  type PatternModelName,
} from "../../src/lab/patterns.ts";
import { MAX_EPOCHS, numberFlag, parseTaskFlags, positiveNumberFlag, usageError } from "./flags.ts";

const MODELS: PatternModelName[] = ["rnn", "lstm", "gru"];
const TASK = "patterns";
const D = PATTERN_DEFAULTS;

export const PATTERNS_HELP = `Usage: deno task patterns [flags]

Trains a vanilla RNN, an LSTM and a GRU (hidden ${D.hiddenSize}, Adam, one string per
update) on formal languages with sizes in the training range, then tests every
size in the training and test ranges. A test string is right when, at every
step, the most likely next word is one the language allows there (so every
forced step — the remaining b's, the right closing bracket, EOS — is exact).
Reports per language and model, over seeds: validation loss per token, in-range
accuracy, and the largest size up to which every tested string is right
(median and range); writes OUT/patterns_LANGUAGE.svg (accuracy by size).

  --language NAME   ${LANGUAGES.map((l) => l.name).join(", ")}, a comma-separated list,
                    or all (default all)
  --model NAME      rnn, lstm, gru, a comma-separated list, or all (default all)
  --train A..B      training sizes (default ${D.trainSizes.join("..")})
  --test A..B       sizes tested beyond them (default ${D.testSizes.join("..")})
  --seeds N         seeds 1 … N per pair (default 5)
  --seed S          one seed S instead
  --epochs N        epochs per run (default ${D.epochs}, at most ${
  MAX_EPOCHS.toLocaleString("en-US")
})
  --lr X            Adam's learning rate for every model (default: rnn ${PATTERN_LEARNING_RATES.rnn},
                    lstm and gru ${PATTERN_LEARNING_RATES.lstm}; lowered to 1 % over the last ${D.decayEpochs} epochs)
  --clip X          global gradient-norm limit, 0 for none (default ${D.clipNorm})
  --hidden N        hidden size (default ${D.hiddenSize})
  --sequences N     training strings drawn (default ${D.sequences})
  --batch-size B    strings per update (default ${D.batchSize})
  --protocol NAME   softmax (next-word targets, default) or classic (a sigmoid per word
                    trained on the set of legal next words; right when the words above
                    0.5 are exactly the legal ones; LSTM and GRU only)
  --peephole        LSTM with peephole connections (Gers & Schmidhuber)
  --keep-last       end on the last epoch's parameters, not the best-validation ones
  --backend NAME    wasm (default) or reference
  --workers N       runs in parallel, one per core (default: cores, at most 2)
  --out DIR         where plots go (default out)
  --json            one JSON line with every run
  --quiet           no progress bar
  --help            show this text

Sizes: n for aⁿbⁿ and aⁿbⁿcⁿ, max(n, m) for aⁿbᵐcⁿ⁺ᵐ, nesting depth for Dyck.`;

// Sizes past this make strings of tens of thousands of symbols per size tested:
// a typo like 1..1000000 should be refused, not fill the memory.
const MAX_SIZE = 10_000;

function range(
  flag: string,
  text: string | undefined,
  fallback: [number, number],
): [number, number] {
  if (text === undefined) return fallback;
  const match = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  const [low, high] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(low >= 1 && high >= low && high <= MAX_SIZE)) {
    usageError(
      TASK,
      `--${flag} must look like 1..11 (1 ≤ low ≤ high ≤ ${
        MAX_SIZE.toLocaleString("en-US")
      }), got '${text}'`,
    );
  }
  return [low, high];
}

const count = (
  flag: string,
  text: string | undefined,
  fallback: number,
  minimum = 1,
  maximum = Infinity,
) => numberFlag(TASK, flag, text, fallback, true, minimum, maximum);
const real = (flag: string, text: string | undefined, fallback: number) =>
  numberFlag(TASK, flag, text, fallback, false, 0);

// Both cores of a two-core machine by default: runs are independent, so the
// results do not depend on how many workers share them.
function defaultWorkers(): number {
  return Math.max(1, Math.min(2, navigator.hardwareConcurrency ?? 1));
}

/** What deno task patterns runs, from its flags. */
export interface PatternFlags {
  languages: FormalLanguage[];
  models: PatternModelName[];
  seeds: number[];
  settings: Omit<PatternConfig, "language" | "model" | "seed" | "lr">;
  /** Each model's Adam learning rate: --lr, or the model's default. */
  learningRate: (model: PatternModelName) => number;
  backend: "wasm" | "reference";
  workers: number;
  out: string;
  json: boolean;
  quiet: boolean;
}

/** Parses and checks the task's flags. */
export function parsePatternFlags(args: string[]): PatternFlags {
  const values = parseTaskFlags(TASK, args, {
    language: { type: "string" },
    model: { type: "string" },
    train: { type: "string" },
    test: { type: "string" },
    seeds: { type: "string" },
    seed: { type: "string" },
    epochs: { type: "string" },
    lr: { type: "string" },
    clip: { type: "string" },
    hidden: { type: "string" },
    sequences: { type: "string" },
    "batch-size": { type: "string" },
    protocol: { type: "string" },
    peephole: { type: "boolean" },
    "keep-last": { type: "boolean" },
    backend: { type: "string" },
    workers: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
  }, PATTERNS_HELP);
  const languageName = values.language ?? "all";
  let languages;
  try {
    languages = languageName === "all"
      ? [...LANGUAGES]
      : languageName.split(",").map((name) => languageByName(name.trim()));
  } catch (error) {
    usageError(TASK, (error as Error).message);
  }
  const protocol = values.protocol ?? "softmax";
  if (protocol !== "softmax" && protocol !== "classic") {
    usageError(TASK, `--protocol must be softmax or classic, got '${protocol}'`);
  }
  const modelName = values.model ?? "all";
  const models = modelName === "all"
    ? MODELS.filter((model) => protocol === "softmax" || model !== "rnn")
    : modelName.split(",").map((name) => name.trim() as PatternModelName);
  if (protocol === "classic" && models.includes("rnn")) {
    usageError(TASK, "the classic protocol (sigmoid outputs) is for lstm and gru, not rnn");
  }
  for (const model of models) {
    if (!MODELS.includes(model)) {
      usageError(
        TASK,
        `--model must be rnn, lstm, gru, a comma-separated list or all, got '${modelName}'`,
      );
    }
  }
  const backendName = values.backend ?? "wasm";
  if (backendName !== "wasm" && backendName !== "reference") {
    usageError(TASK, `--backend must be wasm or reference, got '${backendName}'`);
  }
  if (values.seed !== undefined && values.seeds !== undefined) {
    usageError(TASK, "give --seed N (one run per pair) or --seeds N (seeds 1..N), not both");
  }
  const seeds = values.seed !== undefined
    ? [count("seed", values.seed, 0, 0, 0xffffffff)]
    : Array.from({ length: count("seeds", values.seeds, 5, 1, 1000) }, (_, i) => i + 1);
  const lr = values.lr === undefined ? undefined : positiveNumberFlag(TASK, "lr", values.lr, D.lr);
  const settings = {
    ...D,
    trainSizes: range("train", values.train, D.trainSizes),
    testSizes: range("test", values.test, D.testSizes),
    epochs: count("epochs", values.epochs, D.epochs, 0, MAX_EPOCHS),
    clipNorm: real("clip", values.clip, D.clipNorm),
    hiddenSize: count("hidden", values.hidden, D.hiddenSize, 1, 4096),
    sequences: count("sequences", values.sequences, D.sequences, 10, 1_000_000),
    batchSize: count("batch-size", values["batch-size"], D.batchSize),
    protocol: protocol as "softmax" | "classic",
    peephole: values.peephole ?? false,
    keepBest: !values["keep-last"],
  };
  if (settings.peephole && !models.includes("lstm")) {
    usageError(TASK, "--peephole belongs to the LSTM; add lstm to --model");
  }
  return {
    languages,
    models,
    seeds,
    settings,
    learningRate: (model) => lr ?? PATTERN_LEARNING_RATES[model],
    backend: backendName,
    workers: count("workers", values.workers, defaultWorkers()),
    out: values.out ?? "out",
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}
