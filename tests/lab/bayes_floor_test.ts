// The Bayes floor by enumeration: a distribution that sums to one, agrees
// with the sampler's frequencies, and gives the lab's closed form on aⁿbⁿ.
import assert from "node:assert/strict";
import { NumpyRandom } from "../../mod.ts";
import {
  anbmcnm,
  anbn,
  anbnBayesFloorPerSequence,
  anbncn,
  dyck1,
  splitFloorPerToken,
  stringDistribution,
} from "../../src/lab/mod.ts";
import { encodeSequence } from "../../src/data/split.ts";
import { Vocabulary } from "../../src/data/vocabulary.ts";

Deno.test("the enumerated distributions of the counting languages sum to 1", () => {
  for (const language of [anbn, anbncn, anbmcnm]) {
    const strings = stringDistribution(language, [1, 11])!;
    const total = [...strings.values()].reduce((sum, p) => sum + p, 0);
    assert.ok(Math.abs(total - 1) < 1e-12, `${language.name}: ${total}`);
  }
  assert.equal(stringDistribution(dyck1, [1, 11]), null);
});

Deno.test("aⁿbᵐcⁿ⁺ᵐ's enumerated probabilities match 20,000 draws of its sampler within 4 σ", () => {
  const strings = stringDistribution(anbmcnm, [1, 11])!;
  const random = new NumpyRandom(3);
  const counts = new Map<string, number>();
  const draws = 20_000;
  for (let i = 0; i < draws; i++) {
    const key = anbmcnm.sample(random, random.randint(1, 12)).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) {
    const p = strings.get(key);
    assert.ok(p !== undefined, `${key} was drawn but not enumerated`);
    const sigma = Math.sqrt(draws * p * (1 - p));
    assert.ok(
      Math.abs(count - draws * p) <= 4 * sigma + 1,
      `${key}: ${count} drawn, ${draws * p} expected`,
    );
  }
});

Deno.test("on aⁿbⁿ the split floor is the lab's ln 11 per sequence over the split's tokens", () => {
  const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
  const words = [[..."aabb"], [..."ab"], [..."aaabbb"]].map((w) => [...w, "EOS"]);
  const split = words.map((w) => encodeSequence(w, vocabulary));
  const floor = splitFloorPerToken(stringDistribution(anbn, [1, 11]), split)!;
  const tokens = words.reduce((sum, w) => sum + w.length - 1, 0);
  assert.ok(Math.abs(floor - 3 * anbnBayesFloorPerSequence(1, 11) / tokens) < 1e-12);
  assert.throws(
    () => splitFloorPerToken(stringDistribution(anbn, [1, 2]), split),
    /'a a a b b b EOS' is not a string this language's sampler can draw/,
  );
});
