// deno task charlm — a character-level language model on your own text:
// `train` (char-rnn's truncated BPTT with the state carried across batches,
// checkpoints, resume) and `sample` (streamed, seeded, temperature / top-k / top-p).
import { getBackend } from "../src/backends/get_backend.ts";
import { CheckpointError, loadCheckpoint } from "../src/io/checkpoint.ts";
import { Utf8Error } from "../src/data/utf8_code_points.ts";
import { TextFileError } from "../src/io/text_file.ts";
import { NumpyRandom } from "../src/data/numpy_random.ts";
import { sampleCharModel } from "../src/generate/char_sample.ts";
import { restoreCharModel } from "../src/train/char_checkpoint.ts";
import { TrainingDivergedError } from "../src/train/trainer.ts";
import { usageError } from "./common/flags.ts";
import { runCharTraining } from "./common/charlm_train.ts";
import { parseSampleFlags, SAMPLE_HELP } from "./common/charlm_flags.ts";

const TASK = "charlm";
const HELP =
  `Usage: deno task charlm train [flags]     train a model on a text (--help for its flags)
       deno task charlm sample [flags]    generate text from a checkpoint

With no --data, train uses the tiny-shakespeare corpus shipped in data/.`;

function fail(message: string): never {
  console.error(`${TASK}: ${message}`);
  Deno.exit(1);
}

async function sample(args: string[]): Promise<void> {
  const flags = parseSampleFlags(args);
  let restored;
  try {
    const checkpoint = await loadCheckpoint(flags.checkpoint);
    restored = restoreCharModel(checkpoint, getBackend(flags.backend), flags.checkpoint);
  } catch (error) {
    if (error instanceof CheckpointError) fail(error.message);
    throw error;
  }
  const { model, vocabulary } = restored;
  const encoder = new TextEncoder();
  try {
    const { unknownInPrime } = sampleCharModel(model, vocabulary, {
      prime: flags.prime,
      length: flags.length,
      temperature: flags.temperature,
      topK: flags.topK,
      topP: flags.topP,
      random: new NumpyRandom(flags.seed),
      onText: (text) => Deno.stdout.writeSync(encoder.encode(text)),
    });
    Deno.stdout.writeSync(encoder.encode("\n"));
    if (unknownInPrime.length) {
      console.error(
        `${TASK}: the model does not know ${
          unknownInPrime.map((c) => JSON.stringify(c)).join(", ")
        } of the prime; read as UNK`,
      );
    }
  } catch (error) {
    if (error instanceof RangeError) fail(error.message);
    throw error;
  }
}

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  if (command === "train") {
    try {
      await runCharTraining(rest);
    } catch (error) {
      if (
        error instanceof TextFileError || error instanceof Utf8Error ||
        error instanceof CheckpointError || error instanceof RangeError ||
        error instanceof TrainingDivergedError
      ) fail(error.message);
      throw error;
    }
  } else if (command === "sample") {
    await sample(rest);
  } else if (command === undefined || command === "--help" || command === "-h") {
    console.log(`${HELP}\n\n${SAMPLE_HELP.split("\n")[0]}`);
    if (command === undefined) Deno.exit(2);
  } else {
    usageError(TASK, `unknown command '${command}': expected train or sample`);
  }
}
