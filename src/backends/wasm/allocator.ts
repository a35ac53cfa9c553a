// A first-fit allocator for the TypeScript side of WebAssembly linear memory.
// The kernels never allocate: every buffer they touch is carved out here,
// 16-byte aligned so that v128 loads of a tensor's start are aligned. One
// memory has one allocator, however many kernel instances run on it.

import { MAXIMUM_PAGES } from "./memory_import.ts";

const PAGE = 65536;
const ALIGN = 16;
// Marks a shared memory's first heap word once a thread allocates in it ("RNNa").
const CLAIMED = 0x524e4e61;

interface Block {
  start: number;
  bytes: number;
}

/** Hands out byte ranges of one `WebAssembly.Memory`, growing it on demand. */
export class Allocator {
  readonly memory: WebAssembly.Memory;
  /**
   * Increments every time memory grows. Growth detaches every view of an
   * unshared memory; views of a shared one stay valid but keep their old
   * length, so views are recreated either way.
   */
  generation = 0;
  /** The first byte it hands out; the kernels' static data lies below. */
  readonly start: number;
  #top: number;
  #free: Block[] = [];
  #sizes = new Map<number, number>();

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.#top = Math.ceil(heapBase / ALIGN) * ALIGN;
    this.start = this.#top;
  }

  /** Bytes currently handed out. */
  get bytesInUse(): number {
    let total = 0;
    for (const bytes of this.#sizes.values()) total += bytes;
    return total;
  }

  /** Returns the byte offset of `bytes` fresh bytes (contents unspecified). */
  allocate(bytes: number): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    for (let i = 0; i < this.#free.length; i++) {
      const block = this.#free[i];
      if (block.bytes < size) continue;
      const start = block.start;
      if (block.bytes === size) this.#free.splice(i, 1);
      else {
        block.start += size;
        block.bytes -= size;
      }
      this.#sizes.set(start, size);
      return start;
    }
    const start = this.#top;
    this.#ensure(start + size);
    this.#top = start + size;
    this.#sizes.set(start, size);
    return start;
  }

  /** Returns a range from {@linkcode Allocator.allocate} for reuse. */
  release(start: number): void {
    const size = this.#sizes.get(start);
    if (size === undefined) throw new Error(`Allocator: ${start} is not an allocated block`);
    this.#sizes.delete(start);
    // Keep the free list sorted by address and merge neighbours, so that
    // freeing everything leaves one block (or none, once the top is lowered).
    let index = this.#free.findIndex((block) => block.start > start);
    if (index < 0) index = this.#free.length;
    this.#free.splice(index, 0, { start, bytes: size });
    const next = this.#free[index + 1];
    const current = this.#free[index];
    if (next && current.start + current.bytes === next.start) {
      current.bytes += next.bytes;
      this.#free.splice(index + 1, 1);
    }
    const previous = this.#free[index - 1];
    if (previous && previous.start + previous.bytes === current.start) {
      previous.bytes += current.bytes;
      this.#free.splice(index, 1);
    }
    const last = this.#free[this.#free.length - 1];
    if (last && last.start + last.bytes === this.#top) {
      this.#top = last.start;
      this.#free.pop();
    }
  }

  #ensure(end: number): void {
    const pages = this.memory.buffer.byteLength / PAGE;
    const needed = Math.ceil(end / PAGE);
    if (needed <= pages) return;
    // Grow geometrically so that many small allocations cost few grows (each
    // grow detaches every view, which tensors then recreate lazily); a memory
    // whose maximum is below the doubled size grows just enough.
    const target = Math.min(MAXIMUM_PAGES, Math.max(needed, pages * 2));
    if (!this.#grow(target - pages) && !this.#grow(needed - pages)) {
      throw new RangeError(
        `WebAssembly memory exhausted: cannot grow to ${
          (needed * PAGE / 2 ** 20).toFixed(0)
        } MiB ` +
          `(${
            (this.bytesInUse / 2 ** 20).toFixed(1)
          } MiB in use); free unused tensors, use smaller shapes, or give the memory a larger maximum`,
      );
    }
    this.generation++;
  }

  #grow(pages: number): boolean {
    try {
      this.memory.grow(pages);
      return true;
    } catch {
      return false;
    }
  }
}

const allocators = new WeakMap<WebAssembly.Memory, Allocator>();

/**
 * The allocator of `memory` in this thread, created on first use. Kernel
 * instances on one memory share it, so their tensors never overlap. A shared
 * memory is allocated in by one thread only: the first to ask marks it, and a
 * second thread is refused (it runs kernels on the first one's tensors instead).
 *
 * @param memory The memory the kernels run on.
 * @param heapBase Where the kernels' static data ends (their `heapBase()`).
 * @returns The allocator.
 *
 * @example Two kernel instances on one memory, one allocator
 * ```ts
 * import { allocatorFor } from "./allocator.ts";
 * import assert from "node:assert/strict";
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 16 });
 * const allocator = allocatorFor(memory, 1024);
 * assert.equal(allocatorFor(memory, 1024), allocator);
 * const a = allocator.allocate(100), b = allocator.allocate(100);
 * assert.ok(a >= 1024 && b >= a + 100);
 * ```
 */
export function allocatorFor(memory: WebAssembly.Memory, heapBase: number): Allocator {
  let allocator = allocators.get(memory);
  if (!allocator) {
    // The buffer as either kind: with the DOM's types, the instanceof test below
    // would otherwise narrow a WebAssembly.Memory's buffer to nothing.
    const buffer: ArrayBufferLike = memory.buffer;
    const bytes = buffer.byteLength;
    const shared = typeof SharedArrayBuffer === "function" && buffer instanceof SharedArrayBuffer;
    const base = Math.ceil(heapBase / ALIGN) * ALIGN;
    if (shared) {
      if (bytes < base + ALIGN) memory.grow(1);
      const claim = new Int32Array(memory.buffer, base, 1);
      if (Atomics.compareExchange(claim, 0, 0, CLAIMED) !== 0) {
        throw new TypeError(
          "This shared WebAssembly.Memory already has an allocator in another thread, and " +
            "tensors are allocated by one thread only; run the kernels on its tensors with " +
            "instantiateKernels() and byte offsets from that thread's backend",
        );
      }
    }
    allocator = new Allocator(memory, shared ? base + ALIGN : base);
    allocators.set(memory, allocator);
  } else if (heapBase > allocator.start) {
    throw new RangeError(
      `These kernels' static data ends at byte ${heapBase}, above the first tensor of this ` +
        `memory at ${allocator.start}: run the same build of the kernels on one memory`,
    );
  }
  return allocator;
}
