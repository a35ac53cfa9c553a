// A run whose losses stay finite but end far above a uniform guess's is a
// failure, whichever task trained it: one line, exit code 1, and no
// checkpoint written over a good one.
import assert from "node:assert/strict";
import { runTask } from "../helpers/run_task.ts";

const DIVERGED =
  /Training diverged: after 2 epochs the final (best )?validation loss is [\d.]+ nats per token, more than 2× the 1\.386 \(ln 4\) of guessing uniformly/;

Deno.test("`deno task lstm --lr 1e6` says it diverged in one line, exits 1 and keeps the --save file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const save = `${dir}/model.ckpt`;
    await Deno.writeTextFile(save, "a good checkpoint");
    const { code, stdout, stderr } = await runTask(
      "lstm",
      ...["--lr", "1e6", "--epochs", "2", "--quiet", "--out", dir, "--save", save],
    );
    assert.equal(code, 1, `exit ${code}\n${stdout}`);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(stderr, new RegExp(`^lstm: ${DIVERGED.source}`));
    assert.equal(await Deno.readTextFile(save), "a good checkpoint");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("`deno task patterns --lr 1e6 --keep-last` stops with the same one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { code, stderr } = await runTask(
      "patterns",
      ...["--language", "anbn", "--model", "lstm", "--seed", "1", "--epochs", "2", "--lr", "1e6"],
      ...["--keep-last", "--sequences", "40", "--test", "12..13", "--hidden", "6", "--quiet"],
      ...["--out", dir],
    );
    assert.equal(code, 1, stderr);
    assert.equal(stderr.trim().split("\n").length, 1, stderr);
    assert.match(stderr, new RegExp(`^patterns: ${DIVERGED.source}`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
