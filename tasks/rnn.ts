// deno task rnn — exercises B–G: the lab's vanilla RNN on a^n b^n, trained
// one sequence at a time (or in padded batches with --batch-size).
import { RNN_LAB_DEFAULTS } from "../src/lab/experiment.ts";
import { runLabModelTask } from "./common/run_training_task.ts";
import { trainingFlagsHelp } from "./common/training_flags.ts";

const HELP = `Usage: deno task rnn [flags]

Trains the lab's vanilla RNN (h_t = tanh(U x_t + V h_{t-1} + b), softmax(W h_t + c))
on the seeded a^n b^n dataset with clipped SGD, prints the losses every 100
epochs, the metrics of every split, a test prediction and freestyle samples,
and writes the loss plot to OUT/rnn_loss.svg.

${trainingFlagsHelp(RNN_LAB_DEFAULTS)}`;

if (import.meta.main) {
  await runLabModelTask("rnn", RNN_LAB_DEFAULTS, HELP, "rnn");
}
