// `kill -9` on the `deno task` process cannot be passed on to the task it
// started; the training task notices that its parent has gone and stops
// instead of training on, re-parented, with nobody to stop it.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The process ids whose parent is `pid` (ps from procps). */
async function childrenOf(pid: number): Promise<number[]> {
  const { stdout } = await new Deno.Command("ps", { args: ["-o", "pid=", "--ppid", String(pid)] })
    .output();
  return new TextDecoder().decode(stdout).split("\n").filter((line) => line.trim()).map(Number);
}

/** Whether `pid` is a live process (not gone, not a zombie). */
async function alive(pid: number): Promise<boolean> {
  const { code, stdout } = await new Deno.Command("ps", {
    args: ["-o", "stat=", "-p", String(pid)],
  })
    .output();
  return code === 0 && !new TextDecoder().decode(stdout).trim().startsWith("Z");
}

Deno.test({
  name: "a training task stops within seconds when its `deno task` process is killed with SIGKILL",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const out = await Deno.makeTempDir();
    const task = new Deno.Command(Deno.execPath(), {
      args: ["task", "lstm", "--epochs", "100000", "--hidden", "8", "--out", out],
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = task.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const stderr = (async () => {
      let text = "";
      for await (const chunk of task.stderr.pipeThrough(new TextDecoderStream())) text += chunk;
      return text;
    })();
    let trainer: number | undefined;
    try {
      let said = "";
      while (!said.includes("Epoch 1,")) {
        const { value, done } = await stdout.read();
        if (done) break;
        said += value;
      }
      assert.match(said, /Epoch 1,/, "the task never started training");
      [trainer] = await childrenOf(task.pid);
      assert.ok(trainer, "deno task has no child process");
      task.kill("SIGKILL");
      await task.status;
      const deadline = performance.now() + 10_000;
      while ((await alive(trainer)) && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(!(await alive(trainer)), `the training process ${trainer} runs on, orphaned`);
      assert.match(
        await stderr,
        /lstm: stopped: the 'deno task' process that started this run has gone/,
      );
    } finally {
      if (trainer && await alive(trainer)) Deno.kill(trainer, "SIGKILL");
      await stdout.cancel().catch(() => {});
      await stderr.catch(() => {});
      await Deno.remove(out, { recursive: true });
    }
  },
});
