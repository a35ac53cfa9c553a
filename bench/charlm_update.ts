// One training update of the char-LM at `deno task charlm train`'s defaults
// (one-hot → 2-layer LSTM 256 → Linear(256, V), 32 streams × 64 steps, Adam,
// clipping at 5) on the wasm backend: ms per update, the share of each kernel
// (every backend method wrapped with a timer), and a hash of the losses, so
// that two builds of the kernels can be compared for speed and for identical
// results. Run from the repository root:
//
//   deno run --allow-read bench/charlm_update.ts [--updates N] [--warmup N] [--no-kernels]
import { parseArgs } from "node:util";
import { getBackend } from "../src/backends/get_backend.ts";
import type { Backend } from "../src/core/backend.ts";
import { CharVocabulary } from "../src/data/char_vocabulary.ts";
import { NumpyRandom } from "../src/data/numpy_random.ts";
import { type StreamBatch, StreamLoader } from "../src/data/stream_batches.ts";
import { CharModel } from "../src/models/char_model.ts";
import { CHAR_DEFAULTS, splitCorpus } from "../src/train/char_training.ts";
import { Trainer } from "../src/train/trainer.ts";
import { KERNEL_NAMES } from "../src/backends/kernel_table.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    updates: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    "no-kernels": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const updates = Number(values.updates), warmup = Number(values.warmup);
const o = CHAR_DEFAULTS;

// Every kernel method timed, unless --no-kernels (the timers cost a little).
const totals = new Map<string, number>();
function timed(backend: Backend): Backend {
  const record = backend as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of KERNEL_NAMES) {
    const method = record[name].bind(backend);
    record[name] = (...args: unknown[]) => {
      const start = performance.now();
      const result = method(...args);
      totals.set(name, (totals.get(name) ?? 0) + performance.now() - start);
      return result;
    };
  }
  return backend;
}

const bytes = await Deno.readFile(new URL("../data/tinyshakespeare.txt", import.meta.url));
const { vocabulary, ids } = CharVocabulary.fromUtf8(bytes);
const corpus = splitCorpus(vocabulary, ids, 0.1);
const backend = values["no-kernels"] ? getBackend("wasm") : timed(getBackend("wasm"));
const loader = new StreamLoader(corpus.train, o.batchSize, o.seqLen);
const model = new CharModel(backend, {
  cell: o.cell,
  vocabularySize: vocabulary.size,
  hiddenSize: o.hiddenSize,
  numLayers: o.numLayers,
});
model.initialize(new NumpyRandom(o.seed));
const trainer = new Trainer<StreamBatch>(model, {
  parameters: model.parameters,
  optimizer: o.optimizer,
  lr: o.lr,
  clipNorm: o.clip,
});

// FNV-1a over the bits of every loss: equal hashes, identical training.
const bits = new Float64Array(1), words = new Uint32Array(bits.buffer);
let hash = 0x811c9dc5;
const losses: number[] = [];
for (let i = 0; i < warmup + updates; i++) {
  if (i === warmup) totals.clear();
  const start = performance.now();
  const { loss } = trainer.step(loader.next());
  losses.push(performance.now() - start);
  bits[0] = loss;
  for (const w of words) hash = Math.imul(hash ^ w, 0x01000193) >>> 0;
}
const times = losses.slice(warmup).sort((a, b) => a - b);
const result = {
  bestMs: times[0],
  medianMs: times[Math.floor(times.length / 2)],
  lossHash: hash.toString(16),
  kernels: Object.fromEntries(
    [...totals].sort((a, b) => b[1] - a[1]).map(([k, ms]) => [k, +(ms / updates).toFixed(2)]),
  ),
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(
    `char-LM update: best ${result.bestMs.toFixed(1)} ms, median ${
      result.medianMs.toFixed(1)
    } ms over ${updates} (loss hash ${result.lossHash})`,
  );
  for (const [k, ms] of Object.entries(result.kernels)) {
    console.log(`  ${k.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms/update`);
  }
}
