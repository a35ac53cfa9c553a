// Trains a small stateful model for a range of updates, in its own process:
//   deno run -A resume_run.ts BACKEND FROM TO [--resume FILE] [--save FILE]
// and prints {"losses": [...], "weights": [...]} — what tests/train/resume_test.ts
// compares between a straight run and one stopped, saved and resumed.
// Everything random is seeded and resumable: the data stream, dropout, and the
// state carried across batches (2-layer LSTM, dropout 0.3, Adam, clipping, warm-up).
import { parseArgs } from "node:util";
import { getBackend, NumpyRandom } from "../../mod.ts";
import { decodeCheckpoint, encodeCheckpoint } from "../../src/io/checkpoint.ts";
import { CarriedState } from "../../src/nn/carried_state.ts";
import { CrossEntropyLoss } from "../../src/nn/cross_entropy.ts";
import { Linear } from "../../src/nn/linear.ts";
import { LSTM } from "../../src/nn/lstm.ts";
import { Trainer } from "../../src/train/trainer.ts";
import { trainerStateCheckpoint, trainerStateFrom } from "../../src/train/trainer_state.ts";

const { positionals, values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { resume: { type: "string" }, save: { type: "string" } },
});
const [backendName, from, to] = [positionals[0], Number(positionals[1]), Number(positionals[2])];
const backend = getBackend(backendName);
const [V, H, L, B, T] = [7, 6, 2, 3, 5];

const init = new NumpyRandom(1);
const lstm = new LSTM(backend, { inputSize: V, hiddenSize: H, numLayers: L, dropout: 0.3 });
lstm.initialize(init);
const head = new Linear(backend, { inFeatures: H, outFeatures: V });
head.initialize(init);
const dropout = new NumpyRandom(2);
lstm.dropoutRandom = dropout;
const data = new NumpyRandom(3);
const carried = new CarriedState(backend, { numLayers: L, batch: B, hiddenSize: H, cell: true });
const loss = new CrossEntropyLoss(backend);

// A batch: B streams of T + 1 tokens, each a noisy count mod V (learnable, never the same).
const nextBatch = () => {
  const ids = new Int32Array(T * B), targets = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    let token = data.randint(0, V);
    for (let t = 0; t < T; t++) {
      ids[t * B + b] = token;
      token = (token + 1 + (data.randomSample() < 0.1 ? 1 : 0)) % V;
      targets[t * B + b] = token;
    }
  }
  return { ids, targets };
};

const model = {
  backend,
  forward(batch: { ids: Int32Array; targets: Int32Array }) {
    const { output, hN, cN } = lstm.forward(batch.ids, B, carried.h, carried.c!);
    const value = loss.forward(head.forward(output), batch.targets);
    carried.carry(hN, cN);
    return value;
  },
  backward() {
    lstm.backward(head.backward(loss.backward()));
  },
};
const trainer = new Trainer(model, {
  parameters: [...lstm.parameters(), ...head.parameters()],
  lr: 0.02,
  clipNorm: 1,
  schedule: (step) => 0.02 * Math.min(1, (step + 1) / 3),
  resumables: { data, dropout, carried },
});
if (values.resume) {
  const bytes = await Deno.readFile(values.resume);
  trainer.restore(trainerStateFrom(decodeCheckpoint(bytes, values.resume), values.resume));
}
if (trainer.stepCount !== from) throw new Error(`at update ${trainer.stepCount}, expected ${from}`);
const losses: number[] = [];
while (trainer.stepCount < to) losses.push(trainer.step(nextBatch()).loss);
if (values.save) {
  await Deno.writeFile(values.save, encodeCheckpoint(trainerStateCheckpoint(trainer.state())));
}
const weights = trainer.parameters.flatMap((p) => [...p.value.data]);
console.log(JSON.stringify({ losses, weights }));
