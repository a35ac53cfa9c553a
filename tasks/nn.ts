// deno task nn — exercises K–L: the lab's PyTorch exercise on our nn API:
// nn.LSTM(4, 50), nn.Linear(50, 4, bias=False), cross-entropy, Adam.
import { type Backend, getBackend, type NumpyRandom, threadsForBatch } from "../mod.ts";
import { type LabResult, NN_LAB_DEFAULTS, runLab } from "../src/lab/experiment.ts";
import { LAB_MODELS } from "../src/lab/models/registry.ts";
import { runTrainingTask } from "./common/run_training_task.ts";
import { trainingFlagsHelp } from "./common/training_flags.ts";

function row(name: string, result: LabResult): string {
  return `${name.padEnd(6)} ${result.metrics.validation.meanTokenNll.toFixed(4).padStart(11)} ${
    (100 * result.metrics.test.deterministicAccuracy).toFixed(1).padStart(12)
  }% ${String(result.extrapolation.largestExact).padStart(10)} ${
    result.seconds.toFixed(2).padStart(9)
  }`;
}

/** Runs the nn exercise with a given recurrent cell; shared with `deno task gru`. */
export async function runNnTask(task: string, cell: "lstm" | "gru", args: string[]): Promise<void> {
  const help = `Usage: deno task ${task} [flags]

The lab's framework exercise on this toolkit's nn API: nn.${cell.toUpperCase()}(4, hidden) then
nn.Linear(hidden, 4, bias=False), PyTorch's default initialisation, cross-entropy,
Adam, one sequence per update, the learning rate lowered at the end. Prints the
metrics of every split, a test prediction, freestyle samples and the counting test;
writes OUT/${task}_loss.svg.${
    cell === "gru"
      ? "\nThen trains the nn LSTM with the same flags and prints both side by side\n(not with --json)."
      : ""
  }

${trainingFlagsHelp(NN_LAB_DEFAULTS)}`;
  let compared: LabResult | null = null;
  const result = await runTrainingTask(task, args, NN_LAB_DEFAULTS, help, (flags, callbacks) => {
    const build =
      (kind: "lstm" | "gru") => (backend: Backend, vocabularySize: number, random: NumpyRandom) =>
        LAB_MODELS.build(
          `nn-${kind}`,
          backend,
          { vocabularySize, hiddenSize: flags.config.hiddenSize },
          random,
          flags.config.init,
        );
    const sampling = { extrapolate: flags.extrapolate };
    const backend = getBackend(flags.backend, threadsForBatch(flags.config.batchSize));
    const main = runLab(backend, flags.config, build(cell), callbacks, sampling);
    // Exercise M asks how the GRU compares: the same run with the LSTM.
    if (cell === "gru" && !flags.json) {
      compared = runLab(backend, flags.config, build("lstm"), {}, sampling);
    }
    return main;
  });
  if (compared) {
    console.log(`\nmodel  val NLL/tok  test forced  counts to  seconds`);
    console.log(row("GRU", result));
    console.log(row("LSTM", compared));
  }
}

if (import.meta.main) await runNnTask("nn", "lstm", Deno.args);
