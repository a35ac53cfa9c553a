// Flags that could start a run of days or say the same thing three ways:
// --epochs has an upper bound in every task that trains, and a learning rate
// that is not a number > 0 is refused in one wording, whatever it is.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runTask } from "../helpers/run_task.ts";

// --out names a file, so that a task that accepted the number would stop at
// once (exit 1) rather than train for days.
const NOT_A_DIRECTORY = `${fileURLToPath(new URL("../../README.md", import.meta.url))}/out`;

Deno.test("`--epochs 1e9` is refused in one line by every task that trains", async () => {
  const cases: [string, string, string[]][] = [
    ["rnn", "epochs", ["--out", NOT_A_DIRECTORY]],
    ["lstm", "epochs", ["--out", NOT_A_DIRECTORY]],
    ["nn", "epochs", ["--out", NOT_A_DIRECTORY]],
    ["gru", "epochs", ["--out", NOT_A_DIRECTORY]],
    ["patterns", "epochs", ["--out", NOT_A_DIRECTORY]],
    ["compare", "rnn-epochs", ["--out", NOT_A_DIRECTORY]],
    ["compare", "lstm-epochs", ["--out", NOT_A_DIRECTORY]],
    ["bench_lab", "epochs", ["--model", "none"]],
  ];
  for (const [task, flag, rest] of cases) {
    const { code, stdout, stderr } = await runTask(task, `--${flag}`, "1e9", ...rest);
    const name = task === "bench_lab" ? "bench:lab" : task;
    assert.equal(code, 2, `${task} --${flag} 1e9: exit ${code}\n${stderr}`);
    assert.equal(stdout, "");
    assert.match(
      stderr.split("\n")[0],
      new RegExp(`^${name}: --${flag} must be an integer from [01] to 100,000, got '1e9'$`),
    );
  }
});

Deno.test("`--lr nan`, `--lr -1` and `--lr 0` are refused in the same words", async () => {
  for (const task of ["lstm", "nn", "patterns"]) {
    for (const lr of ["nan", "-1", "0"]) {
      const { code, stderr } = await runTask(task, "--lr", lr, "--out", NOT_A_DIRECTORY);
      assert.equal(code, 2, `${task} --lr ${lr}: exit ${code}\n${stderr}`);
      assert.equal(stderr.split("\n")[0], `${task}: --lr must be a number > 0, got '${lr}'`);
    }
  }
});

Deno.test("`--decay-to` outside (0, 1] is refused in the same words as --lr", async () => {
  for (const value of ["0", "2", "nan"]) {
    const { code, stderr } = await runTask("nn", "--decay-to", value, "--out", NOT_A_DIRECTORY);
    assert.equal(code, 2, stderr);
    assert.equal(
      stderr.split("\n")[0],
      `nn: --decay-to must be a number > 0 and ≤ 1, got '${value}'`,
    );
  }
});
