// A run stopped, saved, and resumed in a fresh process gives the losses and
// weights of one that never stopped: the trainer's state holds the weights,
// Adam's moments and step, the schedule's position, the data stream's and
// dropout's generators and the state carried across batches.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../helpers/resume_run.ts", import.meta.url));

async function run(...args: string[]): Promise<{ losses: number[]; weights: number[] }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", script, ...args],
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  assert.equal(code, 0, text.decode(stderr));
  return JSON.parse(text.decode(stdout));
}

for (const [backend, tolerance] of [["reference", 0], ["wasm", 1e-6]] as const) {
  Deno.test(`8 updates straight equal 4, a saved state, a fresh process and 4 more on ${backend}`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const state = `${dir}/state.ckpt`;
      const straight = await run(backend, "0", "8");
      const first = await run(backend, "0", "4", "--save", state);
      const second = await run(backend, "4", "8", "--resume", state);
      const resumed = [...first.losses, ...second.losses];
      assert.equal(resumed.length, 8);
      assert.ok(straight.losses[7] < straight.losses[0], "the model learns something");
      const close = (a: number[], b: number[]) =>
        a.every((x, i) => Math.abs(x - b[i]) <= tolerance * (1 + Math.abs(b[i])));
      if (tolerance === 0) {
        assert.deepEqual(resumed, straight.losses);
        assert.deepEqual(second.weights, straight.weights);
      } else {
        assert.ok(close(resumed, straight.losses), `${resumed} vs ${straight.losses}`);
        assert.ok(close(second.weights, straight.weights));
      }
      // Not a vacuous match: resuming from the wrong place, or without the state, differs.
      const cold = await run(backend, "0", "4");
      assert.notDeepEqual(cold.losses, second.losses);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
