// Drawing the next token from a model's output, llm.c's `sample_mult(probs,
// coin)`: the random draw is an argument, so the caller's seeded generator
// decides every sample and a replay gives the same text.
// V = vocabulary (the length of `logits`).

/** How {@linkcode sample} shapes the distribution before drawing. */
export interface SampleOptions {
  /** Divides the logits (default 1): below 1 sharper, above 1 flatter; 0 is greedy. */
  temperature?: number;
  /** Keeps only the k most likely tokens (default: all). */
  topK?: number;
  /** Keeps the smallest set of most likely tokens whose probability reaches p (default 1: all). */
  topP?: number;
}

/**
 * Draws a token index from `logits` with the uniform draw `coin` in [0, 1).
 * Temperature 0 returns the index of the largest logit (the first on ties),
 * whatever the coin; `topK` and `topP` cut the distribution to its most likely
 * tokens (ties broken by index) before the draw.
 *
 * @example Greedy, a sure token, and the coin deciding between two
 * ```ts
 * import { sample } from "./sample.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sample([0.1, 2, 2, -1], 0.99, { temperature: 0 }), 1);
 * assert.equal(sample([0, 50, 0], 0.5), 1);
 * const even = [Math.log(0.5), Math.log(0.5), -Infinity];
 * assert.deepEqual([sample(even, 0.25), sample(even, 0.75)], [0, 1]);
 * assert.equal(sample([1, 3, 2], 0.999, { topK: 1 }), 1);
 * ```
 */
export function sample(
  logits: ArrayLike<number>,
  coin: number,
  options: SampleOptions = {},
): number {
  const { temperature = 1, topK = logits.length, topP = 1 } = options;
  const size = logits.length;
  if (size === 0) throw new RangeError("sample: no logits to draw from");
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`sample: temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  if (!Number.isInteger(topK) || topK < 1) {
    throw new RangeError(`sample: topK must be a positive integer, got ${topK}`);
  }
  if (!(topP > 0 && topP <= 1)) throw new RangeError(`sample: topP must be in (0, 1], got ${topP}`);
  if (!(coin >= 0 && coin < 1)) throw new RangeError(`sample: coin must be in [0, 1), got ${coin}`);
  let best = 0;
  for (let i = 1; i < size; i++) if (logits[i] > logits[best]) best = i;
  if (!Number.isFinite(logits[best])) {
    throw new RangeError(
      `sample: the largest logit is ${logits[best]}, so there is no distribution`,
    );
  }
  if (temperature === 0 || topK === 1) return best;
  // p_i ∝ exp((l_i − max) / T), most likely first
  const order = Array.from({ length: size }, (_, i) => i);
  order.sort((a, b) => logits[b] - logits[a] || a - b);
  const weights = new Float64Array(size);
  let total = 0;
  for (const i of order) total += weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
  // The kept set: the first k in that order, cut further to the nucleus of mass p.
  let kept = Math.min(topK, size), mass = 0;
  for (let rank = 0; rank < kept; rank++) {
    mass += weights[order[rank]];
    if (mass >= topP * total) {
      kept = rank + 1;
      break;
    }
  }
  let keptTotal = 0;
  for (let rank = 0; rank < kept; rank++) keptTotal += weights[order[rank]];
  // Walk the kept tokens in index order, so that a coin maps to tokens as in llm.c.
  const chosen = order.slice(0, kept).sort((a, b) => a - b);
  let cumulative = 0;
  const target = coin * keptTotal;
  for (const i of chosen) {
    cumulative += weights[i];
    if (target < cumulative) return i;
  }
  return chosen[chosen.length - 1]; // rounding left the coin past the end
}
