// Checkpoints round-trip bit-exactly, and every damaged or mismatched file is
// refused with a one-line CheckpointError naming the file and the problem.
// Needs --allow-read --allow-write (temporary directories only).
import assert from "node:assert/strict";
import {
  type Checkpoint,
  CheckpointError,
  crc32,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from "../../src/io/checkpoint.ts";

const F32_SPECIALS = [
  0,
  -0,
  1,
  -1.5,
  1e-45, // smallest f32 subnormal
  -5.8e-39, // another subnormal
  1.1754942e-38, // largest f32 subnormal
  3.4028234663852886e38, // largest f32
  Infinity,
  -Infinity,
  Math.fround(Math.PI),
];
const F64_SPECIALS = [
  0,
  -0,
  5e-324, // smallest f64 subnormal
  -2.2250738585072009e-308, // largest f64 subnormal
  Number.MAX_VALUE,
  Number.EPSILON,
  -Infinity,
  Math.PI,
  0.1,
  1 / 3,
];

function sampleCheckpoint(): Checkpoint {
  return {
    kind: "lstm",
    metadata: {
      hidden: 64,
      vocabulary: ["a", "é", "\n", "🙂"],
      optimizer: { name: "adam", lr: 2e-3, betas: [0.9, 0.999] },
      validationLoss: 1.2345678901234567,
      tied: false,
      note: null,
    },
    tensors: [
      { name: "W", shape: [3, 5], dtype: "f32", values: f32Ramp(15) },
      { name: "b", shape: [3], dtype: "f32", values: new Float32Array([0.5, -0, 7]) },
      { name: "specials32", shape: [11], dtype: "f32", values: new Float32Array(F32_SPECIALS) },
      { name: "specials64", shape: [2, 5], dtype: "f64", values: new Float64Array(F64_SPECIALS) },
      { name: "nan", shape: [1, 1], dtype: "f64", values: new Float64Array([NaN]) },
      { name: "empty", shape: [0, 4], dtype: "f32", values: new Float32Array(0) },
      { name: "scalar", shape: [], dtype: "f64", values: new Float64Array([-0.25]) },
    ],
  };
}

function f32Ramp(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(i * 1.3) * 10 ** (i % 7 - 3));
}

/** The raw bit patterns, so -0 differs from 0 and NaN equals NaN. */
function bits(values: Float32Array | Float64Array): string[] {
  const raw = values instanceof Float32Array
    ? Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length))
    : Array.from(new BigUint64Array(values.buffer, values.byteOffset, values.length));
  return raw.map((word) => word.toString(16));
}

/** A file with an arbitrary header and data, and a correct checksum. */
function craft(header: unknown, data = new Uint8Array(0)): Uint8Array {
  const headerBytes = header instanceof Uint8Array
    ? header
    : new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const dataStart = Math.ceil((12 + headerBytes.length) / 8) * 8;
  const bytes = new Uint8Array(dataStart + data.length + 4);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode("RNNCKPT1"));
  view.setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, 12);
  bytes.set(data, dataStart);
  view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
  return bytes;
}

/** Asserts a CheckpointError whose one-line message names `source` and matches `problem`. */
function assertCheckpointError(
  error: unknown,
  source: string,
  problem: RegExp,
  action = "load",
): true {
  assert.ok(error instanceof CheckpointError, `expected a CheckpointError, got ${error}`);
  const prefix = `Cannot ${action} checkpoint '${source}': `;
  assert.ok(error.message.startsWith(prefix), `"${error.message}" should start with "${prefix}"`);
  assert.doesNotMatch(error.message, /[\r\n]/, "message must be one line");
  assert.match(error.problem, problem);
  return true;
}

function decodeFails(bytes: Uint8Array, problem: RegExp, source = "x.ckpt"): void {
  assert.throws(
    () => decodeCheckpoint(bytes, source),
    (error: unknown) => assertCheckpointError(error, source, problem),
  );
}

Deno.test("crc32() gives the IEEE check value 0xcbf43926 for '123456789'", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  assert.equal(
    crc32(new TextEncoder().encode("The quick brown fox jumps over the lazy dog")),
    0x414fa339,
  );
});

Deno.test("decodeCheckpoint(encodeCheckpoint()) is bit-exact for f32 and f64, -0 and subnormals", () => {
  const original = sampleCheckpoint();
  const decoded = decodeCheckpoint(encodeCheckpoint(original), "memory");
  assert.equal(decoded.kind, "lstm");
  assert.deepEqual(decoded.metadata, original.metadata);
  assert.equal(decoded.tensors.length, original.tensors.length);
  original.tensors.forEach((tensor, i) => {
    const got = decoded.tensors[i];
    assert.equal(got.name, tensor.name);
    assert.deepEqual(got.shape, tensor.shape);
    assert.equal(got.dtype, tensor.dtype);
    assert.equal(got.values.constructor, tensor.values.constructor, tensor.name);
    if (tensor.name === "nan") assert.ok(Number.isNaN(got.values[0]));
    else assert.deepEqual(bits(got.values), bits(tensor.values), tensor.name);
  });
  assert.ok(Object.is(decoded.tensors[1].values[1], -0));
  assert.equal(decoded.tensors[2].values[4], Math.fround(1e-45));
  assert.equal(decoded.tensors[3].values[2], 5e-324);
});

Deno.test("encodeCheckpoint() writes the documented little-endian, 8-byte-aligned layout", () => {
  const bytes = encodeCheckpoint(sampleCheckpoint());
  const view = new DataView(bytes.buffer);
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 8)), "RNNCKPT1");
  const headerLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  assert.equal(header.format, 1);
  assert.equal(header.kind, "lstm");
  const dataStart = Math.ceil((12 + headerLength) / 8) * 8;
  assert.ok(bytes.subarray(12 + headerLength, dataStart).every((b) => b === 0), "zero padding");
  let end = 0;
  for (const entry of header.tensors) {
    assert.equal(entry.offset % 8, 0, `${entry.name} offset ${entry.offset}`);
    assert.ok(entry.offset >= end);
    end = entry.offset + entry.byteLength;
  }
  assert.deepEqual(header.tensors[0], {
    name: "W",
    shape: [3, 5],
    dtype: "f32",
    offset: 0,
    byteLength: 60,
  });
  assert.equal(header.tensors[1].offset, 64, "the 60-byte tensor is padded to 64");
  // The first f32 of W, read explicitly little-endian.
  assert.equal(view.getFloat32(dataStart, true), f32Ramp(1)[0]);
  assert.equal(bytes.length, dataStart + end + 4);
  assert.equal(view.getUint32(bytes.length - 4, true), crc32(bytes.subarray(0, bytes.length - 4)));
  assert.deepEqual(encodeCheckpoint(sampleCheckpoint()), bytes, "encoding is deterministic");
});

Deno.test("encodeCheckpoint() refuses tensors and metadata it could not store faithfully", () => {
  const tensor = { name: "W", shape: [2, 2], dtype: "f32" as const, values: new Float32Array(4) };
  const encode = (change: Partial<Checkpoint>) =>
    encodeCheckpoint({ kind: "rnn", metadata: {}, tensors: [tensor], ...change });
  assert.throws(
    () => encode({ tensors: [{ ...tensor, values: new Float32Array(5) }] }),
    (e: unknown) =>
      e instanceof RangeError && /'W' has shape \[2, 2\] \(4 values\) but holds 5/.test(e.message),
  );
  assert.throws(
    () => encode({ tensors: [{ ...tensor, dtype: "f64" }] }),
    (e: unknown) =>
      e instanceof TypeError && /dtype 'f64'.*Float32Array.*Float64Array/.test(e.message),
  );
  assert.throws(() => encode({ tensors: [tensor, tensor] }), /duplicate tensor name 'W'/);
  assert.throws(() => encode({ tensors: [{ ...tensor, shape: [2, -2] }] }), RangeError);
  assert.throws(
    () => encode({ metadata: { loss: { val: NaN } } }),
    (e: unknown) => e instanceof TypeError && /metadata\.loss\.val is NaN/.test(e.message),
  );
  assert.throws(() => encode({ metadata: { seed: 1n } }), /metadata\.seed is a bigint/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => encode({ metadata: cyclic }), /circular/);
  assert.throws(() => encode({ metadata: { when: new Date(0) } }), /metadata\.when is a Date/);
  // undefined properties are dropped, as JSON.stringify does.
  const decoded = decodeCheckpoint(encode({ metadata: { momentum: undefined, lr: 1 } }), "m");
  assert.deepEqual(decoded.metadata, { lr: 1 });
});

Deno.test("decodeCheckpoint() reports truncation at every possible length", () => {
  const bytes = encodeCheckpoint(sampleCheckpoint());
  decodeFails(bytes.subarray(0, 0), /^file is empty$/);
  for (let length = 1; length < bytes.length; length++) {
    decodeFails(bytes.subarray(0, length), /^file is truncated \(/);
  }
  const headerLength = new DataView(bytes.buffer).getUint32(8, true);
  const dataStart = Math.ceil((12 + headerLength) / 8) * 8;
  const dataLength = bytes.length - 4 - dataStart;
  decodeFails(
    bytes.subarray(0, dataStart + 100),
    new RegExp(`^file is truncated \\(expected ${dataLength} bytes of tensor data, found 100\\)$`),
  );
  decodeFails(
    bytes.subarray(0, 40),
    new RegExp(`^file is truncated \\(expected ${headerLength} bytes of header, found 28\\)$`),
  );
  decodeFails(bytes.subarray(0, bytes.length - 2), /^file is truncated \(checksum missing\)$/);
});

Deno.test("decodeCheckpoint() detects a flipped bit anywhere, and calls data or header damage corruption", () => {
  const bytes = encodeCheckpoint(sampleCheckpoint());
  for (let i = 0; i < bytes.length; i++) {
    for (const mask of [0x01, 0x80]) {
      const damaged = bytes.slice();
      damaged[i] ^= mask;
      decodeFails(damaged, /./);
    }
  }
  const headerLength = new DataView(bytes.buffer).getUint32(8, true);
  const headerText = new TextDecoder().decode(bytes.subarray(12, 12 + headerLength));
  const positions = {
    "a tensor value": bytes.length - 20,
    "the checksum": bytes.length - 1,
    "a metadata string": 12 + headerText.indexOf("adam"),
    "a JSON brace": 12,
  };
  for (const [what, position] of Object.entries(positions)) {
    const damaged = bytes.slice();
    damaged[position] ^= 0x04;
    assert.throws(
      () => decodeCheckpoint(damaged, "x.ckpt"),
      (e: unknown) =>
        assertCheckpointError(e, "x.ckpt", /^checksum mismatch \(file is corrupted\)$/),
      what,
    );
  }
});

Deno.test("decodeCheckpoint() names foreign files, newer versions and bad headers", () => {
  const good = encodeCheckpoint({ kind: "gru", metadata: {}, tensors: [] });
  decodeFails(
    new TextEncoder().encode("step,loss\n1,2.3\n"),
    /^not a checkpoint file \(bad magic bytes\)$/,
  );
  decodeFails(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    /^not a checkpoint file \(bad magic bytes\)$/,
  );
  const version2 = good.slice();
  version2[7] = "2".charCodeAt(0);
  decodeFails(version2, /^unsupported format version 2 /);
  decodeFails(
    craft({ format: 2, kind: "gru", metadata: {}, tensors: [] }),
    /^unsupported format version 2$/,
  );
  decodeFails(craft({ kind: "gru", metadata: {}, tensors: [] }), /^header has no format version$/);
  decodeFails(craft("{not json"), /^header is not valid JSON \(/);
  decodeFails(craft(new Uint8Array([0x7b, 0xff, 0x7d])), /^header is not valid UTF-8$/);
  decodeFails(craft("[1, 2]"), /^header is not a JSON object$/);
  decodeFails(craft({ format: 1, metadata: {}, tensors: [] }), /^header has no string 'kind'$/);
  const entry = { name: "w", shape: [2], dtype: "f32", offset: 0, byteLength: 8 };
  decodeFails(
    craft(
      { format: 1, kind: "rnn", metadata: {}, tensors: [entry, { ...entry, offset: 8 }] },
      new Uint8Array(16),
    ),
    /^duplicate tensor name 'w'$/,
  );
  decodeFails(
    craft(
      { format: 1, kind: "rnn", metadata: {}, tensors: [{ ...entry, byteLength: 12 }] },
      new Uint8Array(16),
    ),
    /^tensor 'w' has shape \[2\] and dtype 'f32' \(8 bytes\) but byteLength 12$/,
  );
  decodeFails(
    craft(
      { format: 1, kind: "rnn", metadata: {}, tensors: [{ ...entry, dtype: "f16" }] },
      new Uint8Array(8),
    ),
    /^tensor 'w' has dtype "f16"; expected 'f32' or 'f64'$/,
  );
  decodeFails(
    craft(
      { format: 1, kind: "rnn", metadata: {}, tensors: [{ ...entry, shape: [2.5] }] },
      new Uint8Array(8),
    ),
    /dimensions must be non-negative integers$/,
  );
  decodeFails(
    craft({
      format: 1,
      kind: "rnn",
      metadata: {},
      tensors: [entry, { ...entry, name: "v", offset: 0 }],
    }, new Uint8Array(8)),
    /^tensor 'v' at offset 0 overlaps the tensor before it$/,
  );
  const trailing = new Uint8Array(good.length + 3);
  trailing.set(good);
  decodeFails(trailing, /^file has 3 unexpected bytes after the checksum$/);
});

Deno.test("saveCheckpoint() then loadCheckpoint() round-trips and leaves no temporary files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "checkpoint_test_" });
  try {
    const path = `${dir}/model.ckpt`;
    await saveCheckpoint(path, sampleCheckpoint());
    await saveCheckpoint(path, { ...sampleCheckpoint(), metadata: { step: 2 } }); // overwrite
    const loaded = await loadCheckpoint(path, "lstm");
    assert.deepEqual(loaded.metadata, { step: 2 });
    assert.deepEqual(bits(loaded.tensors[3].values), bits(new Float64Array(F64_SPECIALS)));
    const names = [];
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
    assert.deepEqual(names, ["model.ckpt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadCheckpoint() refuses a missing file, a directory and the wrong kind in one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "checkpoint_test_" });
  try {
    const path = `${dir}/gru.ckpt`;
    await saveCheckpoint(path, { kind: "gru", metadata: {}, tensors: [] });
    await assert.rejects(loadCheckpoint(path, "lstm"), (e: unknown) => {
      assert.equal(
        (e as Error).message,
        `Cannot load checkpoint '${path}': expected kind 'lstm', found 'gru'`,
      );
      return assertCheckpointError(e, path, /kind/);
    });
    await assert.rejects(
      loadCheckpoint(`${dir}/missing.ckpt`),
      (e: unknown) => assertCheckpointError(e, `${dir}/missing.ckpt`, /^file not found$/),
    );
    await assert.rejects(loadCheckpoint(dir), (e: unknown) => assertCheckpointError(e, dir, /./));
    const damaged = await Deno.readFile(path);
    await Deno.writeFile(path, damaged.subarray(0, damaged.length - 9));
    await assert.rejects(
      loadCheckpoint(path),
      (e: unknown) => assertCheckpointError(e, path, /truncated/),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveCheckpoint() failures create nothing and keep the old file intact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "checkpoint_test_" });
  const listing = async (path: string) => {
    const names = [];
    for await (const entry of Deno.readDir(path)) names.push(entry.name);
    return names.sort();
  };
  try {
    // A directory that does not exist: an error, and nothing appears.
    const nowhere = `${dir}/no-such-dir/model.ckpt`;
    await assert.rejects(
      saveCheckpoint(nowhere, sampleCheckpoint()),
      (e: unknown) => assertCheckpointError(e, nowhere, /^its directory does not exist$/, "save"),
    );
    assert.deepEqual(await listing(dir), []);

    // The rename fails (the target is a directory) after the temporary file was written.
    const blocked = `${dir}/blocked.ckpt`;
    await Deno.mkdir(blocked);
    await Deno.writeTextFile(`${blocked}/keep.txt`, "keep");
    await assert.rejects(
      saveCheckpoint(blocked, sampleCheckpoint()),
      (e: unknown) => assertCheckpointError(e, blocked, /./, "save"),
    );
    assert.deepEqual(await listing(dir), ["blocked.ckpt"]);
    assert.equal(await Deno.readTextFile(`${blocked}/keep.txt`), "keep");

    // An invalid checkpoint is refused before anything touches the old file.
    const path = `${dir}/model.ckpt`;
    await saveCheckpoint(path, sampleCheckpoint());
    const before = await Deno.readFile(path);
    const bad = { kind: "lstm", metadata: { loss: NaN }, tensors: [] };
    await assert.rejects(saveCheckpoint(path, bad), TypeError);
    assert.deepEqual(await Deno.readFile(path), before);
    assert.deepEqual(await listing(dir), ["blocked.ckpt", "model.ckpt"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("CheckpointError keeps the file and problem apart and folds newlines into one line", () => {
  const error = new CheckpointError("a\nb.ckpt", "line one\n  line two", { action: "save" });
  assert.equal(error.name, "CheckpointError");
  assert.equal(error.message, "Cannot save checkpoint 'a b.ckpt': line one line two");
  assert.equal(error.source, "a\nb.ckpt");
  assert.ok(error instanceof Error);
});
