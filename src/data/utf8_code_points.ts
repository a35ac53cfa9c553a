// UTF-8 bytes to Unicode code points without building a JavaScript string, so
// that a text of hundreds of megabytes costs its bytes and one typed array of
// ids, not a UTF-16 copy. Every malformed sequence is reported with its byte offset.

/**
 * Thrown on bytes that are not UTF-8 text; `offset` is the first bad byte.
 *
 * @example
 * ```ts
 * import { forEachCodePoint, Utf8Error } from "./utf8_code_points.ts";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => forEachCodePoint(Uint8Array.of(0x63, 0x61, 0xe9), () => {}), (error: Error) =>
 *   error instanceof Utf8Error && error.offset === 2);
 * ```
 */
export class Utf8Error extends Error {
  readonly offset: number;
  constructor(offset: number, what: string) {
    super(`invalid UTF-8 at byte ${offset}: ${what}`);
    this.name = "Utf8Error";
    this.offset = offset;
  }
}

/**
 * Calls `visit(codePoint)` for each code point of `bytes`, in order; skips a
 * leading byte-order mark. Throws {@linkcode Utf8Error} on a truncated,
 * overlong, surrogate or out-of-range sequence, and on a NUL byte (text has
 * none; a binary file usually does).
 *
 * @example Accents, CJK and an emoji, one code point each
 * ```ts
 * import { forEachCodePoint } from "./utf8_code_points.ts";
 * import assert from "node:assert/strict";
 *
 * const points: number[] = [];
 * forEachCodePoint(new TextEncoder().encode("é中🙂"), (c) => points.push(c));
 * assert.deepEqual(points, [0xe9, 0x4e2d, 0x1f642]);
 * assert.throws(() => forEachCodePoint(Uint8Array.of(0x61, 0xc3), () => {}), /byte 1/);
 * ```
 */
export function forEachCodePoint(bytes: Uint8Array, visit: (codePoint: number) => void): void {
  const n = bytes.length;
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < n) {
    const lead = bytes[i];
    if (lead < 0x80) {
      if (lead === 0) throw new Utf8Error(i, "a NUL byte (is this a binary file?)");
      visit(lead);
      i++;
      continue;
    }
    let length: number, point: number, minimum: number;
    if (lead >= 0xc2 && lead <= 0xdf) [length, point, minimum] = [2, lead & 0x1f, 0x80];
    else if (lead >= 0xe0 && lead <= 0xef) [length, point, minimum] = [3, lead & 0x0f, 0x800];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, point, minimum] = [4, lead & 0x07, 0x10000];
    else throw new Utf8Error(i, `0x${lead.toString(16)} cannot start a character`);
    if (i + length > n) throw new Utf8Error(i, "the text ends inside a character");
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) throw new Utf8Error(i + k, "a character is cut short");
      point = (point << 6) | (next & 0x3f);
    }
    if (point < minimum) throw new Utf8Error(i, "an overlong encoding");
    if (point > 0x10ffff) throw new Utf8Error(i, "a code point beyond U+10FFFF");
    if (point >= 0xd800 && point <= 0xdfff) throw new Utf8Error(i, "an encoded surrogate");
    visit(point);
    i += length;
  }
}
