// A trainable tensor and its gradient: what layers expose and optimizers,
// clipping and checkpoints work on.
import type { Tensor } from "./backend.ts";

/** A trainable tensor, its gradient, and the name the lab and checkpoints use. */
export interface Parameter {
  readonly name: string;
  readonly value: Tensor;
  readonly grad: Tensor;
}
