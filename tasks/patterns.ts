// deno task patterns — exercise N and beyond: what can these networks count?
// Trains each model on each language for several seeds and reports, per
// pair, validation loss, in-range accuracy and the largest size up to which
// every tested string is right; writes one accuracy-by-size plot per language.
import { getBackend } from "../src/backends.ts";
import { languageByName, LANGUAGES } from "../src/data/languages/mod.ts";
import {
  PATTERN_DEFAULTS,
  PATTERN_LEARNING_RATES,
  type PatternConfig,
  type PatternModelName,
  type PatternResult,
  runPattern,
  summarize,
} from "../src/lab/patterns.ts";
import type { PatternJob } from "./patterns_worker.ts";
import { lineChartSvg } from "../src/plot/svg_plot.ts";
import {
  MAX_EPOCHS,
  numberFlag,
  parseTaskFlags,
  positiveNumberFlag,
  usageError,
} from "./common/flags.ts";
import { checkWritableFile, prepareDirectory, writeOutput } from "./common/outputs.ts";
import { parentWatch } from "./common/parent_watch.ts";
import { formatSeconds, ProgressBar } from "./common/progress.ts";

const MODELS: PatternModelName[] = ["rnn", "lstm", "gru"];
const TASK = "patterns";
const D = PATTERN_DEFAULTS;

const HELP = `Usage: deno task patterns [flags]

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

/** Runs every job on `count` workers, each taking the next job when it finishes one. */
function runInWorkers(
  runs: readonly PatternConfig[],
  backend: "wasm" | "reference",
  count: number,
  progress: ProgressBar,
  checkParent: () => void,
): Promise<PatternResult[]> {
  const results: PatternResult[] = new Array(runs.length);
  const epochsDone = new Array(runs.length).fill(0);
  let next = 0, finished = 0;
  const pool = Array.from(
    { length: count },
    () => new Worker(new URL("./patterns_worker.ts", import.meta.url), { type: "module" }),
  );
  return new Promise<PatternResult[]>((resolve, reject) => {
    const stop = (error?: Error) => {
      for (const worker of pool) worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const give = (worker: Worker) => {
      if (next >= runs.length) return;
      const index = next++;
      const { language, ...config } = runs[index];
      const job: PatternJob = { index, backend, config: { ...config, language: language.name } };
      worker.postMessage(job);
    };
    for (const worker of pool) {
      worker.onmessage = ({ data }) => {
        const run = runs[data.index];
        checkParent();
        if (data.kind === "epoch") {
          epochsDone[data.index] = data.epoch / Math.max(1, run.epochs);
          const done = epochsDone.reduce((sum, value) => sum + value, 0);
          progress.update(done, runs.length, `${finished}/${runs.length} runs done`);
        } else if (data.kind === "error") {
          stop(new Error(`${run.language.name} ${run.model} seed ${run.seed}: ${data.message}`));
        } else {
          results[data.index] = data.result;
          epochsDone[data.index] = 1;
          if (++finished === runs.length) stop();
          else give(worker);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        stop(new Error(event.message));
      };
      give(worker);
    }
  });
}

if (import.meta.main) {
  const values = parseTaskFlags(TASK, Deno.args, {
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
  }, HELP);
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
  const out = values.out ?? "out";
  // Before any training: plots that cannot be written should not cost minutes of work.
  await prepareDirectory(TASK, "out", out);
  for (const language of languages) {
    await checkWritableFile(TASK, "out", `${out}/patterns_${language.name}.svg`);
  }
  const backend = getBackend(backendName);
  const runs = languages.flatMap((language) =>
    models.flatMap((model) =>
      seeds.map((seed) => ({
        ...settings,
        language,
        model,
        seed,
        lr: lr ?? PATTERN_LEARNING_RATES[model],
        // Peepholes are the LSTM's; the other models of the comparison run as they are.
        peephole: settings.peephole && model === "lstm",
      }))
    )
  );
  const progress = new ProgressBar(!values.quiet && !values.json);
  const start = performance.now();
  const workers = Math.min(count("workers", values.workers, defaultWorkers()), runs.length);
  const checkParent = parentWatch(TASK);
  let results: PatternResult[];
  try {
    results = workers > 1
      ? await runInWorkers(runs, backendName, workers, progress, checkParent)
      : runs.map((run, i) =>
        runPattern(backend, run, (report) => {
          checkParent();
          const label = `${run.language.name} ${run.model} seed ${run.seed}`;
          progress.update(i + report.epoch / Math.max(1, run.epochs), runs.length, label);
        })
      );
  } catch (error) {
    progress.done();
    console.error(`${TASK}: ${(error as Error).message}`);
    Deno.exit(1);
  }
  progress.done();
  const seconds = (performance.now() - start) / 1000;

  const pairs = languages.flatMap((language) =>
    models.map((model) => {
      const mine = results.filter((r) => r.language === language.name && r.model === model);
      return {
        language: language.name,
        title: language.title,
        model,
        validationTokenNll: summarize(mine.map((r) => r.validationTokenNll)),
        inRangeAccuracy: summarize(mine.map((r) => r.inRangeAccuracy)),
        largestExact: summarize(mine.map((r) => r.largestExact)),
      };
    })
  );

  for (const language of languages) {
    const sizes = results.find((r) => r.language === language.name)!.bySize.map((s) => s.size);
    const series = models.map((model) => {
      const mine = results.filter((r) => r.language === language.name && r.model === model);
      return {
        label: model.toUpperCase(),
        xs: sizes,
        ys: sizes.map((_, k) =>
          mine.reduce((sum, r) => sum + r.bySize[k].right / r.bySize[k].total, 0) / mine.length
        ),
      };
    });
    await writeOutput(
      TASK,
      `${out}/patterns_${language.name}.svg`,
      lineChartSvg({
        title: `${language.title}: strings right by size (trained on ${
          settings.trainSizes.join("…")
        }, mean of ${seeds.length} seed${seeds.length > 1 ? "s" : ""})`,
        xLabel: `size (${language.sizeMeaning})`,
        yLabel: "fraction of test strings right",
        series,
      }),
    );
  }

  if (values.json) {
    console.log(JSON.stringify({
      task: TASK,
      backend: backend.description,
      settings: {
        ...settings,
        lr: Object.fromEntries(models.map((model) => [model, lr ?? PATTERN_LEARNING_RATES[model]])),
        seeds,
      },
      summary: pairs,
      runs: results,
      seconds,
    }));
  } else {
    const figure = (s: { median: number; min: number; max: number }, digits = 0) =>
      seeds.length > 1
        ? `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`
        : s.median.toFixed(digits);
    console.log(
      `Counting study: trained on sizes ${settings.trainSizes.join("..")}, tested ${
        Math.min(settings.trainSizes[0], settings.testSizes[0])
      }..${Math.max(settings.trainSizes[1], settings.testSizes[1])}; seeds ${
        seeds.join(", ")
      }; ${settings.epochs} epochs; ${
        settings.protocol === "classic" ? "classic protocol (sigmoid, next-word sets)" : "softmax"
      }${settings.peephole ? ", LSTM with peepholes" : ""}; ${backend.description}`,
    );
    console.log(
      `${"language".padEnd(10)} ${"model".padEnd(5)} ${"val loss/token".padEnd(22)} ${
        "in-range right".padEnd(22)
      } largest size all right`,
    );
    for (const pair of pairs) {
      console.log(
        `${pair.title.padEnd(10)} ${pair.model.padEnd(5)} ${
          figure(pair.validationTokenNll, 4).padEnd(22)
        } ${figure(pair.inRangeAccuracy, 2).padEnd(22)} ${figure(pair.largestExact)}`,
      );
    }
    console.log(
      `(median [min–max] over seeds; plots in ${out}/patterns_*.svg; ${formatSeconds(seconds)})`,
    );
    // Accuracy by size on screen too, at a few landmark sizes of the tested range.
    const tested = results[0].bySize.map((s) => s.size);
    const landmarks = [
      ...new Set([settings.trainSizes[1], 12, 15, 20, 30, 50, 100, 200, 500, 1000]),
    ]
      .filter((size) => tested.includes(size));
    console.log(
      `\nStrings right at size (all seeds together):\n${"language".padEnd(10)} ${
        "model".padEnd(5)
      } ${landmarks.map((size) => String(size).padStart(6)).join("")}`,
    );
    for (const pair of pairs) {
      const mine = results.filter((r) => r.language === pair.language && r.model === pair.model);
      const cells = landmarks.map((size) => {
        const at = mine.map((r) => r.bySize.find((s) => s.size === size)!);
        const right = at.reduce((sum, s) => sum + s.right, 0);
        const total = at.reduce((sum, s) => sum + s.total, 0);
        return `${Math.round(100 * right / total)}%`.padStart(6);
      });
      console.log(`${pair.title.padEnd(10)} ${pair.model.padEnd(5)} ${cells.join("")}`);
    }
  }
}
