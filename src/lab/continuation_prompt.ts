// Which part of a test string to give a model as a prompt so that the rest
// tests whether it counts: everything up to the last free choice (aⁿ b for
// aⁿbⁿ — after it, n − 1 b's and EOS are forced), or, where every step leaves
// a choice (Dyck: an opening bracket is always legal), the opening half of
// the fully nested string, after which closing in the right order is the test.
import type { FormalLanguage } from "./data/languages/language.ts";

/** A prompt and the continuation that a model which counts gives. */
export interface ContinuationPrompt {
  prompt: string[];
  /** The rest of the test string, EOS included. */
  expected: string[];
}

/**
 * The prompt and expected continuation for size `n` of `language`, cut from
 * its first test string.
 *
 * @example aⁿbⁿ gives the lab's aⁿ b; Dyck-1 the opening brackets
 * ```ts
 * import { continuationPrompt } from "./continuation_prompt.ts";
 * import { anbn, dyck1 } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(continuationPrompt(anbn, 3), { prompt: ["a", "a", "a", "b"], expected: ["b", "b", "EOS"] });
 * assert.deepEqual(continuationPrompt(dyck1, 2).prompt, ["(", "("]);
 * ```
 */
export function continuationPrompt(language: FormalLanguage, n: number): ContinuationPrompt {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`The size of a prompt must be a positive integer, got ${n}`);
  }
  const words = language.testStrings(n)[0];
  const legal = language.legalNext(words);
  // legal[t] is the set of words that may follow words[0 … t].
  let lastChoice = -1;
  legal.forEach((set, t) => {
    if (set.size > 1) lastChoice = t;
  });
  const forcedRest = lastChoice < legal.length - 1;
  const cut = forcedRest ? lastChoice + 2 : Math.floor((words.length - 1) / 2);
  return { prompt: words.slice(0, cut), expected: words.slice(cut) };
}
