// deno task compare — exercise J: the RNN and the LSTM on the same data, one
// plot with both learning curves (per epoch and per second) and a table.
import { getBackend, LSTM_LAB_DEFAULTS, RNN_LAB_DEFAULTS, threadsForBatch } from "../mod.ts";
import { compareRnnLstm, comparisonSvg } from "../src/lab/compare.ts";
import type { LabResult } from "../src/lab/experiment.ts";
import { TrainingDivergedError } from "../src/train/train.ts";
import { parentWatch } from "./common/parent_watch.ts";
import { ProgressBar } from "./common/progress.ts";
import { MAX_EPOCHS, numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";
import { checkWritableFile, prepareDirectory, writeOutput } from "./common/outputs.ts";

const HELP = `Usage: deno task compare [flags]

Exercise J: trains the lab's RNN (${RNN_LAB_DEFAULTS.epochs} epochs, lr ${RNN_LAB_DEFAULTS.lr}) and the lab's
LSTM (${LSTM_LAB_DEFAULTS.epochs} epochs, lr ${LSTM_LAB_DEFAULTS.lr}) on the same seeded a^n b^n data, prints a
table of final metrics and writes OUT/compare.svg: validation NLL per token
against epochs and against training seconds.
  --rnn-epochs N    (default ${RNN_LAB_DEFAULTS.epochs})
  --lstm-epochs N   (default ${LSTM_LAB_DEFAULTS.epochs})
  --hidden N        hidden size of both (default 50)
  --seed N          (default 42)
  --backend NAME    wasm (default) or reference
  --out DIR         (default out)
  --json            one JSON line
  --help            show this text`;

function row(name: string, result: LabResult): string {
  const v = result.metrics.validation, t = result.metrics.test;
  return `${name.padEnd(6)} ${String(result.config.epochs).padStart(6)} ${
    result.seconds.toFixed(2).padStart(8)
  } ${v.meanTokenNll.toFixed(4).padStart(10)} ${v.gapToFloor.toFixed(4).padStart(8)} ${
    (100 * t.deterministicAccuracy).toFixed(1).padStart(9)
  }% ${String(result.extrapolation.largestExact).padStart(9)}`;
}

if (import.meta.main) {
  const values = parseTaskFlags("compare", Deno.args, {
    "rnn-epochs": { type: "string" },
    "lstm-epochs": { type: "string" },
    hidden: { type: "string" },
    seed: { type: "string" },
    backend: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  const integer = (
    flag: string,
    text: string | undefined,
    fallback: number,
    min: number,
    max = Infinity,
  ) => numberFlag("compare", flag, text, fallback, true, min, max);
  const seed = integer("seed", values.seed, 42, 0, 0xffffffff);
  const hiddenSize = integer("hidden", values.hidden, 50, 1, 4096);
  const backendName = values.backend ?? "wasm";
  if (backendName !== "wasm" && backendName !== "reference") {
    usageError("compare", `--backend must be 'wasm' or 'reference', got '${backendName}'`);
  }
  const rnnConfig = {
    ...RNN_LAB_DEFAULTS,
    seed,
    hiddenSize,
    epochs: integer("rnn-epochs", values["rnn-epochs"], RNN_LAB_DEFAULTS.epochs, 1, MAX_EPOCHS),
  };
  const lstmConfig = {
    ...LSTM_LAB_DEFAULTS,
    seed,
    hiddenSize,
    epochs: integer("lstm-epochs", values["lstm-epochs"], LSTM_LAB_DEFAULTS.epochs, 1, MAX_EPOCHS),
  };
  const out = values.out ?? "out";
  await prepareDirectory("compare", "out", out);
  await checkWritableFile("compare", "out", `${out}/compare.svg`);
  const progress = new ProgressBar(!values.json);
  const checkParent = parentWatch("compare");
  const watch = (name: string, epochs: number) => ({
    onStep: (s: { epoch: number; step: number; stepsPerEpoch: number }) => {
      checkParent();
      progress.update(
        (s.epoch - 1) * s.stepsPerEpoch + s.step,
        epochs * s.stepsPerEpoch,
        `${name} epoch ${s.epoch}/${epochs}`,
      );
    },
  });
  let comparison;
  try {
    const threads = threadsForBatch(Math.max(rnnConfig.batchSize, lstmConfig.batchSize));
    comparison = compareRnnLstm(getBackend(backendName, threads), rnnConfig, lstmConfig, {
      rnn: watch("rnn", rnnConfig.epochs),
      lstm: watch("lstm", lstmConfig.epochs),
    });
  } catch (error) {
    progress.done();
    if (error instanceof TrainingDivergedError || error instanceof RangeError) {
      console.error(`compare: ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
  const { rnn, lstm } = comparison;
  progress.done();
  await writeOutput(
    "compare",
    `${out}/compare.svg`,
    comparisonSvg(comparison),
  );
  if (values.json) {
    const summary = (result: LabResult) => ({
      config: result.config,
      metrics: result.metrics,
      extrapolation: result.extrapolation,
      validationTokenNll: result.history.map((epoch) => epoch.validationTokenNll),
      seconds: result.seconds,
    });
    console.log(
      JSON.stringify({
        task: "compare",
        backend: backendName,
        rnn: summary(rnn),
        lstm: summary(lstm),
      }),
    );
  } else {
    console.log(`model  epochs  seconds  val NLL/tok  gap     test forced  counts to`);
    console.log(row("RNN", rnn));
    console.log(row("LSTM", lstm));
    console.log(`Plot: ${out}/compare.svg`);
  }
}
