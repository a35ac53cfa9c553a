// deno task lstm — exercises H–I, the project's main job: the lab's LSTM on
// a^n b^n with correct backpropagation through time.
import { LSTM_LAB_DEFAULTS } from "../src/lab/experiment.ts";
import { runLabModelTask } from "./common/run_training_task.ts";
import { trainingFlagsHelp } from "./common/training_flags.ts";

const HELP = `Usage: deno task lstm [flags]

Trains the lab's LSTM (gates f, i, o = σ(W z + b), g = tanh(W_g z + b_g) over
z = [h_{t-1}; x_t]; c_t = f c_{t-1} + i g; h_t = o tanh c_t) on the seeded
a^n b^n dataset with clipped SGD and full backpropagation through time. Prints
the losses, the metrics of every split, a test prediction, freestyle samples and
whether it counts beyond the training range; writes OUT/lstm_loss.svg.

${trainingFlagsHelp(LSTM_LAB_DEFAULTS)}`;

if (import.meta.main) {
  await runLabModelTask("lstm", LSTM_LAB_DEFAULTS, HELP, "lstm");
}
