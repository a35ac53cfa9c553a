// deno task nn — exercises K–L: the lab's PyTorch exercise on our nn API:
// nn.LSTM(4, 50), nn.Linear(50, 4, bias=False), cross-entropy, Adam.
import { getBackend } from "../mod.ts";
import { NN_LAB_DEFAULTS, runLab } from "../src/lab/experiment.ts";
import { NnSequenceModel } from "../src/models/nn_sequence_model.ts";
import { runTrainingTask } from "./common/run_training_task.ts";
import { trainingFlagsHelp } from "./common/training_flags.ts";

/** Runs the nn exercise with a given recurrent cell; shared with `deno task gru`. */
export async function runNnTask(task: string, cell: "lstm" | "gru", args: string[]): Promise<void> {
  const help = `Usage: deno task ${task} [flags]

The lab's framework exercise on this toolkit's nn API: nn.${cell.toUpperCase()}(4, hidden) then
nn.Linear(hidden, 4, bias=False), PyTorch's default initialisation, cross-entropy,
Adam, one sequence per update, the learning rate lowered at the end. Prints the
metrics of every split, a test prediction, freestyle samples and the counting test;
writes OUT/${task}_loss.svg.

${trainingFlagsHelp(NN_LAB_DEFAULTS)}`;
  await runTrainingTask(
    task,
    args,
    NN_LAB_DEFAULTS,
    help,
    (flags, callbacks) =>
      runLab(
        getBackend(flags.backend),
        flags.config,
        (backend, vocabularySize, random) => {
          const model = new NnSequenceModel(backend, {
            cell,
            vocabularySize,
            hiddenSize: flags.config.hiddenSize,
          });
          model.initialize(random, flags.config.init);
          return model;
        },
        callbacks,
        { extrapolate: flags.extrapolate },
      ),
  );
}

if (import.meta.main) await runNnTask("nn", "lstm", Deno.args);
