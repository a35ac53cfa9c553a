// Characters are Unicode code points, read straight from UTF-8 bytes; the
// rarest fold into UNK; bad bytes are refused with their offset.
import assert from "node:assert/strict";
import { CharVocabulary } from "../../src/data/char_vocabulary.ts";
import { forEachCodePoint, Utf8Error } from "../../src/data/utf8_code_points.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

Deno.test("a corpus of accents, CJK and emoji has one id per code point, not per UTF-16 unit", () => {
  const text = "café 中文 🙂🙂 naïve 日本 👍🏽";
  const { vocabulary, ids } = CharVocabulary.fromUtf8(utf8(text));
  const distinct = new Set([...text]);
  assert.equal(vocabulary.size, distinct.size + 1); // + UNK
  assert.equal(ids.length, [...text].length);
  assert.ok(text.length > ids.length, "UTF-16 would count more units than code points");
  const decoded = vocabulary.decode(ids);
  assert.equal(decoded, text);
  // What comes back is valid UTF-8 that decodes strictly to the same text.
  assert.equal(new TextDecoder("utf-8", { fatal: true }).decode(utf8(decoded)), text);
});

Deno.test("the vocabulary is sorted by code point, the rarest past maxVocab become UNK", () => {
  const { vocabulary, ids } = CharVocabulary.fromUtf8(utf8("bbbaaac"), { maxVocab: 3 });
  assert.deepEqual(vocabulary.codePoints, [0x61, 0x62]);
  assert.deepEqual([...ids], [1, 1, 1, 0, 0, 0, 2]);
  assert.deepEqual(vocabulary.counts, [3, 3, 1]);
  assert.equal(vocabulary.decode(ids), "bbbaaa", "UNK never reaches the reader");
});

Deno.test("ids take one byte each up to 256 symbols, two beyond", () => {
  assert.ok(CharVocabulary.fromUtf8(utf8("abc")).ids instanceof Uint8Array);
  const wide = Array.from({ length: 300 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join("");
  assert.ok(CharVocabulary.fromUtf8(utf8(wide)).ids instanceof Uint16Array);
});

Deno.test("malformed UTF-8 is refused with the offset of its first bad byte", () => {
  const cases: [number[], RegExp][] = [
    [[0x61, 0x62, 0xff], /byte 2: 0xff cannot start/],
    [[0x61, 0xe4, 0xb8], /byte 1: the text ends inside a character/],
    [[0xe4, 0x41, 0x80], /byte 1: a character is cut short/],
    [[0xc0, 0xaf], /byte 0: 0xc0 cannot start/],
    [[0xe0, 0x80, 0xaf], /byte 0: an overlong encoding/],
    [[0xed, 0xa0, 0x80], /byte 0: an encoded surrogate/],
    [[0x61, 0x00, 0x62], /byte 1: a NUL byte \(is this a binary file\?\)/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(
      () => forEachCodePoint(Uint8Array.from(bytes), () => {}),
      (error: Error) => error instanceof Utf8Error && message.test(error.message),
    );
  }
});

Deno.test("a byte-order mark is not a character", () => {
  const { ids, vocabulary } = CharVocabulary.fromUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61));
  assert.deepEqual([...ids], [0]);
  assert.equal(vocabulary.size, 2);
});
