// The rnn task as a user runs it: --json is one line and identical for the
// same seed apart from timings; a bad flag is one line and exit code 2.
import assert from "node:assert/strict";
import { runTask } from "../helpers/run_task.ts";

const run = (...args: string[]) => runTask("rnn", ...args);

Deno.test("deno task rnn --json prints one line, identical for the same seed apart from timings", async () => {
  const out = await Deno.makeTempDir();
  try {
    const args = ["--epochs", "3", "--hidden", "8", "--json", "--out", out];
    const [first, second] = [await run(...args), await run(...args)];
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const strip = (text: string) => {
      const summary = JSON.parse(text);
      delete summary.timing;
      return summary;
    };
    assert.deepEqual(strip(second.stdout), strip(first.stdout));
    const summary = JSON.parse(lines[0]);
    assert.equal(summary.epochs.length, 3);
    assert.equal(summary.config.seed, 42);
    assert.ok(summary.timing.trainTokensPerSecond > 0);
    assert.ok((await Deno.stat(`${out}/rnn_loss.svg`)).size > 1000);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno task rnn refuses a bad flag with one line and exit code 2", async () => {
  for (const args of [["--lr", "abc"], ["--backend", "gpu"], ["--epochs", "-3"], ["--bogus"]]) {
    const { code, stdout, stderr } = await run(...args);
    assert.equal(code, 2, `${args.join(" ")}: exit ${code}`);
    assert.equal(stdout, "");
    assert.ok(!stderr.includes("    at "), `a stack trace for ${args.join(" ")}:\n${stderr}`);
    assert.match(stderr.split("\n")[0], /^rnn: /);
  }
});

Deno.test("deno task lstm --json reports the extrapolation test and is reproducible", async () => {
  const out = await Deno.makeTempDir();
  try {
    const args = [
      "--epochs",
      "2",
      "--hidden",
      "6",
      "--extrapolate",
      "12,15",
      "--json",
      "--out",
      out,
    ];
    const [first, second] = [await runTask("lstm", ...args), await runTask("lstm", ...args)];
    assert.equal(first.code, 0, first.stderr);
    const strip = (text: string) => {
      const summary = JSON.parse(text);
      delete summary.timing;
      return summary;
    };
    assert.deepEqual(strip(second.stdout), strip(first.stdout));
    const summary = JSON.parse(first.stdout);
    assert.deepEqual(summary.extrapolation.cases.map((c: { n: number }) => c.n), [12, 15]);
    assert.equal(summary.task, "lstm");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno task compare writes one two-panel plot and a line per model", async () => {
  const out = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await runTask(
      "compare",
      "--rnn-epochs",
      "2",
      "--lstm-epochs",
      "2",
      "--hidden",
      "6",
      "--out",
      out,
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^RNN /m);
    assert.match(stdout, /^LSTM /m);
    const svg = await Deno.readTextFile(`${out}/compare.svg`);
    assert.equal(svg.match(/<svg /g)?.length, 3, "an outer SVG holding two charts");
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

for (const task of ["nn", "gru"]) {
  Deno.test(`deno task ${task} --json is reproducible and learns in a few epochs`, async () => {
    const out = await Deno.makeTempDir();
    try {
      const args = [
        "--epochs",
        "6",
        "--decay-epochs",
        "2",
        "--hidden",
        "12",
        "--extrapolate",
        "12",
        "--json",
        "--out",
        out,
      ];
      const [first, second] = [await runTask(task, ...args), await runTask(task, ...args)];
      assert.equal(first.code, 0, first.stderr);
      const strip = (text: string) => {
        const summary = JSON.parse(text);
        delete summary.timing;
        return summary;
      };
      assert.deepEqual(strip(second.stdout), strip(first.stdout));
      const summary = JSON.parse(first.stdout);
      assert.equal(summary.config.optimizer, "adam");
      const [start, end] = [
        summary.epochs[0].validationTokenNll,
        summary.metrics.validation.meanTokenNll,
      ];
      assert.ok(end < 0.6 * start, `validation NLL per token went from ${start} to ${end}`);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  });
}

Deno.test("training flags refuse an unknown optimizer and a decay longer than training", async () => {
  for (
    const args of [["--optimizer", "rmsprop"], ["--epochs", "5", "--decay-epochs", "9"], [
      "--decay-to",
      "2",
    ]]
  ) {
    const { code, stderr } = await runTask("nn", ...args);
    assert.equal(code, 2, `${args.join(" ")}: exit ${code}`);
    assert.match(stderr.split("\n")[0], /^nn: /);
  }
});
