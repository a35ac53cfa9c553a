// nn.CrossEntropyLoss on logits: mean (or sum) of −log softmax(logits)[target]
// over rows whose target is not ignored. N = rows, C = classes.
import type { Backend, Tensor } from "../core/backend.ts";

/** Options of {@linkcode CrossEntropyLoss}, as PyTorch's. */
export interface CrossEntropyOptions {
  /** `"mean"` over non-ignored rows (default) or `"sum"`. */
  reduction?: "mean" | "sum";
  /** Targets equal to this are skipped (default −1, our padding mark). */
  ignoreIndex?: number;
}

/**
 * Cross-entropy with PyTorch's reductions. `forward` returns the loss,
 * `backward` the gradient at the logits (a module-owned buffer).
 *
 * @example Equal logits over 4 classes cost ln 4
 * ```ts
 * import { CrossEntropyLoss } from "./cross_entropy.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const loss = new CrossEntropyLoss(backend).forward(backend.tensor([1, 4]), [2]);
 * assert.ok(Math.abs(loss - Math.log(4)) < 1e-12);
 * ```
 */
export class CrossEntropyLoss {
  readonly backend: Backend;
  readonly reduction: "mean" | "sum";
  readonly ignoreIndex: number;
  #targets: Int32Array = new Int32Array(0);
  #count = 0;
  #probs: Tensor | null = null;
  #dLogits: Tensor | null = null;

  constructor(backend: Backend, options: CrossEntropyOptions = {}) {
    this.backend = backend;
    this.reduction = options.reduction ?? "mean";
    this.ignoreIndex = options.ignoreIndex ?? -1;
  }

  // loss = Σ_n −log softmax(logits_n)[t_n] (÷ the number of counted rows for "mean")
  forward(logits: Tensor, targets: ArrayLike<number>): number {
    if (logits.shape.length !== 2) {
      throw new RangeError(
        `CrossEntropyLoss: logits must be (N, C), got [${logits.shape.join(", ")}]`,
      );
    }
    const [rows, classes] = logits.shape;
    // The kernels mark skipped rows with negative targets, whatever ignoreIndex is.
    const marked = Int32Array.from(targets, (t) => (t === this.ignoreIndex ? -1 : t));
    this.#count = marked.reduce((count, t) => count + (t >= 0 ? 1 : 0), 0);
    this.#targets = marked;
    this.#ensure(rows, classes);
    const total = this.backend.crossEntropyForward(this.#probs!, logits, marked);
    if (this.reduction === "sum") return total;
    return this.#count ? total / this.#count : NaN;
  }

  // dlogits_n = (softmax_n − onehot(t_n)) (÷ the count for "mean"), 0 on skipped rows
  backward(): Tensor {
    if (!this.#probs) throw new Error("CrossEntropyLoss.backward: run forward() first");
    const dLogits = this.#dLogits!;
    this.backend.zero(dLogits);
    const scale = this.reduction === "sum" ? 1 : 1 / Math.max(this.#count, 1);
    this.backend.crossEntropyBackward(dLogits, this.#probs, this.#targets, scale);
    return dLogits;
  }

  /** Frees its buffers. */
  dispose(): void {
    if (this.#probs) this.backend.free(this.#probs);
    if (this.#dLogits) this.backend.free(this.#dLogits);
    this.#probs = this.#dLogits = null;
  }

  #ensure(rows: number, classes: number): void {
    if (this.#probs && this.#probs.shape[0] === rows && this.#probs.shape[1] === classes) return;
    if (this.#probs) this.backend.free(this.#probs);
    if (this.#dLogits) this.backend.free(this.#dLogits);
    this.#probs = this.backend.tensor([rows, classes]);
    this.#dLogits = this.backend.tensor([rows, classes]);
  }
}
