// Token ids as network inputs: one-hot rows, or — what a product with a
// one-hot row amounts to — a gather of weight columns, with its scatter-add
// backward. R = rows (T·B), V = vocabulary, G = gate width (the rows of W).
import type { Tensor } from "../backend.ts";

/** Sets a (R, V) tensor to the one-hot rows of `indices` (a negative index gives a zero row). */
export function writeOneHot(target: Tensor, indices: ArrayLike<number>): void {
  const data = target.data;
  const width = target.shape[1];
  data.fill(0);
  for (let row = 0; row < indices.length; row++) {
    const index = indices[row];
    if (index >= width) {
      throw new RangeError(`Index ${index} does not fit a one-hot of size ${width}`);
    }
    if (index >= 0) data[row * width + index] = 1;
  }
}
