// The kernels import their linear memory (env.memory), so that several
// instances — another backend, a Worker — can run on the same tensors. A
// module's memory import declares whether the memory is shared, and an
// instance links only to a memory that matches. Rather than ship a second
// binary per build, the loader flips that one flag: AssemblyScript's outputs
// with and without `--sharedMemory --enable threads` differ in exactly this
// byte (tasks/build_kernels.ts checks it on every build), so the generated
// module keeps its size and check:kernels compiles each build once.

/** The largest memory the kernels' import allows: 65536 pages of 64 KiB, all of wasm32. */
export const MAXIMUM_PAGES = 65536;

/** Where a module's memory import keeps its limits. */
export interface MemoryImport {
  /** Byte offset of the limits flag: 0x01 (has a maximum), 0x03 (shared, with a maximum). */
  flagOffset: number;
  /** The minimum size in 64 KiB pages that a memory must have to link. */
  minimum: number;
  /** The maximum size in pages that the import allows, if it declares one. */
  maximum: number | undefined;
}

// Reads an unsigned LEB128 number at `offset`; returns it and the offset after it.
function leb(bytes: Uint8Array, offset: number): [number, number] {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, offset];
}

/**
 * Finds the memory import of a WebAssembly binary.
 *
 * @param bytes A WebAssembly module.
 * @returns Its memory import's limits, or undefined when it imports no memory.
 *
 * @example A module importing a memory of at least 1 and at most 2 pages
 * ```ts
 * import { findMemoryImport } from "./memory_import.ts";
 * import assert from "node:assert/strict";
 *
 * // magic, version, then an import section: 1 import "env" "memory", memory, limits {1, 2}
 * const bytes = new Uint8Array([
 *   0, 97, 115, 109, 1, 0, 0, 0,
 *   2, 16, 1, 3, 101, 110, 118, 6, 109, 101, 109, 111, 114, 121, 2, 1, 1, 2,
 * ]);
 * assert.ok(WebAssembly.validate(bytes));
 * assert.deepEqual(findMemoryImport(bytes), { flagOffset: 23, minimum: 1, maximum: 2 });
 * ```
 */
export function findMemoryImport(bytes: Uint8Array): MemoryImport | undefined {
  let offset = 8; // magic and version
  while (offset < bytes.length) {
    const id = bytes[offset];
    const [size, body] = leb(bytes, offset + 1);
    offset = body + size;
    if (id !== 2) continue;
    let [count, at] = leb(bytes, body);
    for (; count > 0; count--) {
      for (let name = 0; name < 2; name++) {
        const [length, after] = leb(bytes, at);
        at = after + length;
      }
      const kind = bytes[at++];
      if (kind === 0x02) {
        const flagOffset = at;
        const [minimum, next] = leb(bytes, at + 1);
        const maximum = bytes[flagOffset] & 1 ? leb(bytes, next)[0] : undefined;
        return { flagOffset, minimum, maximum };
      }
      // A function's type index; a table's type and limits; a global's type and mutability.
      if (kind === 0x00) at = leb(bytes, at)[1];
      else if (kind === 0x01) {
        const flags = bytes[at + 1];
        at = leb(bytes, at + 2)[1];
        if (flags & 1) at = leb(bytes, at)[1];
      } else if (kind === 0x03) at += 2;
      else throw new TypeError(`Unexpected import kind ${kind} in a WebAssembly module`);
    }
    return undefined;
  }
  return undefined;
}

/**
 * A copy of `bytes` whose memory import is declared shared (`shared`) or not.
 *
 * @param bytes A WebAssembly module importing a memory with a maximum, as the kernels do.
 * @param shared Whether the memory it links to will be shared.
 * @returns The patched copy.
 *
 * @example The same module, for a shared memory
 * ```ts
 * import { findMemoryImport, withSharedMemoryImport } from "./memory_import.ts";
 * import assert from "node:assert/strict";
 *
 * const bytes = new Uint8Array([
 *   0, 97, 115, 109, 1, 0, 0, 0,
 *   2, 16, 1, 3, 101, 110, 118, 6, 109, 101, 109, 111, 114, 121, 2, 1, 1, 2,
 * ]);
 * const shared = withSharedMemoryImport(bytes, true);
 * assert.equal(shared[findMemoryImport(shared)!.flagOffset], 0x03);
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
 * new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory } });
 * assert.deepEqual(withSharedMemoryImport(shared, false), bytes);
 * ```
 */
export function withSharedMemoryImport(
  bytes: Uint8Array,
  shared: boolean,
): Uint8Array<ArrayBuffer> {
  const memory = findMemoryImport(bytes);
  if (!memory || memory.maximum === undefined) {
    throw new TypeError(
      "This WebAssembly module does not import a memory with a maximum size, so it cannot be " +
        "linked to a shared memory; build it with --importMemory --maximumMemory",
    );
  }
  const copy = bytes.slice();
  copy[memory.flagOffset] = shared ? 0x03 : 0x01;
  return copy;
}
