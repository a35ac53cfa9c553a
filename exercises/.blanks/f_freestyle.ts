// Exercise F — freestyle: let a trained model continue a prompt.
//
// Feed the prompt's words one by one (an unknown word as "UNK"); then, until
// the model says "EOS" or `maxLength` words have been generated, take the most
// likely next word (the first of equals), append it, and feed it back in.

/** A model that reads one token at a time and keeps its own recurrent state. */
export interface StepModel<State> {
  /** A fresh zero state. */
  createState(): State;
  /** Feeds `token`, updates `state`, returns the K probabilities of the next token. */
  step(state: State, token: number): ArrayLike<number>;
}

/**
 * Greedy continuation of `prompt`.
 *
 * @returns The generated words, "EOS" included when it came.
 */
export function freestyle<State>(
  model: StepModel<State>,
  prompt: readonly string[],
  wordToIdx: Record<string, number>,
  idxToWord: readonly string[],
  maxLength = 50,
): string[] {
  throw new Error("TODO");
}
