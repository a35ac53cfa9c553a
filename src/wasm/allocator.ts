// A first-fit allocator for the TypeScript side of WebAssembly linear memory.
// The kernels never allocate: every buffer they touch is carved out here,
// 16-byte aligned so that v128 loads of a tensor's start are aligned.

const PAGE = 65536;
const ALIGN = 16;
const MAX_PAGES = 65536;

interface Block {
  start: number;
  bytes: number;
}

/** Hands out byte ranges of one `WebAssembly.Memory`, growing it on demand. */
export class Allocator {
  readonly memory: WebAssembly.Memory;
  /** Increments every time memory grows, which detaches all existing views. */
  generation = 0;
  #top: number;
  #free: Block[] = [];
  #sizes = new Map<number, number>();

  constructor(memory: WebAssembly.Memory, heapBase: number) {
    this.memory = memory;
    this.#top = Math.ceil(heapBase / ALIGN) * ALIGN;
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
    // grow detaches every view, which tensors then recreate lazily).
    const target = Math.min(MAX_PAGES, Math.max(needed, pages * 2));
    try {
      this.memory.grow(target - pages);
    } catch {
      throw new RangeError(
        `WebAssembly memory exhausted: cannot grow to ${
          (needed * PAGE / 2 ** 20).toFixed(0)
        } MiB ` +
          `(${
            (this.bytesInUse / 2 ** 20).toFixed(1)
          } MiB in use); free unused tensors or use smaller shapes`,
      );
    }
    this.generation++;
  }
}
