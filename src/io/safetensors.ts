// The safetensors format PyTorch users load with `safetensors.torch.load_file`:
// an 8-byte little-endian header length, a JSON header naming each tensor's
// dtype, shape and byte range, then the raw little-endian data.
import type { CheckpointTensor } from "./checkpoint.ts";

/** Thrown for a file that is not valid safetensors; the message names the source. */
export class SafetensorsError extends Error {
  constructor(source: string, problem: string) {
    super(`Cannot read safetensors '${source}': ${problem}`);
    this.name = "SafetensorsError";
  }
}

const DTYPES = { f32: "F32", f64: "F64" } as const;

/**
 * Encodes tensors (PyTorch names, row-major values) and string metadata.
 *
 * @example Round trip
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
 * import assert from "node:assert/strict";
 *
 * const bytes = encodeSafetensors([{ name: "w", shape: [2], dtype: "f32", values: Float32Array.of(1, 2) }]);
 * assert.deepEqual([...decodeSafetensors(bytes, "memory").tensors[0].values], [1, 2]);
 * ```
 */
export function encodeSafetensors(
  tensors: readonly CheckpointTensor[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const tensor of tensors) {
    const bytes = tensor.values.length * (tensor.dtype === "f32" ? 4 : 8);
    header[tensor.name] = {
      dtype: DTYPES[tensor.dtype],
      shape: tensor.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The data that follows starts 8-byte aligned, as the reference writer pads.
  json += " ".repeat((8 - (8 + new TextEncoder().encode(json).length) % 8) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of tensors) {
    for (const value of tensor.values) {
      if (tensor.dtype === "f32") {
        view.setFloat32(at, value, true);
        at += 4;
      } else {
        view.setFloat64(at, value, true);
        at += 8;
      }
    }
  }
  return out;
}

/** Decodes a safetensors file holding F32 and F64 tensors. */
export function decodeSafetensors(
  bytes: Uint8Array,
  source: string,
): { tensors: CheckpointTensor[]; metadata: Record<string, string> } {
  if (bytes.length < 8) {
    throw new SafetensorsError(source, `file is ${bytes.length} bytes, too short for a header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8) {
    throw new SafetensorsError(
      source,
      `header of ${headerLength} bytes does not fit in ${bytes.length} bytes`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch {
    throw new SafetensorsError(source, "header is not valid JSON");
  }
  if (!isObject(header)) throw new SafetensorsError(source, "header is not a JSON object");
  const metadata = header.__metadata__ ?? {};
  if (!isObject(metadata) || !Object.values(metadata).every((value) => typeof value === "string")) {
    throw new SafetensorsError(source, "__metadata__ is not an object of strings");
  }
  const dataStart = 8 + headerLength;
  const tensors: CheckpointTensor[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    if (
      !isObject(entry) || !Array.isArray(entry.shape) ||
      !entry.shape.every((side) => Number.isInteger(side) && side >= 0) ||
      !Array.isArray(entry.data_offsets) || entry.data_offsets.length !== 2
    ) {
      throw new SafetensorsError(
        source,
        `tensor '${name}' lacks a shape of whole numbers or two data_offsets`,
      );
    }
    const { dtype, shape, data_offsets: offsets } = entry as {
      dtype: unknown;
      shape: number[];
      data_offsets: [number, number];
    };
    const width = dtype === "F32" ? 4 : dtype === "F64" ? 8 : 0;
    if (!width) {
      throw new SafetensorsError(
        source,
        `tensor '${name}' has dtype ${dtype}; only F32 and F64 are read`,
      );
    }
    const count = shape.reduce((a, b) => a * b, 1);
    const [start, end] = offsets ?? [];
    if (
      !Number.isInteger(start) || end - start !== count * width || dataStart + end > bytes.length
    ) {
      throw new SafetensorsError(
        source,
        `tensor '${name}' has byte range [${offsets}] that does not fit its shape or the file`,
      );
    }
    const values = width === 4 ? new Float32Array(count) : new Float64Array(count);
    for (let i = 0; i < count; i++) {
      values[i] = width === 4
        ? view.getFloat32(dataStart + start + 4 * i, true)
        : view.getFloat64(dataStart + start + 8 * i, true);
    }
    tensors.push(
      width === 4
        ? { name, shape, dtype: "f32", values: values as Float32Array }
        : { name, shape, dtype: "f64", values: values as Float64Array },
    );
  }
  tensors.sort((a, b) => a.name.localeCompare(b.name));
  return { tensors, metadata: metadata as Record<string, string> };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
