// The Bayes floor of a language's training data, found by enumerating every
// path of the sampler: the study draws a size uniformly, then the language's
// `sample` makes its own integer draws, so a string's exact probability is
// the sum over the draw sequences that produce it. Where that tree is small
// (the counting languages: one path per size for aⁿbⁿ and aⁿbⁿcⁿ, 2n² for
// aⁿbᵐcⁿ⁺ᵐ) the floor is exact; where it is not (the Dyck languages' recursive
// sampler) there is no floor rather than a guessed one.
import type { EncodedSequence } from "../data/split.ts";
import type { FormalLanguage } from "./data/languages/language.ts";

/** Every string the sampler can draw, with its probability, keyed by its words joined with spaces. */
export type StringDistribution = ReadonlyMap<string, number>;

// One draw on the current path: the value taken and the range it came from.
interface Draw {
  value: number;
  low: number;
  high: number;
}

/**
 * The exact distribution of the strings that the counting study draws from
 * `language` with sizes uniform in `sizes` (inclusive) — or null when the
 * sampler has more than `budget` distinct draw paths.
 *
 * @example aⁿbⁿ: one string per n, each 1/11; Dyck-2's sampler is too large to enumerate
 * ```ts
 * import { stringDistribution } from "./bayes_floor.ts";
 * import { anbn, dyck2 } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const strings = stringDistribution(anbn, [1, 11])!;
 * assert.equal(strings.size, 11);
 * assert.ok(Math.abs(strings.get("a a b b EOS")! - 1 / 11) < 1e-15);
 * assert.equal(stringDistribution(dyck2, [1, 11]), null);
 * ```
 */
export function stringDistribution(
  language: FormalLanguage,
  sizes: readonly [number, number],
  budget = 10_000,
): StringDistribution | null {
  const [low, high] = sizes;
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 1 || high < low) {
    throw new RangeError(`Sizes must be integers 1 ≤ low ≤ high, got ${low}..${high}`);
  }
  const probabilities = new Map<string, number>();
  let paths = 0;
  for (let n = low; n <= high; n++) {
    // Depth-first over the draws: replay the path so far, extend it with each
    // draw's lowest value, then advance the last draw that has values left.
    const path: Draw[] = [];
    while (true) {
      if (++paths > budget) return null;
      let at = 0;
      const source = {
        randint(lo: number, hi: number): number {
          if (at < path.length) return path[at++].value;
          path.push({ value: lo, low: lo, high: hi });
          at++;
          return lo;
        },
      };
      const key = language.sample(source, n).join(" ");
      const p = path.reduce(
        (product, draw) => product / (draw.high - draw.low),
        1 / (high - low + 1),
      );
      probabilities.set(key, (probabilities.get(key) ?? 0) + p);
      while (path.length && path[path.length - 1].value + 1 >= path[path.length - 1].high) {
        path.pop();
      }
      if (!path.length) break;
      path[path.length - 1].value++;
    }
  }
  return probabilities;
}

/**
 * The Bayes floor of a split in nats per predicted token: the summed
 * −ln P(string | its first word) of its sequences over their targets — what
 * a model that knows the generator exactly would score on these very
 * sequences (the first word is an input, never a target, hence the
 * condition). Null without a distribution.
 *
 * @example The lab's aⁿbⁿ: every sequence costs ln 11
 * ```ts
 * import { splitFloorPerToken, stringDistribution } from "./bayes_floor.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import { encodeSequence } from "../data/split.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const split = [encodeSequence(["a", "b", "EOS"], vocabulary)];
 * const floor = splitFloorPerToken(stringDistribution(anbn, [1, 11]), split)!;
 * assert.ok(Math.abs(floor - Math.log(11) / 2) < 1e-12);
 * ```
 */
export function splitFloorPerToken(
  distribution: StringDistribution | null,
  sequences: readonly EncodedSequence[],
): number | null {
  if (!distribution || sequences.length === 0) return null;
  const firstWord = new Map<string, number>();
  for (const [key, p] of distribution) {
    const first = key.split(" ")[0];
    firstWord.set(first, (firstWord.get(first) ?? 0) + p);
  }
  let nats = 0, tokens = 0;
  for (const sequence of sequences) {
    const key = sequence.words.join(" ");
    const p = distribution.get(key);
    if (p === undefined) {
      throw new RangeError(`'${key}' is not a string this language's sampler can draw`);
    }
    nats += Math.log(firstWord.get(sequence.words[0])!) - Math.log(p);
    tokens += sequence.inputs.length;
  }
  return nats / tokens;
}
