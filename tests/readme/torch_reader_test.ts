// The README's stand-alone safetensors reader for PyTorch (Debian has no
// `safetensors` package), taken from README.md and run as written on a model
// that `deno task nn` trained and `deno task export` wrote: the strict load
// must succeed (the output layer has no bias) and torch must compute our
// probabilities. Ignored where /usr/bin/python3 has no torch.
import assert from "node:assert/strict";
import { getBackend, loadCheckpoint, restoreModel } from "../../mod.ts";
import { makeBatch } from "../../src/models/sequence_batch.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { runTask } from "../helpers/run_task.ts";
import { fencedBlocks, readmeText } from "./readme_text.ts";
import { PYTHON as python, torchAvailable } from "../helpers/torch_available.ts";

Deno.test({
  name:
    "the README's PyTorch reader loads an exported nn model strictly and gives our probabilities",
  ignore: !torchAvailable,
  fn: async () => {
    const reader = fencedBlocks(readmeText())
      .find((block) =>
        block.info === "python" && block.lines.some((l) => /def load_safetensors/.test(l))
      );
    assert.ok(reader, "README.md has no python block defining load_safetensors");
    const dir = await Deno.makeTempDir();
    try {
      const ckpt = `${dir}/model.ckpt`;
      const trained = await runTask(
        "nn",
        ...["--epochs", "1", "--hidden", "50", "--quiet", "--out", dir, "--save", ckpt],
      );
      assert.equal(trained.code, 0, trained.stderr);
      const exported = await runTask(
        "export",
        "--checkpoint",
        ckpt,
        "--out",
        `${dir}/model.safetensors`,
      );
      assert.equal(exported.code, 0, exported.stderr);
      const tokens = [0, 0, 0, 1, 1, 1];
      // The README's block as it stands, then the logits of one sequence (T, B = 1, 4).
      const script = [
        ...reader.lines,
        `x = torch.eye(4)[${JSON.stringify(tokens)}].unsqueeze(1)`,
        "print(json.dumps(net.l_out(net.lstm(x)[0]).squeeze(1).tolist()))",
      ].join("\n");
      await Deno.writeTextFile(`${dir}/reader.py`, script);
      const run = await new Deno.Command(python, { args: ["reader.py"], cwd: dir }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      const logits: number[][] = JSON.parse(new TextDecoder().decode(run.stdout));
      const logProbabilities = logits.flatMap((row) => {
        const max = Math.max(...row);
        const sum = row.reduce((total, value) => total + Math.exp(value - max), 0);
        return row.map((value) => value - max - Math.log(sum));
      });
      const { model } = restoreModel(await loadCheckpoint(ckpt), getBackend("reference"), ckpt);
      model.forward(makeBatch([{
        words: [],
        inputs: Int32Array.from(tokens),
        targets: Int32Array.from([0, 0, 1, 1, 1, 2]),
      }]));
      const ours = [...model.probabilities.data].map(Math.log);
      assertClose(logProbabilities, ours, { atol: 1e-5, rtol: 1e-5 }, "torch vs ours");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
