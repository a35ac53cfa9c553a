// Scratch tensors for a model's forward and backward passes, sized in rows
// (T·B) and grown on demand, so a training run allocates once per shape
// instead of once per sequence.
import type { Backend, Tensor } from "./backend.ts";

/** Named (rows, width) buffers on one backend, viewed at the size each batch needs. */
export class Workspace {
  readonly #backend: Backend;
  readonly #widths: Record<string, number>;
  readonly #buffers = new Map<string, Tensor>();
  #capacity = 0;
  readonly #views = new Map<string, Tensor>();
  readonly #steps = new Map<string, Tensor[][]>();
  readonly #leading = new Map<string, Tensor[]>();

  constructor(backend: Backend, widths: Record<string, number>) {
    this.#backend = backend;
    this.#widths = widths;
  }

  /** Makes room for `rows` rows in every buffer. */
  ensure(rows: number): void {
    if (rows <= this.#capacity) return;
    this.dispose();
    this.#capacity = Math.max(rows, Math.ceil(this.#capacity * 1.5));
    for (const [name, width] of Object.entries(this.#widths)) {
      this.#buffers.set(name, this.#backend.tensor([this.#capacity, width]));
    }
  }

  /** The first `rows` rows of buffer `name`, as a (rows, width) tensor. */
  rows(name: string, rows: number): Tensor {
    // Indexed by row count rather than by a string key: called a dozen times
    // per sequence, this stays off the allocator.
    let byRows = this.#leading.get(name);
    if (!byRows) {
      byRows = [];
      this.#leading.set(name, byRows);
    }
    return byRows[rows] ??= this.#view(name, 0, rows);
  }

  /** Rows t·size … t·size + size − 1 of buffer `name`: one time step of a batch. */
  block(name: string, t: number, size: number): Tensor {
    return this.steps(name, size, t + 1)[t];
  }

  /**
   * Views of buffer `name` for time steps 0 … count − 1 of batches of `size`
   * rows each, cached: the per-step loops of a forward pass index an array
   * instead of building views.
   */
  steps(name: string, size: number, count: number): readonly Tensor[] {
    let bySize = this.#steps.get(name);
    if (!bySize) {
      bySize = [];
      this.#steps.set(name, bySize);
    }
    const list = bySize[size] ??= [];
    for (let t = list.length; t < count; t++) list.push(this.#view(name, t * size, size));
    return list;
  }

  #view(name: string, firstRow: number, rows: number): Tensor {
    const key = `${name}:${firstRow}:${rows}`;
    let view = this.#views.get(key);
    if (!view) {
      const buffer = this.#buffers.get(name);
      if (!buffer) throw new Error(`Workspace has no buffer '${name}' (call ensure() first)`);
      const width = this.#widths[name];
      view = this.#backend.view(buffer, firstRow * width, [rows, width]);
      this.#views.set(key, view);
    }
    return view;
  }

  /** Frees every buffer. */
  dispose(): void {
    for (const buffer of this.#buffers.values()) this.#backend.free(buffer);
    this.#buffers.clear();
    this.#views.clear();
    this.#steps.clear();
    this.#leading.clear();
    this.#capacity = 0;
  }
}

/** Copies a row vector into every row of a (R, C) tensor: the bias before a product accumulates. */
export function fillRows(target: Tensor, row: Tensor): void {
  const data = target.data;
  const values = row.data;
  for (let offset = 0; offset < data.length; offset += values.length) data.set(values, offset);
}
