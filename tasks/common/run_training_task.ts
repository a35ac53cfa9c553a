// The body every training task shares: flags, progress, the run, the report,
// the plot and the checkpoint. Library errors become one-line messages.
import { getBackend, threadsForBatch } from "../../mod.ts";
import {
  type LabCallbacks,
  type LabConfig,
  type LabResult,
  runLab,
} from "../../src/lab/experiment.ts";
import { modelCheckpoint } from "../../src/models/model_checkpoint.ts";
import { LAB_MODELS } from "../../src/lab/models/registry.ts";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";
import { TrainingDivergedError } from "../../src/train/train.ts";
import { epochLine, jsonSummary, lossPlot, resultLines } from "./lab_report.ts";
import { checkWritableFile, prepareDirectory, writeOutput } from "./outputs.ts";
import { parentWatch } from "./parent_watch.ts";
import { ProgressBar } from "./progress.ts";
import { parseTrainingFlags, type TrainingFlags } from "./training_flags.ts";

/**
 * Parses flags, runs `run`, and prints, plots and saves its result. The plot
 * is OUT/PLOT_loss.svg, with PLOT the task's name unless `plot` gives another.
 */
export async function runTrainingTask(
  task: string,
  args: string[],
  defaults: LabConfig,
  help: string,
  run: (flags: TrainingFlags, callbacks: LabCallbacks) => LabResult,
  plot = task,
): Promise<LabResult> {
  const { flags } = parseTrainingFlags(task, args, defaults, help);
  const { config } = flags;
  const plotPath = `${flags.out}/${plot}_loss.svg`;
  await prepareDirectory(task, "out", flags.out);
  await checkWritableFile(task, "out", plotPath);
  if (flags.save !== undefined) await checkWritableFile(task, "save", flags.save);
  const talk = !flags.json && !flags.quiet;
  const progress = new ProgressBar(!flags.json && !flags.quiet);
  const logEvery = Math.max(1, Math.round(config.epochs / 10));
  const checkParent = parentWatch(task);
  let result: LabResult;
  try {
    result = run(flags, {
      onStep: (step) => {
        checkParent();
        progress.update(
          (step.epoch - 1) * step.stepsPerEpoch + step.step,
          config.epochs * step.stepsPerEpoch,
          `epoch ${step.epoch}/${config.epochs} loss ${step.loss.toFixed(3)}`,
        );
      },
      onEpoch: (report) => {
        if (talk && (report.epoch === 1 || report.epoch % logEvery === 0)) {
          progress.done();
          console.log(epochLine(report));
        }
      },
    });
  } catch (error) {
    progress.done();
    if (error instanceof TrainingDivergedError || error instanceof RangeError) {
      console.error(`${task}: ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
  progress.done();
  // The checkpoint first: it is what a failure later would cost most to lose.
  if (flags.save) {
    const checkpoint = modelCheckpoint(result.model, result.vocabulary, {
      task,
      config,
      validationTokenNll: result.metrics.validation.meanTokenNll,
    }, LAB_MODELS);
    await saveCheckpoint(flags.save, checkpoint).catch((error: Error) => {
      console.error(`${task}: ${error.message}`);
      Deno.exit(1);
    });
  }
  await writeOutput(task, plotPath, lossPlot(`${task}: a^n b^n, seed ${config.seed}`, result));
  if (flags.json) {
    console.log(jsonSummary(task, flags.backend, result));
  } else {
    for (const line of resultLines(result)) console.log(line);
    console.log(`Loss plot: ${plotPath}${flags.save ? `; checkpoint: ${flags.save}` : ""}`);
  }
  return result;
}

/** {@linkcode runTrainingTask} for one of the lab's from-scratch models (rnn, lstm). */
export function runLabModelTask(
  task: string,
  defaults: LabConfig,
  help: string,
  kind: string,
): Promise<LabResult> {
  return runTrainingTask(task, Deno.args, defaults, help, (flags, callbacks) =>
    runLab(
      getBackend(flags.backend, threadsForBatch(flags.config.batchSize)),
      flags.config,
      (backend, vocabularySize, random) =>
        LAB_MODELS.build(
          kind,
          backend,
          { vocabularySize, hiddenSize: flags.config.hiddenSize },
          random,
        ),
      callbacks,
      { extrapolate: flags.extrapolate },
    ));
}
