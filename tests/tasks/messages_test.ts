// Messages that used to mislead, each as a user meets it: a system path as
// --out, a file as --out, and --help of the tasks that printed another's text
// or Deno's; bench:lab's percentages say what they are shares of.
import assert from "node:assert/strict";
import { runDenoTask as denoTask, runTask } from "../helpers/run_task.ts";

Deno.test("`--out /proc` says Deno refuses system paths, not that --allow-write is missing", async () => {
  const { code, stderr } = await runTask("lstm", "--out", "/proc", "--epochs", "1000");
  assert.equal(code, 1);
  assert.equal(
    stderr,
    "lstm: cannot write to --out '/proc': it is a system path, which Deno writes only with " +
      "--allow-all (--allow-write is not enough)\n",
  );
});

Deno.test("`export --out /proc/x.safetensors` does not claim that /proc is missing", async () => {
  const { code, stderr } = await runTask(
    "export",
    ...["--checkpoint", "model.ckpt", "--out", "/proc/x.safetensors"],
  );
  assert.equal(code, 1);
  assert.doesNotMatch(stderr, /does not exist/);
  assert.match(stderr, /^export: cannot write --out '\/proc\/x\.safetensors': it is a system path/);
});

Deno.test("`--out` naming an existing file says so, without the OS's raw text", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/a_file`;
    await Deno.writeTextFile(file, "");
    for (const task of ["lstm", "compare", "patterns"]) {
      const { code, stderr } = await runTask(task, "--out", file);
      assert.equal(code, 1, `${task}: ${stderr}`);
      assert.equal(
        stderr,
        `${task}: cannot write to --out '${file}': it is a file, not a directory\n`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("`deno task check:kernels --help` describes check:kernels, not build:kernels", async () => {
  const { code, stdout } = await denoTask("check:kernels", "--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: deno task check:kernels\n/);
  assert.match(stdout, /writing nothing/);
  const build = await denoTask("build:kernels", "--help");
  assert.match(build.stdout, /^Usage: deno task build:kernels\n/);
});

Deno.test("`deno task test --help` prints the project's test usage, not deno test's", async () => {
  const { code, stdout } = await denoTask("test", "--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: deno task test /);
  assert.match(stdout, /deno test --allow-read .* --doc \[arguments\]/);
  assert.doesNotMatch(stdout, /--coverage/, "deno test's own flags");
});

Deno.test("bench:lab says what its percentages are shares of and never prints '% of peak'", async () => {
  const { code, stdout, stderr } = await denoTask(
    "bench:lab",
    ...["--model", "rnn", "--epochs", "1", "--numpy", "none"],
  );
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stdout, /of peak/);
  const rates = stdout.match(/GFLOP\/s \(\d+% of W x alone\)/g) ?? [];
  assert.equal(rates.length, 4, stdout);
  assert.match(
    stdout,
    /^W x alone: the 200x54 matrix-vector kernel by itself runs at [\d.]+ GFLOP\/s/m,
  );
});
