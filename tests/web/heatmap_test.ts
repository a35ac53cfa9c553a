// The probe's picture: one rectangle per unit and step, the probabilities
// above, the counter marked — checked on a made-up probe whose unit 1 counts.
import assert from "node:assert/strict";
import { probeSvg, widestUnit } from "../../web/page/heatmap.ts";
import { runs } from "../../web/page/runs.ts";
import type { Probe } from "../../web/protocol.ts";

// a a b | b EOS: unit 1 climbs with each a and falls with each b; unit 0 barely moves.
function countingProbe(): Probe {
  const inputs = ["a", "a", "b", "b"];
  const counts = [1, 2, 1, 0];
  return {
    language: "anbn",
    n: 2,
    epoch: 7,
    words: ["a", "b", "EOS", "UNK"],
    prompt: ["a", "a", "b"],
    expected: ["b", "EOS"],
    generated: ["b", "EOS"],
    exact: true,
    steps: inputs.map((input, t) => ({
      input,
      fromPrompt: t < 3,
      probabilities: Float64Array.of(0.1, t < 2 ? 0.8 : 0.05, t < 2 ? 0.05 : 0.8, 0.05),
      hidden: Float64Array.of(0.01 * t, Math.tanh(counts[t])),
      cell: Float64Array.of(0.02, counts[t]),
    })),
  };
}

Deno.test("probeSvg() draws every unit at every step, the probabilities above, and marks the counter", () => {
  const svg = probeSvg(countingProbe(), "cell");
  assert.equal(svg.match(/class="unit"/g)?.length, 2 * 4);
  // P(a), P(b), P(EOS) — not P(UNK) — at every step.
  assert.equal(svg.match(/class="probability"/g)?.length, 3 * 4);
  assert.ok(!svg.includes("P(UNK)"));
  assert.match(svg, /data-steps="4" data-units="2"/);
  assert.match(svg, /◀ unit 1: widest range/);
  assert.match(svg, /cell state c from −2\.00/);
  assert.match(probeSvg(countingProbe(), "hidden"), /hidden state h from −0\.96/);
  assert.match(svg, /<title>unit 1, step 1: 2\.000<\/title>/);
});

Deno.test("widestUnit() picks the unit whose state spans most; runs() writes repeats as powers", () => {
  const rows = [Float64Array.of(0, 5, 1), Float64Array.of(0.5, -5, 1.5)];
  assert.deepEqual(widestUnit(rows), { unit: 1, range: 10 });
  assert.equal(runs([..."aaaaaaaaaaaab", "EOS"]), "a¹² b EOS");
  assert.equal(runs(["(", "[", "("]), "( [ (");
});
