// What the counting study needs from a formal language: how to draw a string
// of a given size, which strings test a size, and which words may legally
// come next at every step — from which deterministic positions and the
// classic next-symbol-set targets both follow.
import type { IntegerSource } from "../anbn.ts";

/** A language of the counting study, with EOS as its end marker. */
export interface FormalLanguage {
  /** The name the tasks use, e.g. `"anbncn"`. */
  readonly name: string;
  /** How its strings read, e.g. `"aⁿbⁿcⁿ"`. */
  readonly title: string;
  /** Its words, EOS last: the vocabulary order (UNK is added after them). */
  readonly words: readonly string[];
  /** What "size n" counts, for reports (e.g. "n", "nesting depth"). */
  readonly sizeMeaning: string;
  /** One random string of size n, EOS included. */
  sample(random: IntegerSource, n: number): string[];
  /** The strings that test size n, EOS included (fixed: the same on every call). */
  testStrings(n: number): string[][];
  /**
   * For each position t of `words` but the last, the set of words that may
   * legally follow words[0 … t]. A set of one marks a deterministic target.
   */
  legalNext(words: readonly string[]): ReadonlySet<string>[];
}
