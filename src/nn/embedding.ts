// nn.Embedding as PyTorch defines it: row i of weight (V, D) is token i's vector.
// R = rows (T·B token ids), V = vocabulary, D = embedding size.
import type { Backend, Tensor } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";
import { gatherRows, scatterRowsAccumulate } from "../core/one_hot.ts";
import type { RandomSource } from "../core/random_source.ts";
import { Workspace } from "../core/workspace.ts";

/** Sizes of an {@linkcode Embedding}. */
export interface EmbeddingOptions {
  numEmbeddings: number;
  embeddingDim: number;
}

/**
 * A lookup table of token vectors with PyTorch's name (`weight`) and default
 * initialisation (standard normal). Forward gathers rows; backward adds each
 * row's gradient into the row of its token. Negative ids (padding) give zero
 * rows and no gradient.
 *
 * @example Two tokens, their rows
 * ```ts
 * import { Embedding } from "./embedding.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const embedding = new Embedding(backend, { numEmbeddings: 3, embeddingDim: 2 });
 * embedding.weight.value.data.set([0, 0, 1, 2, 3, 4]);
 * assert.deepEqual([...embedding.forward(Int32Array.of(2, 1)).data], [3, 4, 1, 2]);
 * ```
 */
export class Embedding {
  readonly backend: Backend;
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly weight: Parameter;
  readonly #space: Workspace;
  #ids: Int32Array | null = null;

  constructor(backend: Backend, options: EmbeddingOptions) {
    const { numEmbeddings, embeddingDim } = options;
    for (const [name, value] of Object.entries({ numEmbeddings, embeddingDim })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`Embedding ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = {
      name: "weight",
      value: backend.tensor([numEmbeddings, embeddingDim]),
      grad: backend.tensor([numEmbeddings, embeddingDim]),
    };
    this.#space = new Workspace(backend, { out: embeddingDim });
  }

  /** PyTorch's default: every weight standard normal. */
  initialize(random: RandomSource): void {
    const data = this.weight.value.data;
    for (let i = 0; i < data.length; i++) data[i] = random.standardNormal();
  }

  /** Frees the table and its buffers; the layer must not be used afterwards. */
  dispose(): void {
    this.backend.free(this.weight.value);
    this.backend.free(this.weight.grad);
    this.#space.dispose();
  }

  /** The parameters under PyTorch's names. */
  parameters(): Parameter[] {
    return [this.weight];
  }

  // out_r = weight[ids_r]
  // ids: R token ids → out: (R, D), module-owned until the next call
  forward(ids: Int32Array): Tensor {
    this.#space.ensure(ids.length);
    const out = this.#space.rows("out", ids.length);
    gatherRows(out, this.weight.value, ids);
    this.#ids = ids;
    return out;
  }

  // dweight[ids_r] += dOut_r
  // dOut: (R, D)
  backward(dOut: Tensor): void {
    if (!this.#ids) throw new Error("Embedding.backward: run forward() first");
    scatterRowsAccumulate(this.weight.grad, dOut, this.#ids);
  }
}
