// One training update of the char-LM at `deno task charlm train`'s defaults
// (one-hot → 2-layer LSTM 256 → Linear(256, V), 32 streams × 64 steps, Adam,
// clipping at 5) on the wasm backend: ms per update, each kernel's part and
// GFLOP/s (bench/charlm_profile.ts), and a hash of the losses, so that two
// builds of the kernels, or two thread counts, can be compared for speed and
// for identical results. Run from the repository root:
//
//   deno run --allow-read bench/charlm_update.ts [--threads N] [--updates N] [--warmup N] [--no-kernels]
import { parseArgs } from "node:util";
import { createWasmBackend } from "../src/backends/wasm_backend.ts";
import { CharVocabulary } from "../src/data/char_vocabulary.ts";
import { CHAR_DEFAULTS, splitCorpus } from "../src/train/char_training.ts";
import { profileCharUpdate } from "./charlm_profile.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    threads: { type: "string" },
    updates: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    "no-kernels": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const bytes = await Deno.readFile(new URL("../data/tinyshakespeare.txt", import.meta.url));
const { vocabulary, ids } = CharVocabulary.fromUtf8(bytes);
const corpus = splitCorpus(vocabulary, ids, 0.1);
const backend = createWasmBackend({
  threads: values.threads === undefined ? undefined : Number(values.threads),
});
await backend.threadsReady();
const result = profileCharUpdate(
  backend,
  vocabulary,
  corpus.train,
  CHAR_DEFAULTS,
  Number(values.updates),
  Number(values.warmup),
  !values["no-kernels"],
);
backend.dispose();
if (values.json) console.log(JSON.stringify({ backend: backend.description, ...result }));
else {
  console.log(
    `char-LM update on ${backend.description}: best ${result.bestMs.toFixed(1)} ms, median ${
      result.medianMs.toFixed(1)
    } ms over ${values.updates} (loss hash ${result.lossHash})`,
  );
  for (const { name, msPerUpdate, gflops } of result.kernels) {
    console.log(
      `  ${name.padEnd(30)} ${msPerUpdate.toFixed(1).padStart(7)} ms/update${
        gflops === undefined ? "" : `  ${gflops.toFixed(1).padStart(6)} GFLOP/s`
      }`,
    );
  }
}
