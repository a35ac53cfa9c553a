// The counting languages: aⁿbⁿ (the lab's), aⁿbⁿcⁿ and aⁿbᵐcⁿ⁺ᵐ. Each legal
// continuation follows from three counters over the prefix.
import { EOS, type IntegerSource } from "../anbn.ts";
import type { FormalLanguage } from "./language.ts";

const repeat = (word: string, count: number): string[] => Array(count).fill(word);

// The legal next words after each prefix, given a rule over the counts of a,
// b and c seen so far and the last word.
function legalFromCounts(
  words: readonly string[],
  rule: (counts: { a: number; b: number; c: number }, last: string) => string[],
): ReadonlySet<string>[] {
  const counts = { a: 0, b: 0, c: 0 };
  const sets: ReadonlySet<string>[] = [];
  for (let t = 0; t < words.length - 1; t++) {
    const word = words[t];
    if (word === "a" || word === "b" || word === "c") counts[word]++;
    sets.push(new Set(rule(counts, word)));
  }
  return sets;
}

/**
 * aⁿbⁿ EOS, n ≥ 1: the lab's language. Once the first b is read, the rest is forced.
 *
 * @example
 * ```ts
 * import { anbn } from "./counting.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(anbn.testStrings(2), [["a", "a", "b", "b", "EOS"]]);
 * assert.deepEqual(anbn.legalNext(["a", "b", "EOS"]).map((set) => [...set]), [["a", "b"], ["EOS"]]);
 * ```
 */
export const anbn: FormalLanguage = {
  name: "anbn",
  title: "aⁿbⁿ",
  words: ["a", "b", EOS],
  sizeMeaning: "n",
  sample: (_random: IntegerSource, n: number) => [...repeat("a", n), ...repeat("b", n), EOS],
  testStrings: (n: number) => [[...repeat("a", n), ...repeat("b", n), EOS]],
  legalNext: (words) =>
    legalFromCounts(words, ({ a, b }, last) => {
      if (last === "a") return ["a", "b"];
      return b < a ? ["b"] : [EOS];
    }),
};

/**
 * aⁿbⁿcⁿ EOS, n ≥ 1: two counts to keep, the first language beyond
 * context-free that an LSTM learned (Gers & Schmidhuber 2001).
 *
 * @example
 * ```ts
 * import { anbncn } from "./counting.ts";
 * import assert from "node:assert/strict";
 *
 * const words = anbncn.testStrings(1)[0];
 * assert.deepEqual(words, ["a", "b", "c", "EOS"]);
 * assert.deepEqual(anbncn.legalNext(words).map((set) => [...set]), [["a", "b"], ["c"], ["EOS"]]);
 * ```
 */
export const anbncn: FormalLanguage = {
  name: "anbncn",
  title: "aⁿbⁿcⁿ",
  words: ["a", "b", "c", EOS],
  sizeMeaning: "n",
  sample: (_random: IntegerSource, n: number) => anbncn.testStrings(n)[0],
  testStrings: (n: number) => [[...repeat("a", n), ...repeat("b", n), ...repeat("c", n), EOS]],
  legalNext: (words) =>
    legalFromCounts(words, ({ a, b, c }, last) => {
      if (last === "a") return ["a", "b"];
      if (last === "b") return b < a ? ["b"] : ["c"];
      return c < a ? ["c"] : [EOS];
    }),
};

/**
 * aⁿbᵐcⁿ⁺ᵐ EOS, n, m ≥ 1: the c's must match a sum. A string of size s has
 * one of its two counts equal to s (which one, by a coin) and the other drawn
 * from 1 … s; the test strings of size s are (s, s), (s, 1) and (1, s).
 *
 * @example
 * ```ts
 * import { anbmcnm } from "./counting.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(anbmcnm.testStrings(2)[1], ["a", "a", "b", "c", "c", "c", "EOS"]);
 * ```
 */
export const anbmcnm: FormalLanguage = {
  name: "anbmcnm",
  title: "aⁿbᵐcⁿ⁺ᵐ",
  words: ["a", "b", "c", EOS],
  sizeMeaning: "max(n, m)",
  sample: (random: IntegerSource, n: number) => {
    const m = random.randint(1, n + 1);
    const k = random.randint(1, n + 1);
    // One of the two counts is n itself, so that size n is what the string reaches.
    return random.randint(0, 2) === 0 ? anbmcnmString(n, m) : anbmcnmString(k, n);
  },
  testStrings: (n: number) => {
    const pairs = n === 1 ? [[1, 1]] : [[n, n], [n, 1], [1, n]];
    return pairs.map(([a, b]) => anbmcnmString(a, b));
  },
  legalNext: (words) =>
    legalFromCounts(words, ({ a, b, c }, last) => {
      if (last === "a") return ["a", "b"];
      if (last === "b") return ["b", "c"];
      return c < a + b ? ["c"] : [EOS];
    }),
};

function anbmcnmString(n: number, m: number): string[] {
  return [...repeat("a", n), ...repeat("b", m), ...repeat("c", n + m), EOS];
}
