// deno task charlm train: flags, the corpus, progress and log lines,
// checkpoints (named by iteration and validation loss, plus best and last),
// the loss plot, Ctrl-C, and the closing summary. The training is the library's.
import { getBackend } from "../../src/backends/get_backend.ts";
import type { WasmBackend } from "../../src/backends/wasm_backend.ts";
import type { Backend } from "../../src/core/backend.ts";
import { CharVocabulary } from "../../src/data/char_vocabulary.ts";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { sampleCharModel } from "../../src/generate/char_sample.ts";
import { encodeCheckpoint, loadCheckpoint } from "../../src/io/checkpoint.ts";
import { readTextBytes } from "../../src/io/text_file.ts";
import { charLossPlot } from "../../src/plot/char_loss_plot.ts";
import { restoreCharModel } from "../../src/train/char_checkpoint.ts";
import {
  type CharEvaluation,
  type CharRun,
  type CharStep,
  splitCorpus,
  trainCharModel,
} from "../../src/train/char_training.ts";
import { TrainingDivergedError } from "../../src/train/trainer.ts";
import { DEFAULT_CORPUS, parseTrainFlags, type TrainFlags } from "./charlm_flags.ts";
import { prepareDirectory, writeOutput } from "./outputs.ts";
import { parentWatch } from "./parent_watch.ts";
import { formatSeconds } from "./progress.ts";

const TASK = "charlm";
const encoder = new TextEncoder();
const say = (line: string) => console.log(line);
const f = (x: number, digits = 4) => x.toFixed(digits);

// One fixed-format line per logged update (char-rnn's), and the live one on a terminal.
function stepLine(step: CharStep): string {
  const eta = Number.isFinite(step.etaSeconds) ? formatSeconds(step.etaSeconds) : "?";
  return `iter ${step.iter}/${step.maxIters} epoch ${f(step.epoch, 2)} loss ${f(step.loss)} ` +
    `grad ${f(step.gradientNorm, 3)} lr ${step.lr.toExponential(2)} ` +
    `${Math.round(step.tokensPerSecond)} chars/s ETA ${eta}`;
}

function evaluationLine(e: CharEvaluation): string {
  return `eval iter ${e.iter} epoch ${f(e.epoch, 2)}: train ${f(e.trainLoss)} val ${
    f(e.validationLoss)
  } nats/char (${f(e.validationBits, 3)} bits)${e.best ? " best" : ""}`;
}

/** Runs `deno task charlm train ARGS`; library errors reach the caller as one-line messages. */
export async function runCharTraining(args: string[]): Promise<void> {
  const flags = parseTrainFlags(args);
  await prepareDirectory(TASK, "out", flags.out);
  const bytes = await readTextBytes(flags.data);
  const loaded = CharVocabulary.fromUtf8(bytes, { maxVocab: flags.maxVocab });
  const backend = getBackend(flags.backend, flags.threads);
  const threadNotice = (backend as Partial<WasmBackend>).threadNotice;
  if (threadNotice) console.error(`${TASK}: running on 1 thread: ${threadNotice}`);
  try {
    await train(flags, backend, bytes, loaded);
  } finally {
    // The helper threads end with the run, whichever way it ends.
    backend.dispose();
  }
}

async function train(
  flags: TrainFlags,
  backend: Backend,
  bytes: Uint8Array,
  loaded: ReturnType<typeof CharVocabulary.fromUtf8>,
): Promise<void> {
  const { options } = flags;
  const text = flags.json ? () => {} : say;
  const resume = flags.resume
    ? restoreCharModel(await loadCheckpoint(flags.resume), backend, flags.resume)
    : undefined;
  // A resumed run must read the text as the run that wrote the checkpoint did.
  const vocabulary = resume?.vocabulary ?? loaded.vocabulary;
  if (resume) checkResume(flags, resume.vocabulary, loaded.vocabulary, resume.metadata);
  const corpus = splitCorpus(vocabulary, loaded.ids, flags.valFraction);
  const unk = loaded.vocabulary.counts[loaded.vocabulary.unk];
  // The shipped corpus by its name in the repository, not by this machine's path to it.
  const shown = flags.data === DEFAULT_CORPUS ? "data/tinyshakespeare.txt" : flags.data;
  text(
    `${shown}: ${loaded.ids.length.toLocaleString("en-US")} characters (${
      bytes.length.toLocaleString("en-US")
    } bytes), vocabulary ${vocabulary.size} (UNK included${
      unk ? `; ${unk.toLocaleString("en-US")} rare characters read as UNK` : ""
    }); train ${corpus.train.length.toLocaleString("en-US")}, validation ${
      corpus.validation.length.toLocaleString("en-US")
    }`,
  );

  const live = !flags.json && !flags.quiet && Deno.stdout.isTerminal();
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    if (++interrupts > 1) Deno.exit(130);
    controller.abort();
    if (live) Deno.stdout.writeSync(encoder.encode("\r\x1b[2K"));
    console.error(
      `${TASK}: stopping after this update to save a checkpoint (Ctrl-C again to quit now)`,
    );
  };
  Deno.addSignalListener("SIGINT", onInterrupt);
  Deno.addSignalListener("SIGTERM", onInterrupt);
  // kill -9 on `deno task` cannot reach this process: stop as on Ctrl-C, saving first.
  const checkParent = parentWatch(TASK, () => {
    console.error(
      `${TASK}: the 'deno task' process that started this run has gone; saving and stopping`,
    );
    controller.abort();
  });
  const path = (name: string) => `${flags.out}/${name}`;
  const save = (name: string, run: CharRun) =>
    writeOutput(TASK, path(name), encodeCheckpoint(run.checkpoint()));
  let lastSaved = resume?.trainer?.step ?? 0;
  try {
    const result = await trainCharModel(corpus, options, {
      onStep: async (step, run) => {
        checkParent();
        if (flags.json) {
          if (step.iter % flags.logEvery === 0) console.log(JSON.stringify({ step }));
        } else if (live) {
          Deno.stdout.writeSync(encoder.encode(`\r\x1b[2K${stepLine(step)}`));
        } else if (!flags.quiet && step.iter % flags.logEvery === 0) say(stepLine(step));
        // char-rnn's named checkpoints, with the latest validation loss in the name.
        if (flags.saveEvery && step.iter % flags.saveEvery === 0) {
          const last = run.history.at(-1)?.validationLoss;
          const loss = last === undefined ? "none" : f(last);
          await save(`charlm_iter${step.iter}_val${loss}.ckpt`, run);
        }
      },
      onEvaluation: async (evaluation, run) => {
        if (live) Deno.stdout.writeSync(encoder.encode("\r\x1b[2K"));
        if (flags.json) console.log(JSON.stringify({ evaluation }));
        else if (!flags.quiet) say(evaluationLine(evaluation));
        // The checkpoint first, then the plot: the model is what a failure would cost.
        await save("last.ckpt", run);
        lastSaved = evaluation.iter;
        if (evaluation.best) await save("best.ckpt", run);
        if (flags.saveEvery === undefined) {
          await save(`charlm_iter${evaluation.iter}_val${f(evaluation.validationLoss)}.ckpt`, run);
        }
        await writeOutput(
          TASK,
          path("charlm_loss.svg"),
          charLossPlot(`charlm: ${flags.data.split("/").at(-1)}`, run.history, vocabulary.size),
        );
      },
      onWarning: (message) => console.error(`${TASK}: warning: ${message}`),
    }, { backend, resume, signal: controller.signal });
    const { run } = result;
    if (result.stopped === "aborted") {
      await save("last.ckpt", run);
      console.error(
        `${TASK}: interrupted at iteration ${run.trainer.stepCount}; saved ${
          path("last.ckpt")
        } — continue with --resume ${path("last.ckpt")}`,
      );
      Deno.exit(130);
    }
    summary(flags, run, result.tokensPerSecond, result.seconds);
  } catch (error) {
    if (error instanceof TrainingDivergedError) {
      if (live) Deno.stdout.writeSync(encoder.encode("\r\x1b[2K"));
      throw new TrainingDivergedError(
        `${error.message} Likely causes: a learning rate too high for this model (try --lr ${
          options.lr / 4
        }), clipping off (--clip 0), or a text with very long runs of one character. ` +
          (lastSaved > 0
            ? `The last good checkpoint is ${path("last.ckpt")} (iteration ${lastSaved}).`
            : "No checkpoint was written."),
      );
    }
    throw error;
  } finally {
    Deno.removeSignalListener("SIGINT", onInterrupt);
    Deno.removeSignalListener("SIGTERM", onInterrupt);
  }
}

function summary(flags: TrainFlags, run: CharRun, tokensPerSecond: number, seconds: number) {
  const best = run.bestValidationLoss;
  const { text } = sampleCharModel(run.model, run.corpus.vocabulary, {
    length: flags.sampleLength,
    temperature: 0.8,
    random: new NumpyRandom(flags.options.seed),
  });
  if (flags.json) {
    console.log(JSON.stringify({
      summary: {
        iterations: run.trainer.stepCount,
        bestValidationLoss: best,
        bestValidationBits: best / Math.LN2,
        tokensPerSecond,
        seconds,
        backend: run.model.backend.description,
        sample: text,
      },
    }));
    return;
  }
  say(
    `\nBest validation loss ${f(best)} nats/char (${
      f(best / Math.LN2, 3)
    } bits/char) in ${run.trainer.stepCount} updates; ${
      Math.round(tokensPerSecond)
    } chars/s on ${run.model.backend.description}, ${formatSeconds(seconds)} of training.`,
  );
  say(
    `Checkpoints: ${flags.out}/best.ckpt, ${flags.out}/last.ckpt; plot: ${flags.out}/charlm_loss.svg`,
  );
  say(`Sample (temperature 0.8): deno task charlm sample --checkpoint ${flags.out}/best.ckpt\n`);
  say(text);
}

// The model, the vocabulary and the shape of the batches must be the run's own.
function checkResume(
  flags: TrainFlags,
  saved: CharVocabulary,
  read: CharVocabulary,
  metadata: Record<string, unknown>,
): void {
  if (saved.codePoints.join(",") !== read.codePoints.join(",")) {
    throw new RangeError(
      `--resume ${flags.resume}: its vocabulary (${saved.size} symbols) is not this text's (${read.size}); resume on the text it was trained on`,
    );
  }
  const was = metadata.options as Record<string, unknown> | undefined;
  if (!was) throw new RangeError(`--resume ${flags.resume}: it was not written by charlm train`);
  const differs = [
    "cell",
    "hiddenSize",
    "numLayers",
    "embedding",
    "batchSize",
    "seqLen",
    "optimizer",
  ]
    .filter((name) => was[name] !== flags.options[name as keyof typeof flags.options]);
  if (differs.length) {
    throw new RangeError(
      `--resume ${flags.resume}: it was trained with other ${differs.join(", ")} (${
        differs.map((name) => `${name} ${was[name]}`).join(", ")
      }); give the same flags`,
    );
  }
}
