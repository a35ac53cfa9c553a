// safetensors encoding: bit-exact round trips and one-line errors for bad files.
import assert from "node:assert/strict";
import {
  decodeSafetensors,
  encodeSafetensors,
  SafetensorsError,
} from "../../src/io/safetensors.ts";

const tensors = [
  {
    name: "lstm.weight_ih_l0",
    shape: [2, 3],
    dtype: "f32" as const,
    values: Float32Array.of(1, -2, 3.5, -0, 1e-40, 7),
  },
  {
    name: "l_out.weight",
    shape: [3],
    dtype: "f64" as const,
    values: Float64Array.of(Math.PI, -1e300, 5e-324),
  },
];

Deno.test("safetensors round trip keeps names, shapes, dtypes, values and metadata exactly", () => {
  const bytes = encodeSafetensors(tensors, { vocabulary: '["a","UNK"]' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0, "data starts 8-byte aligned");
  const decoded = decodeSafetensors(bytes, "memory");
  assert.equal(decoded.metadata.vocabulary, '["a","UNK"]');
  for (const original of tensors) {
    const found = decoded.tensors.find((t) => t.name === original.name)!;
    assert.deepEqual(found.shape, original.shape);
    assert.equal(found.dtype, original.dtype);
    assert.deepEqual(
      [...found.values].map((v) => Object.is(v, -0) ? "-0" : v),
      [...original.values].map((v) => Object.is(v, -0) ? "-0" : v),
    );
  }
});

Deno.test("a truncated or garbled safetensors file is refused with its name", () => {
  const bytes = encodeSafetensors(tensors);
  for (
    const bad of [bytes.subarray(0, 5), bytes.subarray(0, 40), bytes.subarray(0, bytes.length - 3)]
  ) {
    assert.throws(() => decodeSafetensors(bad, "model.safetensors"), (error: Error) => {
      assert.ok(error instanceof SafetensorsError);
      assert.match(error.message, /^Cannot read safetensors 'model\.safetensors': /);
      assert.ok(!error.message.includes("\n"));
      return true;
    });
  }
  const garbled = bytes.slice();
  garbled[9] = 0x7b; // '{' inside the header's JSON
  garbled[10] = 0x7b;
  assert.throws(() => decodeSafetensors(garbled, "x"), SafetensorsError);
});

Deno.test("a header of the wrong shape is refused with its name, not a TypeError", () => {
  // A file with this JSON header and 16 bytes of data.
  const withHeader = (header: unknown) => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const bytes = new Uint8Array(8 + json.length + 16);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    return bytes;
  };
  const good = { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] };
  assert.equal(decodeSafetensors(withHeader({ w: good }), "ok").tensors.length, 1);
  for (
    const [header, pattern] of [
      [null, /header is not a JSON object/],
      [[1, 2], /header is not a JSON object/],
      [{ w: null }, /tensor 'w' lacks a shape of whole numbers/],
      [{ w: { ...good, shape: "2,2" } }, /tensor 'w' lacks a shape of whole numbers/],
      [{ w: { ...good, shape: [2, -2] } }, /tensor 'w' lacks a shape of whole numbers/],
      [{ w: { ...good, data_offsets: [0] } }, /tensor 'w' lacks a shape of whole numbers/],
      [{ w: { ...good, dtype: "I8" } }, /tensor 'w' has dtype I8/],
      [{ __metadata__: { vocabulary: 3 }, w: good }, /__metadata__ is not an object of strings/],
    ] as const
  ) {
    assert.throws(
      () => decodeSafetensors(withHeader(header), "m.safetensors"),
      (error: Error) =>
        error instanceof SafetensorsError &&
        /^Cannot read safetensors 'm\.safetensors': /.test(error.message) &&
        pattern.test(error.message),
      JSON.stringify(header),
    );
  }
});
