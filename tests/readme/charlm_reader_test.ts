// The README's PyTorch lines for a char-LM, taken from README.md and run as
// written on a model that `deno task charlm train` trained and `deno task
// export` wrote: the strict load must succeed and torch must compute our
// logits. Ignored where /usr/bin/python3 has no torch.
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../mod.ts";
import { loadCheckpoint } from "../../src/io/checkpoint.ts";
import { restoreCharModel } from "../../src/train/char_checkpoint.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { runTask } from "../helpers/run_task.ts";
import { fencedBlocks, readmeText } from "./readme_text.ts";
import { PYTHON as python, torchAvailable } from "../helpers/torch_available.ts";

Deno.test({
  name: "the README's PyTorch lines load an exported char-LM strictly and give our logits",
  ignore: !torchAvailable,
  fn: async () => {
    const block = fencedBlocks(readmeText())
      .find((b) =>
        b.info === "python" && b.lines.some((l) => l.includes('weights["decoder.weight"]'))
      );
    assert.ok(block, "README.md has no python block loading a char-LM");
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/play.txt`, "ROMEO:\nBut soft, what light!\n".repeat(30));
      const trained = await runTask(
        "charlm",
        "train",
        "--data",
        `${dir}/play.txt`,
        "--hidden",
        "16",
        "--batch-size",
        "4",
        "--seq-len",
        "8",
        "--max-iters",
        "20",
        "--eval-every",
        "20",
        "--out",
        dir,
        "--quiet",
      );
      assert.equal(trained.code, 0, trained.stderr);
      const exported = await runTask(
        "export",
        "--checkpoint",
        `${dir}/last.ckpt`,
        "--out",
        `${dir}/model.safetensors`,
      );
      assert.equal(exported.code, 0, exported.stderr);
      const script = [...block.lines, "print(json.dumps(net.decoder(out).reshape(-1).tolist()))"];
      await Deno.writeTextFile(`${dir}/reader.py`, script.join("\n"));
      const run = await new Deno.Command(python, { args: ["reader.py"], cwd: dir }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      const lines = new TextDecoder().decode(run.stdout).trim().split("\n");
      const theirs: number[] = JSON.parse(lines.at(-1)!);
      const path = `${dir}/last.ckpt`;
      const { model, vocabulary } = restoreCharModel(
        await loadCheckpoint(path),
        createReferenceBackend(),
        path,
      );
      const reader = model.reader();
      const ours = [...vocabulary.encode("ROMEO:")].flatMap((id) => [...reader.feed(id)]);
      assertClose(ours, theirs, { atol: 1e-5, rtol: 1e-5 }, "README's torch lines vs ours");
      // The block's own print: the most likely next character, as we see it too.
      const last = ours.slice(-vocabulary.size, -1);
      const best = vocabulary.decode([last.indexOf(Math.max(...last))]);
      assert.equal(lines[0], `'${best === "\n" ? "\\n" : best}'`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
