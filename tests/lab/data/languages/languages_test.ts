// The counting study's languages: every drawn and every test string is in its
// language (each next word legal, EOS last) and reaches the size asked for;
// illegal continuations are refused; aⁿbⁿ's forced steps are the lab's.
import assert from "node:assert/strict";
import { anbnDeterministicPositions, anbnSequence } from "../../../../src/lab/data/anbn.ts";
import { NumpyRandom } from "../../../../src/data/numpy_random.ts";
import {
  anbmcnm,
  anbn,
  anbncn,
  dyck1,
  dyck2,
  type FormalLanguage,
  languageByName,
  LANGUAGES,
} from "../../../../src/lab/data/languages/mod.ts";

function assertInLanguage(language: FormalLanguage, words: readonly string[], label: string) {
  assert.equal(words.at(-1), "EOS", `${label} ends with EOS`);
  assert.ok(words.slice(0, -1).every((word) => word !== "EOS"), `${label}: EOS only at the end`);
  const legal = language.legalNext(words);
  assert.equal(legal.length, words.length - 1);
  legal.forEach((set, t) =>
    assert.ok(
      set.has(words[t + 1]),
      `${label}: '${words[t + 1]}' after ${words.slice(0, t + 1).join("")}`,
    )
  );
}

// What size a string reaches: n, max(n, m), or the nesting depth.
function sizeOf(language: FormalLanguage, words: readonly string[]): number {
  const count = (word: string) => words.filter((w) => w === word).length;
  if (language.name === "anbmcnm") return Math.max(count("a"), count("b"));
  if (language.name.startsWith("dyck")) {
    let depth = 0, deepest = 0;
    for (const word of words) {
      depth += word === "(" || word === "[" ? 1 : word === ")" || word === "]" ? -1 : 0;
      deepest = Math.max(deepest, depth);
    }
    return deepest;
  }
  return count("a");
}

for (const language of LANGUAGES) {
  Deno.test(`${language.name}: drawn strings are in the language and reach their size`, () => {
    const random = new NumpyRandom(7);
    for (let i = 0; i < 300; i++) {
      const n = 1 + (i % 15);
      const words = language.sample(random, n);
      assertInLanguage(language, words, `${language.name} sample n=${n}`);
      assert.equal(sizeOf(language, words), n, `${language.name} sample size`);
      assert.ok(words.every((word) => language.words.includes(word)));
    }
  });

  Deno.test(`${language.name}: test strings are in the language, of their size, the same every call`, () => {
    for (const n of [1, 2, 3, 12, 50]) {
      const strings = language.testStrings(n);
      assert.ok(strings.length >= 1);
      for (const words of strings) {
        assertInLanguage(language, words, `${language.name} test n=${n}`);
        assert.equal(sizeOf(language, words), n);
      }
      assert.deepEqual(language.testStrings(n), strings);
    }
  });
}

Deno.test("legalNext refuses what the languages forbid", () => {
  const refused = (language: FormalLanguage, words: string[]) => {
    const legal = language.legalNext(words);
    return legal.some((set, t) => !set.has(words[t + 1]));
  };
  assert.ok(refused(anbn, ["a", "a", "b", "EOS"]), "aabEOS: one b short");
  assert.ok(refused(anbn, ["a", "b", "b", "EOS"]), "abb: one b too many");
  assert.ok(refused(anbncn, ["a", "b", "b"]), "abb in aⁿbⁿcⁿ");
  assert.ok(refused(anbncn, ["a", "a", "b", "b", "c", "EOS"]), "one c short");
  assert.ok(refused(anbmcnm, ["a", "b", "b", "c", "c", "EOS"]), "n + m = 3 c's needed");
  assert.ok(!refused(anbmcnm, ["a", "b", "b", "c", "c", "c", "EOS"]));
  assert.ok(refused(dyck1, ["(", ")", ")", "EOS"]), "closing below depth 0");
  assert.ok(refused(dyck1, ["(", "EOS"]), "EOS inside a bracket");
  assert.ok(refused(dyck2, ["(", "[", ")", "]", "EOS"]), "crossed brackets");
  assert.ok(!refused(dyck2, ["(", "[", "]", ")", "[", "]", "EOS"]));
});

Deno.test("aⁿbⁿ's single-word legal sets are the lab's forced positions", () => {
  for (let n = 1; n <= 12; n++) {
    const words = anbnSequence(n);
    const forced = anbn.legalNext(words).map((set) => set.size === 1);
    assert.deepEqual(forced, anbnDeterministicPositions(words.slice(0, -1)));
  }
});

Deno.test("languageByName names the choices when the name is unknown", () => {
  assert.equal(languageByName("dyck2"), dyck2);
  assert.throws(
    () => languageByName("anbncndn"),
    /choose one of anbn, anbncn, anbmcnm, dyck1, dyck2/,
  );
});
