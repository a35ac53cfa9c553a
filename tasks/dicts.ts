// deno task dicts — exercise A: the dataset and its word ↔ index maps.
import {
  generateAnBn,
  NumpyRandom,
  oneHot,
  splitSequences,
  tokenCount,
  Vocabulary,
} from "../mod.ts";
import { numberFlag, parseTaskFlags } from "./common/flags.ts";

const HELP = `Usage: deno task dicts [--seed N] [--json]

Exercise A: generates the lab's 256 sequences a^n b^n EOS (n uniform in 1..11,
np.random.seed(N) semantics), builds the vocabulary (by frequency, UNK last),
and shows a sample, the maps in both directions, the one-hot encoding and the
80/10/10 split.
  --seed N   (default 42)
  --json     one JSON line instead of the text
  --help     show this text`;

if (import.meta.main) {
  const values = parseTaskFlags("dicts", Deno.args, {
    seed: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  const seed = numberFlag("dicts", "seed", values.seed, 42, true, 0, 0xffffffff);
  const sequences = generateAnBn(new NumpyRandom(seed));
  const vocabulary = Vocabulary.fromSequences(sequences);
  const split = splitSequences(sequences, vocabulary);
  const sample = sequences[0];
  const encoded = vocabulary.encode(sample);
  const summary = {
    seed,
    sample: sample.join(" "),
    vocabularySize: vocabulary.size,
    wordToIndex: Object.fromEntries(vocabulary.words.map((word, index) => [word, index])),
    indexOfB: vocabulary.index("b"),
    wordAtIndex1: vocabulary.word(1),
    encoded,
    decoded: vocabulary.decode(encoded).join(" "),
    split: {
      sequences: [split.train.length, split.validation.length, split.test.length],
      inputTokens: [tokenCount(split.train), tokenCount(split.validation), tokenCount(split.test)],
    },
  };
  if (values.json) {
    console.log(JSON.stringify(summary));
  } else {
    const firstWord = oneHot([encoded[0]], vocabulary.size);
    console.log(`A single sample from the generated dataset:\n${summary.sample}\n`);
    console.log(
      `We have ${sequences.length} sentences and ${vocabulary.size} unique tokens in our dataset (including UNK).`,
    );
    console.log(`The index of 'b' is ${summary.indexOfB}`);
    console.log(`The word corresponding to index 1 is '${summary.wordAtIndex1}'`);
    console.log(`word_to_idx: ${JSON.stringify(summary.wordToIndex)}`);
    console.log(`Encoded sample: [${encoded.join(", ")}] → decoded back: ${summary.decoded}`);
    console.log(`One-hot of '${sample[0]}': [${[...firstWord].join(", ")}]`);
    console.log(
      `Split: ${summary.split.sequences.join(" / ")} sequences (train / validation / test), ` +
        `${summary.split.inputTokens.join(" / ")} input tokens`,
    );
  }
}
