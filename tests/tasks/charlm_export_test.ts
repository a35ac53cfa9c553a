// A char-LM checkpoint exported by `deno task export` loads with
// load_state_dict(strict=True) into PyTorch's modules and gives our logits.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createReferenceBackend } from "../../mod.ts";
import { loadCheckpoint } from "../../src/io/checkpoint.ts";
import { restoreCharModel } from "../../src/train/char_checkpoint.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { runTask } from "../helpers/run_task.ts";
import { PYTHON as python, torchAvailable } from "../helpers/torch_available.ts";

const ids = [3, 1, 4, 1, 5, 9, 2, 6];

for (const [model, embedding] of [["lstm", "0"], ["gru", "5"], ["rnn", "0"]]) {
  Deno.test({
    name:
      `live round trip: PyTorch loads an exported char-${model} (embedding ${embedding}) and gives our logits to 1e-5`,
    ignore: !torchAvailable,
    fn: async () => {
      const dir = await Deno.makeTempDir();
      try {
        await Deno.writeTextFile(`${dir}/text.txt`, "abcdefghij, klmnop!\n".repeat(20));
        const trained = await runTask(
          "charlm",
          "train",
          "--data",
          `${dir}/text.txt`,
          "--model",
          model,
          "--embedding",
          embedding,
          "--hidden",
          "8",
          "--layers",
          "2",
          "--batch-size",
          "2",
          "--seq-len",
          "8",
          "--max-iters",
          "3",
          "--eval-every",
          "3",
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
        const helper = fileURLToPath(new URL("../helpers/torch_charlm.py", import.meta.url));
        const { code, stdout, stderr } = await new Deno.Command(python, {
          args: [helper, `${dir}/model.safetensors`, ...ids.map(String)],
        }).output();
        assert.equal(code, 0, new TextDecoder().decode(stderr));
        const theirs: number[] = JSON.parse(new TextDecoder().decode(stdout)).logits;
        const path = `${dir}/last.ckpt`;
        const ours = restoreCharModel(await loadCheckpoint(path), createReferenceBackend(), path);
        const reader = ours.model.reader();
        const logits = ids.flatMap((id) => [...reader.feed(id)]);
        assertClose(logits, theirs, { atol: 1e-5, rtol: 1e-5 }, `char-${model} logits vs torch`);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
