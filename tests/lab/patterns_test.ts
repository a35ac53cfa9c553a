// The counting study: a short training run learns, is reproducible for a
// seed, and reports what it measured consistently.
import assert from "node:assert/strict";
import { anbn } from "../../src/lab/data/languages/mod.ts";
import { getBackend } from "../../src/backends/get_backend.ts";
import { PATTERN_DEFAULTS, runPattern, summarize } from "../../src/lab/patterns.ts";

Deno.test("a short classic-protocol run with a peephole LSTM learns aⁿbⁿ in range", () => {
  const result = runPattern(getBackend("wasm"), {
    ...PATTERN_DEFAULTS,
    language: anbn,
    model: "lstm",
    seed: 2,
    epochs: 15,
    hiddenSize: 8,
    sequences: 80,
    testSizes: [12, 14],
    decayEpochs: 5,
    protocol: "classic",
    peephole: true,
  });
  assert.equal(result.inRangeAccuracy, 1);
  assert.ok(result.validationTokenNll < 0.05, `BCE per token ${result.validationTokenNll}`);
  assert.equal(result.peephole, true);
});

Deno.test("a short run on aⁿbⁿ learns, and the same seed gives the same result", () => {
  const config = {
    ...PATTERN_DEFAULTS,
    language: anbn,
    model: "lstm" as const,
    seed: 3,
    epochs: 12,
    hiddenSize: 12,
    sequences: 80,
    testSizes: [12, 20] as [number, number],
    decayEpochs: 4,
  };
  const backend = getBackend("wasm");
  const untrained = runPattern(backend, { ...config, epochs: 0 });
  const first = runPattern(backend, config);
  const second = runPattern(backend, config);
  // An untrained network does not get the forced b's right; a trained one gets every in-range string.
  assert.equal(untrained.inRangeAccuracy, 0);
  assert.equal(first.inRangeAccuracy, 1);
  assert.ok(first.validationTokenNll < untrained.validationTokenNll / 2);
  assert.ok(first.largestExact >= 11);
  assert.deepEqual({ ...first, seconds: 0 }, { ...second, seconds: 0 });
  // With a gap in the tested sizes, counting stops at the gap, whatever lies beyond it.
  const gapped = runPattern(backend, { ...config, testSizes: [13, 14] });
  assert.deepEqual(gapped.bySize.slice(-2).map((s) => s.size), [13, 14]);
  assert.equal(gapped.largestExact, Math.min(11, first.largestExact));
  assert.ok(gapped.bySize.slice(-2).every((s) => s.right === s.total), "13 and 14 are right");
  assert.deepEqual(first.bySize.map((s) => s.size), Array.from({ length: 20 }, (_, i) => i + 1));
  const exactSizes = first.bySize.filter((s) => s.size <= first.largestExact);
  assert.ok(exactSizes.every((s) => s.right === s.total));
});

Deno.test("summarize() gives the median and range over seeds", () => {
  assert.deepEqual(summarize([15, 20, 20, 30, 12]), { median: 20, min: 12, max: 30 });
  assert.deepEqual(summarize([1, 4]), { median: 2.5, min: 1, max: 4 });
});
