// bench:floor as a user runs it: it compiles and checks its probe, times the
// products and the epoch of the lab's own data, and refuses bad flags.
import assert from "node:assert/strict";
import { runTaskWith } from "../helpers/run_task.ts";

const run = (...args: string[]) =>
  runTaskWith(["--allow-read", "--allow-env", "--allow-sys"], "bench_floor", ...args);

Deno.test("deno task bench:floor --json: products priced at the ceiling give a floor below the epoch", async () => {
  const { code, stdout, stderr } = await run("--rounds", "2", "--pytorch-ms", "200", "--json");
  assert.equal(code, 0, stderr);
  const report = JSON.parse(stdout.trim());
  assert.ok(Number.isFinite(report.ceilingGflops) && report.ceilingGflops > 0.1);
  assert.equal(report.model, "lstm");
  assert.deepEqual(report.products.map((part: { name: string }) => part.name.split(",")[0]), [
    "gates forward",
    "back through h",
    "weight gradient",
  ]);
  // The lab's training split: 204 sequences, 2,448 input tokens.
  assert.equal(report.tokensPerEpoch, 2448);
  assert.equal(report.meanSteps, 12);
  for (const part of report.products) assert.ok(part.microseconds > 0 && part.gflops > 0.1);
  // The epoch holds more than its products (cells, output layer, update).
  assert.ok(report.restMicrosecondsPerToken > 0, JSON.stringify(report));
  assert.ok(report.floorMs > 0);
  assert.equal(report.fortyTimesPytorchMs, 5);
});

Deno.test("deno task bench:floor --model nn adds the input's products", async () => {
  const { code, stdout, stderr } = await run("--model", "nn", "--rounds", "1", "--json");
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(stdout.trim()).products.length, 6);
});

Deno.test("deno task bench:floor refuses a bad flag with one line and exit code 2", async () => {
  for (const args of [["--model", "gru"], ["--pytorch-ms", "0"], ["--rounds", "x"], ["--bogus"]]) {
    const { code, stdout, stderr } = await run(...args);
    assert.equal(code, 2, `${args.join(" ")}: exit ${code}`);
    assert.equal(stdout, "");
    assert.match(stderr.split("\n")[0], /^bench:floor: /);
  }
});
