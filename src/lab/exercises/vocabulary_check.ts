// Exercise A's checks: the vocabulary against the library's
// Vocabulary.fromSequences, and one-hot vectors against its oneHot.
import { oneHot, Vocabulary } from "../../data/vocabulary.ts";
import { NumpyRandom } from "../../data/numpy_random.ts";
import { generateAnBn } from "../data/anbn.ts";
import { RNN_LAB_DEFAULTS } from "../experiment.ts";
import type { CheckContext } from "./context.ts";
import { call, exported, firstMismatch, identify, isNumbers } from "./diagnosis.ts";
import type { Grading } from "./verdict.ts";

// Counts a 4, d 3, EOS 3, c 3; first appearance d, a, EOS, c. Sorting by
// count alone (stably) gives a, d, EOS, c — unlike alphabetical ties (c, d,
// EOS or EOS, c, d), ascending counts, or no sorting at all.
const PROBE = [["d", "a", "d", "EOS"], ["c", "a", "a", "d", "c", "EOS"], ["a", "c", "EOS"]];

type Dicts = {
  wordToIdx: Record<string, number>;
  idxToWord: string[];
  numSentences: number;
  vocabSize: number;
};

const list = (words: readonly string[]) => `[${words.map((w) => `'${w}'`).join(", ")}]`;

/** The checks of exercise A. */
export function checkVocabulary(ctx: CheckContext, g: Grading): void {
  const sequencesToDicts = exported<(s: string[][]) => Dicts>(
    g,
    ctx.module,
    ctx.file,
    "sequencesToDicts",
  );
  const oneHotEncode = exported<(i: number, k: number) => ArrayLike<number>>(
    g,
    ctx.module,
    ctx.file,
    "oneHotEncode",
  );
  const oneHotEncodeSequence = exported<
    (s: string[], w: Record<string, number>, k: number) => ArrayLike<number>[]
  >(g, ctx.module, ctx.file, "oneHotEncodeSequence");

  const check = `sequencesToDicts(${JSON.stringify(PROBE)})`;
  const dicts = call(
    g,
    check,
    "sequencesToDicts",
    () => sequencesToDicts(PROBE.map((s) => [...s])),
  );
  if (typeof dicts !== "object" || dicts === null || !Array.isArray(dicts.idxToWord)) {
    g.fail({ check, message: "it must return { wordToIdx, idxToWord, numSentences, vocabSize }" });
  }
  const expected = Vocabulary.fromSequences(PROBE).words;
  const words = dicts.idxToWord;
  if (words.join() !== expected.join()) {
    const counts = new Map<string, number>();
    const firstSeen: string[] = [];
    for (const word of PROBE.flat()) {
      if (!counts.has(word)) firstSeen.push(word);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const same = (candidate: string[]) => words.join() === candidate.join();
    const diagnosis = identify([
      {
        test: () => same(expected.slice(0, -1)),
        diagnosis: {
          key: "unk-missing",
          title: "no 'UNK' at the end of the vocabulary",
          explanation:
            "The lab appends 'UNK' after the sorted words, so that a word never seen in training still has an index (the last one).",
        },
      },
      {
        test: () => same(["UNK", ...expected.slice(0, -1)]),
        diagnosis: {
          key: "unk-first",
          title: "'UNK' comes first",
          explanation: "The lab appends 'UNK' after the sorted words: it is the last index.",
        },
      },
      {
        test: () =>
          same([...firstSeen].sort((a, b) => counts.get(a)! - counts.get(b)!).concat("UNK")),
        diagnosis: {
          key: "ascending",
          title: "sorted by ascending count",
          explanation: "The most frequent word gets index 0: sort by descending count.",
        },
      },
      {
        test: () =>
          [(a: string, b: string) => (a < b ? -1 : 1), (a: string, b: string) => a.localeCompare(b)]
            .some((order) =>
              same(
                [...firstSeen].sort((a, b) => counts.get(b)! - counts.get(a)! || order(a, b))
                  .concat(
                    "UNK",
                  ),
              )
            ),
        diagnosis: {
          key: "ties-alphabetical",
          title: "words with equal counts are in alphabetical order",
          explanation:
            "Python's sorted() is stable: words with equal counts keep the order in which they first appear (d, EOS, c here). Sort by count alone; Array.prototype.sort is stable too.",
        },
      },
      {
        test: () => same([...firstSeen, "UNK"]),
        diagnosis: {
          key: "not-sorted",
          title: "the words are in order of first appearance, not sorted by count",
          explanation: "Sort the words by descending count (ties keep their first appearance).",
        },
      },
    ]);
    g.fail({
      check,
      message: `idxToWord is ${list(words)}; expected ${list(expected)}`,
      diagnosis,
    });
  }
  const badIndex = expected.find((word, i) => dicts.wordToIdx?.[word] !== i);
  if (badIndex !== undefined) {
    g.fail({
      check,
      message: `wordToIdx['${badIndex}'] is ${
        dicts.wordToIdx?.[badIndex]
      }, but idxToWord puts '${badIndex}' at ${expected.indexOf(badIndex)}`,
    });
  }
  if (dicts.numSentences !== PROBE.length) {
    const counted = dicts.numSentences === PROBE.flat().length;
    g.fail({
      check,
      message: `numSentences is ${dicts.numSentences}; there are ${PROBE.length} sequences${
        counted ? ` (${PROBE.flat().length} is the number of words)` : ""
      }`,
    });
  }
  if (dicts.vocabSize !== expected.length) {
    g.fail({
      check,
      message: `vocabSize is ${dicts.vocabSize}; expected ${expected.length}${
        dicts.vocabSize === expected.length - 1 ? " — UNK counts too: it has an index" : ""
      }`,
    });
  }
  g.pass(
    "sequencesToDicts sorts by descending count, keeps first appearance for ties, and ends with UNK",
  );
  const { seed, sequences: count, minN, maxN } = RNN_LAB_DEFAULTS;
  const labSequences = generateAnBn(new NumpyRandom(seed), { count, minN, maxN });
  const labWords = Vocabulary.fromSequences(labSequences).words;
  const labDicts = call(
    g,
    "sequencesToDicts on the lab's data",
    "sequencesToDicts",
    () => sequencesToDicts(labSequences.map((s) => [...s])),
  );
  if (labDicts.idxToWord?.join() !== labWords.join()) {
    g.fail({
      check: "sequencesToDicts on the lab's data",
      message: `idxToWord is ${list(labDicts.idxToWord)}; expected ${list(labWords)}`,
    });
  }
  g.pass(`the lab's data gives ${labWords.map((w, i) => `${w} = ${i}`).join(", ")}`);

  const oneHotCheck = "oneHotEncode(2, 5)";
  const vector = call(g, oneHotCheck, "oneHotEncode", () => oneHotEncode(2, 5));
  if (!isNumbers(vector, 5)) {
    g.fail({ check: oneHotCheck, message: "expected 5 numbers" });
  }
  const wrongHot = firstMismatch("one_hot", oneHot([2], 5), vector);
  if (wrongHot) {
    const shifted = Array.from(vector).indexOf(1);
    g.fail({
      check: oneHotCheck,
      message: "expected [0, 0, 1, 0, 0]",
      mismatch: wrongHot,
      diagnosis: shifted === 3 || shifted === 1
        ? {
          key: "one-hot-off-by-one",
          title: `the 1 is at position ${shifted}, not 2`,
          explanation: "Indices count from 0: one_hot(i, K)[i] = 1.",
        }
        : undefined,
    });
  }
  g.pass("oneHotEncode puts a single 1 at the index");

  const sequenceCheck = "oneHotEncodeSequence(['a', 'zebra', 'd'], …)";
  const wordToIdx = Object.fromEntries(expected.map((word, i) => [word, i]));
  const rows = call(
    g,
    sequenceCheck,
    "oneHotEncodeSequence",
    () => oneHotEncodeSequence(["a", "zebra", "d"], wordToIdx, expected.length),
  );
  if (!Array.isArray(rows) || rows.length !== 3 || !rows.every((row) => isNumbers(row, 5))) {
    g.fail({ check: sequenceCheck, message: "expected 3 vectors of 5 numbers, one per word" });
  }
  const expectedRows = [0, 4, 1].map((index) => oneHot([index], 5));
  for (let t = 0; t < 3; t++) {
    const wrongRow = firstMismatch(`row ${t}`, expectedRows[t], rows[t]);
    if (wrongRow) {
      g.fail({
        check: sequenceCheck,
        message: t === 1
          ? "the unknown word 'zebra' must be encoded as UNK (index 4)"
          : "wrong row",
        mismatch: wrongRow,
        diagnosis: t === 1
          ? {
            key: "unknown-not-unk",
            title: "a word missing from the vocabulary is not encoded as UNK",
            explanation:
              "wordToIdx['zebra'] is undefined; a one-hot of undefined is a row of zeros (or NaN). Look the word up, and use wordToIdx['UNK'] when it is missing.",
          }
          : undefined,
      });
    }
  }
  g.pass("oneHotEncodeSequence encodes each word, an unknown one as UNK");
}
