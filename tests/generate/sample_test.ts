import assert from "node:assert/strict";
import { sample } from "../../src/generate/sample.ts";

// Frequencies of each token over `count` evenly spaced coins: the exact
// distribution sample() draws from, with no randomness in the test.
function frequencies(logits: number[], options = {}, count = 100_000): number[] {
  const counts = new Array(logits.length).fill(0);
  for (let i = 0; i < count; i++) counts[sample(logits, (i + 0.5) / count, options)]++;
  return counts.map((n) => n / count);
}

function softmax(logits: number[], temperature = 1): number[] {
  const top = Math.max(...logits);
  const weights = logits.map((l) => Math.exp((l - top) / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / total);
}

const LOGITS = [0.5, -1, 2, 0, 1.5];

Deno.test("sample() draws each token with probability softmax(logits / T)", () => {
  for (const temperature of [1, 0.5, 2]) {
    const expected = softmax(LOGITS, temperature);
    frequencies(LOGITS, { temperature }).forEach((f, i) =>
      assert.ok(
        Math.abs(f - expected[i]) < 1e-4,
        `T=${temperature} token ${i}: ${f} vs ${expected[i]}`,
      )
    );
  }
});

Deno.test("sample() at temperature 0 is greedy whatever the coin, the first index on ties", () => {
  for (const coin of [0, 0.3, 0.999]) {
    assert.equal(sample(LOGITS, coin, { temperature: 0 }), 2);
    assert.equal(sample([1, 4, 4], coin, { temperature: 0 }), 1);
  }
});

Deno.test("sample() with topK keeps the k most likely tokens, renormalised", () => {
  const expected = softmax([2, 1.5]);
  const f = frequencies(LOGITS, { topK: 2 });
  assert.deepEqual(f.map((x, i) => x > 0 ? i : -1).filter((i) => i >= 0), [2, 4]);
  assert.ok(Math.abs(f[2] - expected[0]) < 1e-4 && Math.abs(f[4] - expected[1]) < 1e-4);
});

Deno.test("sample() with topP keeps the smallest most-likely set of mass ≥ p", () => {
  const p = softmax(LOGITS); // token 2: 0.43, token 4: 0.26, token 0: 0.16, …
  const nucleus = (p[2] + p[4]) - 1e-9; // just reached by tokens 2 and 4
  const f = frequencies(LOGITS, { topP: nucleus });
  assert.deepEqual(f.map((x, i) => x > 0 ? i : -1).filter((i) => i >= 0), [2, 4]);
  const wider = frequencies(LOGITS, { topP: p[2] + p[4] + 0.01 });
  assert.equal(wider.filter((x) => x > 0).length, 3);
  assert.equal(frequencies(LOGITS, { topP: 0.01 }).filter((x) => x > 0).length, 1);
});

Deno.test("sample() never draws a token of probability zero (−∞ logit)", () => {
  const f = frequencies([-Infinity, 0, -Infinity, 0], {}, 10_000);
  assert.deepEqual([f[0], f[2]], [0, 0]);
});

Deno.test("sample() refuses a bad coin, temperature, topK, topP or no finite logit", () => {
  assert.throws(() => sample(LOGITS, 1), /coin must be in \[0, 1\)/);
  assert.throws(() => sample(LOGITS, 0.5, { temperature: -1 }), /temperature/);
  assert.throws(() => sample(LOGITS, 0.5, { topK: 0 }), /topK/);
  assert.throws(() => sample(LOGITS, 0.5, { topP: 0 }), /topP/);
  assert.throws(() => sample([NaN, NaN], 0.5), /no distribution/);
  assert.throws(() => sample([], 0.5), /no logits/);
});
