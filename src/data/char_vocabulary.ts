// A character-level vocabulary: Unicode code points (not UTF-16 units), sorted,
// the rarest beyond a size limit folded into one UNK id, and the text encoded
// into the smallest typed array that holds its ids. V = vocabulary size (UNK included).
import { forEachCodePoint } from "./utf8_code_points.ts";

/** Token ids of a corpus: one byte each up to 256 symbols, two up to 65,536. */
export type TokenIds = Uint8Array | Uint16Array | Uint32Array;

const CODE_POINTS = 0x110000;

/**
 * Code points ↔ ids. Ids 0 … V − 2 are the kept code points in ascending
 * order; id V − 1 is UNK, which stands for every other character and is
 * never produced when decoding for a reader.
 *
 * @example A corpus with a rare character beyond the limit
 * ```ts
 * import { CharVocabulary } from "./char_vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const { vocabulary, ids } = CharVocabulary.fromUtf8(new TextEncoder().encode("abba!"), { maxVocab: 3 });
 * assert.equal(vocabulary.size, 3); // a, b, UNK
 * assert.deepEqual([...ids], [0, 1, 1, 0, 2]);
 * assert.equal(vocabulary.decode(ids), "abba");
 * ```
 */
export class CharVocabulary {
  /** The kept code points, ascending; their index is their id. */
  readonly codePoints: readonly number[];
  /** How many characters of the corpus each id stood for (UNK last). */
  readonly counts: readonly number[];
  readonly #ids = new Map<number, number>();

  constructor(codePoints: readonly number[], counts?: readonly number[]) {
    for (let i = 0; i < codePoints.length; i++) {
      const point = codePoints[i];
      if (!Number.isInteger(point) || point < 0 || point >= CODE_POINTS) {
        throw new RangeError(`A vocabulary holds code points in 0 … 0x10FFFF, got ${point}`);
      }
      if (i > 0 && point <= codePoints[i - 1]) {
        throw new RangeError("A vocabulary's code points must be distinct and ascending");
      }
      this.#ids.set(point, i);
    }
    this.codePoints = Object.freeze([...codePoints]);
    this.counts = Object.freeze(counts ? [...counts] : new Array(codePoints.length + 1).fill(0));
  }

  /** V: the kept characters and UNK. */
  get size(): number {
    return this.codePoints.length + 1;
  }

  /** The id of UNK (the last). */
  get unk(): number {
    return this.codePoints.length;
  }

  /**
   * Reads UTF-8 `bytes` (see `forEachCodePoint` for what is refused), builds
   * the vocabulary of their code points — the most frequent `maxVocab − 1`
   * when there are more (ties to the lower code point), the rest UNK — and
   * encodes the text.
   */
  static fromUtf8(
    bytes: Uint8Array,
    options: { maxVocab?: number } = {},
  ): { vocabulary: CharVocabulary; ids: TokenIds } {
    const maxVocab = options.maxVocab ?? CODE_POINTS;
    if (!Number.isInteger(maxVocab) || maxVocab < 2) {
      throw new RangeError(
        `maxVocab must be an integer ≥ 2 (one character and UNK), got ${maxVocab}`,
      );
    }
    const counts = new Uint32Array(CODE_POINTS);
    let length = 0;
    forEachCodePoint(bytes, (point) => {
      counts[point]++;
      length++;
    });
    let present: number[] = [];
    for (let point = 0; point < CODE_POINTS; point++) if (counts[point]) present.push(point);
    if (present.length > maxVocab - 1) {
      present = present.sort((a, b) => counts[b] - counts[a] || a - b).slice(0, maxVocab - 1)
        .sort((a, b) => a - b);
    }
    const kept = present.map((point) => counts[point]);
    const unkCount = length - kept.reduce((sum, count) => sum + count, 0);
    const vocabulary = new CharVocabulary(present, [...kept, unkCount]);
    const table = new Int32Array(CODE_POINTS).fill(vocabulary.unk);
    present.forEach((point, id) => table[point] = id);
    const ids = idArray(vocabulary.size, length);
    let at = 0;
    forEachCodePoint(bytes, (point) => ids[at++] = table[point]);
    return { vocabulary, ids };
  }

  /** The id of one code point (UNK when not kept). */
  id(codePoint: number): number {
    return this.#ids.get(codePoint) ?? this.unk;
  }

  /** The ids of a string's code points. */
  encode(text: string): TokenIds {
    const points = [...text].map((character) => this.id(character.codePointAt(0)!));
    const ids = idArray(this.size, points.length);
    ids.set(points);
    return ids;
  }

  /** The text of `ids`; UNK (and anything out of range) is left out, so it never reaches a reader. */
  decode(ids: ArrayLike<number>): string {
    let text = "";
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id >= 0 && id < this.codePoints.length) text += String.fromCodePoint(this.codePoints[id]);
    }
    return text;
  }
}

function idArray(size: number, length: number): TokenIds {
  return size <= 256
    ? new Uint8Array(length)
    : size <= 65536
    ? new Uint16Array(length)
    : new Uint32Array(length);
}
