// PyTorch's side of bench:charlm (bench/pytorch/charlm.py) has defaults of its
// own; run by hand, it must train what `charlm train` trains by default, so
// its argparse defaults are read from its text and held to CHAR_DEFAULTS.
import assert from "node:assert/strict";
import { CHAR_DEFAULTS } from "../../src/train/char_training.ts";

const SCRIPT = new URL("../../bench/pytorch/charlm.py", import.meta.url);

/** `p.add_argument("--name", …, default=value)` lines, as name → value text. */
function argparseDefaults(text: string): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const match of text.matchAll(/add_argument\("--([\w-]+)"[^)]*default=([^,)]+)/g)) {
    defaults.set(match[1], match[2].trim().replace(/^"(.*)"$/, "$1"));
  }
  return defaults;
}

Deno.test("bench/pytorch/charlm.py's defaults are charlm train's", async () => {
  const defaults = argparseDefaults(await Deno.readTextFile(SCRIPT));
  const expected: Record<string, string | number> = {
    model: CHAR_DEFAULTS.cell,
    hidden: CHAR_DEFAULTS.hiddenSize,
    layers: CHAR_DEFAULTS.numLayers,
    dropout: CHAR_DEFAULTS.dropout,
    "batch-size": CHAR_DEFAULTS.batchSize,
    "seq-len": CHAR_DEFAULTS.seqLen,
    lr: CHAR_DEFAULTS.lr,
    warmup: CHAR_DEFAULTS.warmup,
    decay: CHAR_DEFAULTS.decayRate,
    "decay-after": CHAR_DEFAULTS.decayAfter,
    clip: CHAR_DEFAULTS.clip,
    "eval-every": CHAR_DEFAULTS.evalEvery,
    seed: CHAR_DEFAULTS.seed,
  };
  for (const [flag, value] of Object.entries(expected)) {
    const text = defaults.get(flag);
    assert.ok(text !== undefined, `charlm.py has no default for --${flag}`);
    const same = typeof value === "number" ? Number(text) === value : text === value;
    assert.ok(same, `--${flag}: charlm.py's default is ${text}, charlm train's ${value}`);
  }
});

Deno.test("the defaults' reader finds a default that differs", () => {
  const defaults = argparseDefaults(
    'p.add_argument("--lr", type=float, default=2e-3)\np.add_argument("--model", default="gru")',
  );
  assert.equal(Number(defaults.get("lr")), 2e-3);
  assert.notEqual(Number(defaults.get("lr")), CHAR_DEFAULTS.lr);
  assert.equal(defaults.get("model"), "gru");
});
