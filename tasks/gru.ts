// deno task gru — exercise M: the nn exercise with a GRU in place of the LSTM.
import { runNnTask } from "./nn.ts";

if (import.meta.main) await runNnTask("gru", "gru", Deno.args);
