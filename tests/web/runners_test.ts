// The worker's runners without a browser: what the page is told, in order,
// when it trains, pauses, probes, resets, downloads and loads.
import assert from "node:assert/strict";
import { decodeCheckpoint, getBackend } from "../../mod.ts";
import { restoreCharModel } from "../../src/train/char_checkpoint.ts";
import { labDefaults, LabRunner } from "../../web/worker/lab_runner.ts";
import { CharRunner } from "../../web/worker/char_runner.ts";
import type { FromWorker } from "../../web/protocol.ts";

const until = async (condition: () => boolean, what: string) => {
  const deadline = performance.now() + 20_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

Deno.test("the lab runner trains epoch by epoch, stops at Pause between two, and probes the current weights", async () => {
  const told: FromWorker[] = [];
  const lab = new LabRunner((message) => told.push(message));
  const settings = { ...labDefaults("lstm", "anbn"), hiddenSize: 8, epochs: 30 };
  const epochs = () => told.filter((m) => m.type === "lab:epoch").length;
  lab.train(settings);
  await until(() => epochs() >= 3, "three epochs");
  lab.pause();
  const paused = epochs();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(epochs() <= paused + 1, "no epochs after Pause but the one under way");
  lab.train(settings); // the same settings resume the same model
  await until(() => told.some((m) => m.type === "lab:state" && m.state === "done"), "done");
  assert.equal(epochs(), 30);
  assert.equal(told.filter((m) => m.type === "lab:started").length, 1);
  lab.probe(5);
  const probe = told.findLast((m) => m.type === "lab:probe");
  assert.ok(probe?.type === "lab:probe" && probe.probe.n === 5 && probe.probe.epoch === 30);
  assert.deepEqual(probe.probe.prompt, ["a", "a", "a", "a", "a", "b"]);
  lab.checkpoint();
  const file = told.findLast((m) => m.type === "file");
  assert.ok(file?.type === "file" && file.name === "lab_lstm_epoch30.ckpt");
  lab.reset();
  assert.throws(() => lab.checkpoint(), /There is no model yet: press Train first/);
});

Deno.test("the char runner holds at Pause, refuses a load while training, and writes the CLI's checkpoint", async () => {
  const told: FromWorker[] = [];
  const char = new CharRunner((message) => told.push(message));
  const settings = {
    cell: "gru" as const,
    hiddenSize: 8,
    numLayers: 1,
    batchSize: 2,
    seqLen: 8,
    lr: 0.01,
    maxIters: 100_000,
    evalEvery: 10,
    seed: 1,
    backend: "wasm" as const,
  };
  const sample = { temperature: 0.8, topK: 0, length: 20, prime: "", seed: 0 };
  assert.throws(() => char.checkpoint(), /There is no model yet/);
  const training = char.train("abcabcabd ".repeat(30), settings, sample);
  await until(() => told.some((m) => m.type === "char:evaluation"), "the first evaluation");
  char.pause();
  assert.throws(() => char.load("x.ckpt", new Uint8Array(8), "wasm"), /Stop the training before/);
  const evaluations = () => told.filter((m) => m.type === "char:evaluation").length;
  const held = evaluations();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(evaluations(), held, "paused means no more updates");
  char.resume();
  await until(() => evaluations() > held, "an evaluation after Resume");
  char.stop();
  await training;
  assert.ok(told.some((m) => m.type === "char:state" && m.state === "done"));
  const iterations = told.findLast((m) => m.type === "char:step");
  assert.ok(iterations?.type === "char:step" && iterations.step.iter < 100_000, "Stop ended it");
  assert.ok(told.filter((m) => m.type === "char:sample").length >= held + 1);
  char.checkpoint();
  const file = told.findLast((m) => m.type === "file");
  assert.ok(file?.type === "file" && file.name === `charlm_iter${iterations.step.iter}.ckpt`);
  const restored = restoreCharModel(
    decodeCheckpoint(file.bytes, file.name),
    getBackend("wasm"),
    file.name,
  );
  assert.equal(restored.trainer?.step, iterations.step.iter);
  char.load(file.name, file.bytes, "reference");
  const loaded = told.findLast((m) => m.type === "char:loaded");
  assert.ok(
    loaded?.type === "char:loaded" && loaded.kind === "char-gru" &&
      loaded.iterations === iterations.step.iter,
  );
  assert.equal(told.at(-1)?.type, "char:sample");
});
