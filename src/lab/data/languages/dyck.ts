// Dyck languages: balanced brackets of one kind (Dyck-1, a counter) or two
// (Dyck-2, a stack). Size n is the nesting depth a string reaches.
import { EOS, type IntegerSource } from "../anbn.ts";
import { NumpyRandom } from "../../../data/numpy_random.ts";
import type { FormalLanguage } from "./language.ts";

const PAIRS = [["(", ")"], ["[", "]"]] as const;

// A balanced word of depth at most `depth`: zero, one or two bracketed
// children, each of depth at most depth − 1 (on average under one child per
// level, so words stay short).
function atMost(random: IntegerSource, depth: number, kinds: number): string[] {
  if (depth === 0) return [];
  const children = [0, 0, 1, 2][random.randint(0, 4)];
  const words: string[] = [];
  for (let i = 0; i < children; i++) {
    const [open, close] = PAIRS[random.randint(0, kinds)];
    words.push(open, ...atMost(random, depth - 1, kinds), close);
  }
  return words;
}

// A balanced word of depth exactly `depth`: a spine of nested pairs, each
// level sometimes with a shallower sibling before or after the deeper part.
function exactly(random: IntegerSource, depth: number, kinds: number): string[] {
  if (depth === 0) return [];
  const [open, close] = PAIRS[random.randint(0, kinds)];
  const before = random.randint(0, 4) === 0 ? atMost(random, depth - 1, kinds) : [];
  const inner = exactly(random, depth - 1, kinds);
  const after = random.randint(0, 4) === 0 ? atMost(random, depth - 1, kinds) : [];
  return [open, ...before, ...inner, ...after, close];
}

function dyck(kinds: 1 | 2): FormalLanguage {
  const pairs = PAIRS.slice(0, kinds);
  const opens: string[] = pairs.map(([open]) => open);
  const closing = new Map<string, string>(pairs.map(([open, close]) => [open, close]));
  const name = `dyck${kinds}`;
  return {
    name,
    title: `Dyck-${kinds}`,
    words: [...pairs.flat(), EOS],
    sizeMeaning: "nesting depth",
    sample: (random: IntegerSource, n: number) => {
      // Top-level words before or after the deepest one teach the return to depth 0.
      const before = random.randint(0, 3) === 0 ? atMost(random, n, kinds) : [];
      const after = random.randint(0, 3) === 0 ? atMost(random, n, kinds) : [];
      return [...before, ...exactly(random, n, kinds), ...after, EOS];
    },
    testStrings: (n: number) => {
      // The fully nested string (kinds alternating), then two drawn ones whose
      // generator is seeded by n, so that every run tests the same strings.
      const nested: string[] = [];
      for (let d = 0; d < n; d++) nested.push(PAIRS[d % kinds][0]);
      for (let d = n - 1; d >= 0; d--) nested.push(PAIRS[d % kinds][1]);
      const random = new NumpyRandom(1000 + n);
      return [
        [...nested, EOS],
        [...exactly(random, n, kinds), EOS],
        [...atMost(random, n, kinds), ...exactly(random, n, kinds), EOS],
      ];
    },
    legalNext: (words) => {
      const stack: string[] = [];
      const sets: ReadonlySet<string>[] = [];
      for (let t = 0; t < words.length - 1; t++) {
        const word = words[t];
        if (closing.has(word)) stack.push(word);
        else stack.pop();
        sets.push(
          new Set(stack.length === 0 ? [...opens, EOS] : [...opens, closing.get(stack.at(-1)!)!]),
        );
      }
      return sets;
    },
  };
}

/**
 * Dyck-1: balanced `(` `)`, EOS only at depth 0. A counter suffices.
 *
 * @example
 * ```ts
 * import { dyck1 } from "./dyck.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(dyck1.testStrings(2)[0], ["(", "(", ")", ")", "EOS"]);
 * assert.deepEqual([...dyck1.legalNext(["(", ")", "EOS"])[1]], ["(", "EOS"]);
 * ```
 */
export const dyck1: FormalLanguage = dyck(1);

/**
 * Dyck-2: balanced `(` `)` and `[` `]`; a closing bracket must match the
 * last open one, which needs a stack.
 *
 * @example
 * ```ts
 * import { dyck2 } from "./dyck.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(dyck2.testStrings(2)[0], ["(", "[", "]", ")", "EOS"]);
 * assert.deepEqual([...dyck2.legalNext(["(", "[", "]", ")", "EOS"])[1]], ["(", "[", "]"]);
 * ```
 */
export const dyck2: FormalLanguage = dyck(2);
