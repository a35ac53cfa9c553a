// A self-describing binary checkpoint: named float tensors plus JSON metadata,
// checksummed, written atomically. Every byte is little-endian, so a file
// moves between machines unchanged.
//
// Layout (offsets in bytes):
//   0        magic "RNNCKPT1"                          8 bytes
//   8        header length H                           u32 LE
//   12       header, UTF-8 JSON                        H bytes
//            { format: 1, kind, metadata,
//              tensors: [{ name, shape, dtype, offset, byteLength }] }
//   D        data section, D = 12 + H rounded up to 8 (zero padding between)
//   D + o    each tensor's values at its `offset` o, a multiple of 8 counted
//            from D, packed in order with zero padding up to each next offset
//   D + L    CRC-32 (IEEE) of bytes [0, D + L)        u32 LE
// where L is the end of the last tensor (0 when there are none).

import { formatShape } from "../core/shapes.ts";
import { fileProblem, writeFileAtomic } from "./atomic_write.ts";

/** Element type of a stored tensor. */
export type CheckpointDtype = "f32" | "f64";

/** One named array of numbers; `values` holds the product of `shape` elements, row-major. */
export interface CheckpointTensor {
  name: string;
  shape: number[];
  /** Must match `values`: `"f32"` with a `Float32Array`, `"f64"` with a `Float64Array`. */
  dtype: CheckpointDtype;
  values: Float32Array | Float64Array;
}

/** What a checkpoint file holds. */
export interface Checkpoint {
  /** What wrote the file, e.g. `"lstm"`; {@linkcode loadCheckpoint} can insist on it. */
  kind: string;
  /** Any JSON: hyper-parameters, step, validation loss, vocabulary… */
  metadata: Record<string, unknown>;
  /** Tensors with distinct names, stored in this order. */
  tensors: CheckpointTensor[];
}

/**
 * A checkpoint that cannot be read or written. The message is one line naming
 * the file and the problem, e.g.
 * `Cannot load checkpoint 'x.ckpt': expected kind 'lstm', found 'gru'`.
 *
 * @example The message for the user, the problem for the program
 * ```ts
 * import { CheckpointError } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * const error = new CheckpointError("run/best.ckpt", "disk full", { action: "save" });
 * assert.equal(error.message, "Cannot save checkpoint 'run/best.ckpt': disk full");
 * assert.equal(error.problem, "disk full");
 * assert.equal(error.name, "CheckpointError");
 * ```
 */
export class CheckpointError extends Error {
  /** The file (or other source) the problem is in. */
  readonly source: string;
  /** The problem alone, without the file name. */
  readonly problem: string;

  /**
   * @param source The file name or other description of where the bytes came from.
   * @param problem What is wrong, in a few words.
   * @param options `action` for the message (default `"load"`) and the underlying `cause`.
   */
  constructor(
    source: string,
    problem: string,
    options: { action?: "load" | "save"; cause?: unknown } = {},
  ) {
    const line = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ");
    super(
      `Cannot ${options.action ?? "load"} checkpoint '${line(source)}': ${line(problem)}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "CheckpointError";
    this.source = source;
    this.problem = problem;
  }
}

const MAGIC = "RNNCKPT1";
const FORMAT = 1;
const PREAMBLE = 12; // magic + header length
const BYTES: Record<CheckpointDtype, number> = { f32: 4, f64: 8 };

/**
 * Serialises a checkpoint to the layout described at the top of this file.
 *
 * @param checkpoint The kind, JSON metadata and tensors to store.
 * @returns The complete file contents, checksum included.
 * @throws {TypeError} On a dtype that does not match its array, or metadata
 * that JSON cannot represent exactly (NaN, Infinity, bigint, functions, …).
 * @throws {RangeError} On a shape whose size differs from the number of values,
 * or duplicate or empty tensor names.
 *
 * @example Round-trip a tensor through bytes
 * ```ts
 * import { decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCheckpoint({
 *   kind: "lstm",
 *   metadata: { hidden: 2, step: 1000 },
 *   tensors: [{ name: "W", shape: [2, 2], dtype: "f32", values: new Float32Array([1, 2, 3, 4]) }],
 * });
 * const checkpoint = decodeCheckpoint(bytes, "in-memory");
 * assert.equal(checkpoint.kind, "lstm");
 * assert.deepEqual(checkpoint.metadata, { hidden: 2, step: 1000 });
 * assert.deepEqual([...checkpoint.tensors[0].values], [1, 2, 3, 4]);
 * ```
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  if (typeof checkpoint.kind !== "string") {
    throw new TypeError(`Cannot encode checkpoint: kind must be a string, got ${checkpoint.kind}`);
  }
  if (!isPlainObject(checkpoint.metadata)) {
    throw new TypeError("Cannot encode checkpoint: metadata must be a plain object");
  }
  checkJson(checkpoint.metadata, "metadata");
  const names = new Set<string>();
  let dataLength = 0;
  const entries = checkpoint.tensors.map((tensor) => {
    const { name, shape, dtype, values } = tensor;
    const problem = tensorProblem(name, shape, dtype, names);
    if (problem) throw new RangeError(`Cannot encode checkpoint: ${problem}`);
    const arrayType = dtype === "f32" ? Float32Array : Float64Array;
    if (!(values instanceof arrayType)) {
      throw new TypeError(
        `Cannot encode checkpoint: tensor '${name}' has dtype '${dtype}' but its values are a ${values?.constructor?.name}; use a ${arrayType.name}`,
      );
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) {
      throw new RangeError(
        `Cannot encode checkpoint: tensor '${name}' has shape ${
          formatShape(shape)
        } (${size} values) but holds ${values.length} values`,
      );
    }
    const offset = align8(dataLength);
    dataLength = offset + values.byteLength;
    return { name, shape: [...shape], dtype, offset, byteLength: values.byteLength };
  });
  const header = new TextEncoder().encode(JSON.stringify({
    format: FORMAT,
    kind: checkpoint.kind,
    metadata: checkpoint.metadata,
    tensors: entries,
  }));
  const dataStart = align8(PREAMBLE + header.length);
  const bytes = new Uint8Array(dataStart + dataLength + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, header.length, true);
  bytes.set(header, PREAMBLE);
  checkpoint.tensors.forEach(({ dtype, values }, t) => {
    const start = dataStart + entries[t].offset;
    for (let i = 0; i < values.length; i++) {
      if (dtype === "f32") view.setFloat32(start + 4 * i, values[i], true);
      else view.setFloat64(start + 8 * i, values[i], true);
    }
  });
  const end = dataStart + dataLength;
  view.setUint32(end, crc32(bytes.subarray(0, end)), true);
  return bytes;
}

/**
 * Parses and verifies checkpoint bytes. The size, checksum and header are all
 * checked before any value is read; a bad file never surfaces as a raw
 * `RangeError` or `SyntaxError`.
 *
 * @param bytes The complete file contents.
 * @param source The file name (or other origin) to put in error messages.
 * @returns The kind, metadata and freshly allocated tensors.
 * @throws {CheckpointError} On truncation, corruption, bad magic bytes, an
 * unsupported format version or an inconsistent header.
 *
 * @example A damaged file is refused with its name in a one-line message
 * ```ts
 * import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeCheckpoint({ kind: "gru", metadata: {}, tensors: [] });
 * assert.throws(
 *   () => decodeCheckpoint(bytes.subarray(0, 20), "run/best.ckpt"),
 *   (error: unknown) =>
 *     error instanceof CheckpointError &&
 *     error.message.startsWith("Cannot load checkpoint 'run/best.ckpt': file is truncated"),
 * );
 * ```
 */
export function decodeCheckpoint(bytes: Uint8Array, source: string): Checkpoint {
  const fail = (problem: string): never => {
    throw new CheckpointError(source, problem);
  };
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length === 0) fail("file is empty");
  for (let i = 0; i < Math.min(bytes.length, magic.length); i++) {
    if (bytes[i] === magic[i]) continue;
    const version = String.fromCharCode(bytes[7]);
    if (i === 7 && /[0-9]/.test(version)) {
      fail(`unsupported format version ${version} (this reader understands version ${FORMAT})`);
    }
    fail("not a checkpoint file (bad magic bytes)");
  }
  if (bytes.length < PREAMBLE) fail(`file is truncated (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (bytes.length < PREAMBLE + headerLength) {
    fail(
      `file is truncated (expected ${headerLength} bytes of header, found ${
        bytes.length - PREAMBLE
      })`,
    );
  }

  // Parse the header before checking the checksum: its tensor table tells a
  // truncated file (report the sizes) from a corrupted one.
  let header: unknown;
  let jsonProblem = "header is not valid UTF-8";
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      bytes.subarray(PREAMBLE, PREAMBLE + headerLength),
    );
    jsonProblem = "";
    header = JSON.parse(text);
  } catch (error) {
    jsonProblem ||= `header is not valid JSON (${error instanceof Error ? error.message : error})`;
  }
  if (isObject(header) && header.format !== FORMAT) {
    fail(
      "format" in header
        ? `unsupported format version ${JSON.stringify(header.format)}`
        : "header has no format version",
    );
  }
  const layout = jsonProblem ? { problem: jsonProblem } : readHeader(header);
  const dataStart = align8(PREAMBLE + headerLength);
  if ("tensors" in layout) {
    const expected = dataStart + layout.dataLength + 4;
    if (bytes.length < dataStart + layout.dataLength) {
      fail(
        `file is truncated (expected ${layout.dataLength} bytes of tensor data, found ${
          Math.max(0, bytes.length - dataStart)
        })`,
      );
    }
    if (bytes.length < expected) fail("file is truncated (checksum missing)");
    if (bytes.length > expected) {
      fail(`file has ${bytes.length - expected} unexpected bytes after the checksum`);
    }
  }
  const end = bytes.length - 4;
  if (end < dataStart || crc32(bytes.subarray(0, end)) !== view.getUint32(end, true)) {
    fail("checksum mismatch (file is corrupted)");
  }
  if (!("tensors" in layout)) return fail(layout.problem);

  const tensors = layout.tensors.map(({ name, shape, dtype, offset, byteLength }) => {
    const count = byteLength / BYTES[dtype];
    const values = dtype === "f32" ? new Float32Array(count) : new Float64Array(count);
    const start = dataStart + offset;
    for (let i = 0; i < count; i++) {
      values[i] = dtype === "f32"
        ? view.getFloat32(start + 4 * i, true)
        : view.getFloat64(start + 8 * i, true);
    }
    return { name, shape, dtype, values };
  });
  return { kind: layout.kind, metadata: layout.metadata, tensors };
}

/**
 * Writes a checkpoint atomically: the bytes go to `${path}.<random hex>.partial`
 * in the same directory, are flushed to disk, then renamed over `path`. A
 * reader therefore sees the old file or the new one, never a mixture; on
 * failure the temporary file is removed and `path` is untouched.
 *
 * @param path Where to write; its directory must exist.
 * @param checkpoint What to store (see {@linkcode encodeCheckpoint}).
 * @returns Nothing, once the file is in place.
 * @throws {CheckpointError} When the file cannot be written (missing
 * directory, no permission, disk full…), with action `"save"`.
 *
 * @example Save, then load insisting on the kind
 * ```ts
 * import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const path = `${dir}/model.ckpt`;
 * const values = new Float64Array([0.5, -0.25]);
 * await saveCheckpoint(path, {
 *   kind: "rnn",
 *   metadata: { step: 10 },
 *   tensors: [{ name: "b", shape: [2], dtype: "f64", values }],
 * });
 * const loaded = await loadCheckpoint(path, "rnn");
 * assert.deepEqual(loaded.tensors[0].values, values);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const bytes = encodeCheckpoint(checkpoint);
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    throw new CheckpointError(path, fileProblem(error, "save"), { action: "save", cause: error });
  }
}

/**
 * Reads and verifies a checkpoint file.
 *
 * @param path The file to read.
 * @param expectedKind When given, the file's `kind` must equal it.
 * @returns The checkpoint, as {@linkcode decodeCheckpoint} returns it.
 * @throws {CheckpointError} When the file is missing or unreadable, damaged
 * (see {@linkcode decodeCheckpoint}), or of another kind.
 *
 * @example A missing file is a CheckpointError, not a NotFound stack trace
 * ```ts
 * import { CheckpointError, loadCheckpoint } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(
 *   loadCheckpoint("no/such/model.ckpt"),
 *   new CheckpointError("no/such/model.ckpt", "file not found"),
 * );
 * ```
 */
export async function loadCheckpoint(path: string, expectedKind?: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    throw new CheckpointError(path, fileProblem(error, "load"), { cause: error });
  }
  const checkpoint = decodeCheckpoint(bytes, path);
  if (expectedKind !== undefined && checkpoint.kind !== expectedKind) {
    throw new CheckpointError(path, `expected kind '${expectedKind}', found '${checkpoint.kind}'`);
  }
  return checkpoint;
}

/**
 * The CRC-32 of some bytes: IEEE 802.3 polynomial, reflected, as in zlib,
 * PNG and gzip. `crc32("123456789")` is `0xcbf43926`.
 *
 * @param bytes The data to checksum.
 * @returns An unsigned 32-bit integer.
 *
 * @example The standard check value
 * ```ts
 * import { crc32 } from "./checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
 * ```
 */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: CheckpointDtype;
  offset: number;
  byteLength: number;
}

/** Validates a parsed header; returns its parts and the data length, or the first problem. */
function readHeader(header: unknown):
  | { kind: string; metadata: Record<string, unknown>; tensors: TensorEntry[]; dataLength: number }
  | { problem: string } {
  if (!isObject(header)) return { problem: "header is not a JSON object" };
  const { kind, metadata, tensors } = header;
  if (typeof kind !== "string") return { problem: "header has no string 'kind'" };
  if (!isObject(metadata)) return { problem: "header 'metadata' is not an object" };
  if (!Array.isArray(tensors)) return { problem: "header 'tensors' is not an array" };
  const names = new Set<string>();
  let dataLength = 0;
  for (const entry of tensors as unknown[]) {
    if (!isObject(entry)) return { problem: "header has a tensor entry that is not an object" };
    const { name, shape, dtype, offset, byteLength } = entry;
    const problem = tensorProblem(name, shape, dtype, names);
    if (problem) return { problem };
    const tensor = entry as unknown as TensorEntry;
    const expected = tensor.shape.reduce((a, b) => a * b, 1) * BYTES[tensor.dtype];
    if (byteLength !== expected) {
      return {
        problem: `tensor '${name}' has shape ${
          formatShape(tensor.shape)
        } and dtype '${dtype}' (${expected} bytes) but byteLength ${JSON.stringify(byteLength)}`,
      };
    }
    if (!Number.isSafeInteger(offset) || (offset as number) % 8 !== 0) {
      return { problem: `tensor '${name}' has offset ${offset}; it must be a multiple of 8` };
    }
    if ((offset as number) < dataLength) {
      return { problem: `tensor '${name}' at offset ${offset} overlaps the tensor before it` };
    }
    dataLength = (offset as number) + expected;
  }
  return { kind, metadata, tensors: tensors as TensorEntry[], dataLength };
}

/** Why a tensor's name, shape or dtype is unusable, or "" when they are fine; records the name. */
function tensorProblem(name: unknown, shape: unknown, dtype: unknown, seen: Set<string>): string {
  if (typeof name !== "string" || name === "") {
    return `tensor name ${JSON.stringify(name)} is not a non-empty string`;
  }
  if (seen.has(name)) return `duplicate tensor name '${name}'`;
  seen.add(name);
  if (
    !Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) ||
    !Number.isSafeInteger(shape.reduce((a, b) => a * b, 8))
  ) {
    return `tensor '${name}' has shape ${
      JSON.stringify(shape)
    }; dimensions must be non-negative integers`;
  }
  if (dtype !== "f32" && dtype !== "f64") {
    return `tensor '${name}' has dtype ${JSON.stringify(dtype)}; expected 'f32' or 'f64'`;
  }
  return "";
}

/** Throws a TypeError unless `value` survives a JSON round trip unchanged. */
function checkJson(value: unknown, path: string, ancestors: object[] = []): void {
  const fail = (what: string): never => {
    throw new TypeError(`Cannot encode checkpoint: ${path} is ${what}, which JSON cannot store`);
  };
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail(String(value));
    return;
  }
  if (typeof value !== "object") {
    return fail(value === undefined ? "undefined" : `a ${typeof value}`);
  }
  if (ancestors.includes(value)) fail("a circular reference");
  const inner = [...ancestors, value];
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkJson(item, `${path}[${i}]`, inner));
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) checkJson(item, `${path}.${key}`, inner); // undefined keys are omitted
    }
  } else {
    fail(`a ${value.constructor?.name ?? "object"}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
