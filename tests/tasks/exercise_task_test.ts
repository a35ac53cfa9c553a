// deno task exercise as a student uses it, in a fresh copy of the blanks (a
// temporary folder, never exercises/ itself), and `train lstm` on the
// library's solutions against deno task lstm.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runTaskWith } from "../helpers/run_task.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-env=INIT_CWD"];
const exercise = (...args: string[]) => runTaskWith(PERMISSIONS, "exercise", ...args);

/** A student's folder: the blanks, and their pristine copies in .blanks/. */
async function freshFolder(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "exercises_" });
  await Deno.mkdir(`${dir}/.blanks`);
  for (const entry of Deno.readDirSync(`${ROOT}exercises/.blanks`)) {
    await Deno.copyFile(`${ROOT}exercises/.blanks/${entry.name}`, `${dir}/.blanks/${entry.name}`);
    await Deno.copyFile(`${ROOT}exercises/.blanks/${entry.name}`, `${dir}/${entry.name}`);
  }
  return dir;
}

Deno.test("exercise check, hint, list, solution and reset, on a student's folder with a seeded mistake", async () => {
  const dir = await freshFolder();
  try {
    // A student's rnnBackward that forgets to carry the gradient back in time.
    const mistake = await Deno.readTextFile(
      `${ROOT}tests/fixtures/exercises/mistakes/d_no_bptt.ts`,
    );
    await Deno.writeTextFile(`${dir}/d_rnn_backward.ts`, mistake.replaceAll("../solutions/", "./"));
    const checked = await exercise("check", "d", "--dir", dir);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(
      checked.stdout,
      /✗ rnnBackward with a loss at the last step only: the first input's column of dU is 0/,
    );
    assert.match(checked.stdout, /U\[0, 3\]: expected [-\d.e]+, got 0/);
    assert.match(checked.stdout, /Diagnosis: the gradient is not carried to the previous step/);
    assert.match(checked.stdout, /Stuck\? deno task exercise hint d \(0 of 3 hints used\)/);

    await exercise("hint", "d", "--dir", dir);
    const hinted = await exercise("hint", "D", "--dir", dir);
    assert.match(hinted.stdout, /Hint 1 of 3: [^\n]+\nHint 2 of 3 \(new\): /);
    const listed = await exercise("list", "--dir", dir);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^D +\S+d_rnn_backward\.ts +not yet +2 of 3 /m);
    assert.match(listed.stdout, /^0 +\S+0_gradient_check\.ts +not checked +0 of 3 /m);
    const progress = JSON.parse(await Deno.readTextFile(`${dir}/.progress.json`));
    assert.deepEqual([progress.exercises.d.passed, progress.exercises.d.hints], [false, 2]);

    const shown = await exercise("solution", "d", "--dir", dir);
    assert.match(shown.stdout, /── src\/lab\/models\/rnn\.ts, RNN\.backward: /);
    assert.match(shown.stdout, /\n {2}backward\(\): void \{\n/);
    assert.match(shown.stdout, /── tests\/fixtures\/exercises\/solutions\/d_rnn_backward\.ts: /);

    const reset = await exercise("reset", "d", "--dir", dir);
    const backup = /your version is in (\S+\.bak)\./.exec(reset.stdout)?.[1];
    assert.ok(backup, reset.stdout + reset.stderr);
    assert.equal(await Deno.readTextFile(backup), mistake.replaceAll("../solutions/", "./"));
    assert.equal(
      await Deno.readTextFile(`${dir}/d_rnn_backward.ts`),
      await Deno.readTextFile(`${ROOT}exercises/.blanks/d_rnn_backward.ts`),
    );
    assert.match((await exercise("reset", "d", "--dir", dir)).stdout, /is the blank already/);

    const handedOut = await exercise("check", "j", "--dir", dir);
    assert.equal(handedOut.code, 1);
    assert.match(handedOut.stdout, /Diagnosis: defect 1 of the lab's backward/);
    assert.match(handedOut.stdout, /with defects 1, 2, 3 and\s+4/);

    const untrained = await exercise("train", "lstm", "--dir", dir);
    assert.equal(untrained.code, 1);
    assert.match(
      untrained.stderr,
      /exercise train lstm: your LSTM needs exercises H–I and J to pass first/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("exercise refuses unknown names, commands and flags in one line, with exit code 2", async () => {
  for (
    const [args, message] of [
      [["check", "z"], /there is no exercise 'z'/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["check", "d", "--bogus"], /Unknown option '--bogus'/],
      [["train", "gru"], /train needs rnn or lstm, got 'gru'/],
      [["train", "lstm", "--save", "x.ckpt"], /--save is for deno task lstm/],
    ] as const
  ) {
    const result = await exercise(...args);
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split("\n").length, 2, result.stderr);
  }
  const help = await exercise("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task exercise COMMAND/);
});

Deno.test("`exercise train lstm` with the library's solutions reproduces `deno task lstm --backend reference` (one epoch)", async () => {
  const out = await Deno.makeTempDir();
  try {
    const common = ["--epochs", "1", "--extrapolate", "12", "--json", "--out", out];
    const [student, library] = await Promise.all([
      exercise("train", "lstm", "--dir", `${ROOT}tests/fixtures/exercises/solutions`, ...common),
      runTaskWith(PERMISSIONS, "lstm", "--backend", "reference", ...common),
    ]);
    assert.equal(student.code, 0, student.stderr);
    assert.equal(library.code, 0, library.stderr);
    const [a, b] = [JSON.parse(student.stdout), JSON.parse(library.stdout)];
    assert.equal(a.backend, "reference");
    for (const split of ["train", "validation", "test"]) {
      assert.ok(
        Math.abs(a.metrics[split].meanTokenNll - b.metrics[split].meanTokenNll) <= 1e-9,
        split,
      );
    }
    assert.ok(Math.abs(a.epochs[0].validationLoss - b.epochs[0].validationLoss) <= 1e-9);
    assert.deepEqual([a.freestyle, a.extrapolation, a.testExample], [
      b.freestyle,
      b.extrapolation,
      b.testExample,
    ]);
    assert.ok((await Deno.stat(`${out}/exercise_lstm_loss.svg`)).isFile);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
