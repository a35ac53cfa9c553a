// What a lab model does inside while it continues a prompt: the greedy
// continuation freestyle() makes (src/generate/freestyle.ts), and at every
// step the next-word probabilities and every unit's hidden state — and, for
// an LSTM, its cell state, where a unit that counts the a's shows as a ramp
// up and back down. H = hidden units, V = vocabulary.
import { argmax } from "../generate/freestyle.ts";
import type { Vocabulary } from "../data/vocabulary.ts";
import type { RecurrentState, SequenceModel } from "../models/model.ts";
import { NnSequenceModel } from "../models/nn_sequence_model.ts";
import { LSTM as NnLstm } from "../nn/lstm.ts";
import { LSTM } from "./models/lstm.ts";

/** One fed word and what the model holds after it. */
export interface TraceStep {
  /** The word fed at this step (a prompt word, or the model's previous choice). */
  input: string;
  /** Whether `input` came from the prompt rather than from the model. */
  fromPrompt: boolean;
  /** Next-word probabilities after this input: (V). */
  probabilities: Float64Array;
  /** The most likely next word. */
  predicted: string;
  /** Hidden state h after this input, last layer: (H). */
  hidden: Float64Array;
  /** Cell state c after this input, last layer: (H); null for cells without one (RNN, GRU). */
  cell: Float64Array | null;
}

/** A prompt, the greedy continuation, and every step in between. */
export interface ContinuationTrace {
  /** The prompt as the model saw it (unknown words as UNK). */
  seen: string[];
  /** The words the model chose, the stop word included when it came. */
  generated: string[];
  /** Whether generation ended with the stop word (rather than the length limit). */
  stopped: boolean;
  /** One step per fed word: the prompt, then every generated word but the last. */
  steps: TraceStep[];
}

/** Options of {@linkcode traceContinuation}. */
export interface TraceOptions {
  /** Most words to generate (default 50). */
  maxTokens?: number;
  /** The word that ends generation (the lab's EOS). */
  stopWord?: string;
}

// Whether the model's recurrent state holds a cell state after h.
function hasCell(model: SequenceModel): boolean {
  return model instanceof LSTM ||
    (model instanceof NnSequenceModel && model.recurrent instanceof NnLstm);
}

// The last H values of a state tensor: the top layer of an (L, H) state.
function lastLayer(state: RecurrentState, index: number, H: number): Float64Array {
  const data = state.tensors[index].data;
  return Float64Array.from(data.subarray(data.length - H));
}

/**
 * Feeds `prompt`, then greedily the most likely word, as `freestyle()` does,
 * recording every step's probabilities and states.
 *
 * @example A zero LSTM keeps its states at 0 and chooses the first word
 * ```ts
 * import { traceContinuation } from "./state_trace.ts";
 * import { LSTM } from "./models/lstm.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 3 });
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const trace = traceContinuation(model, vocabulary, ["a", "b"], { maxTokens: 2, stopWord: "EOS" });
 * assert.deepEqual(trace.generated, ["a", "a"]);
 * assert.deepEqual(trace.steps.map((step) => step.input), ["a", "b", "a"]);
 * assert.deepEqual([...trace.steps[0].cell!], [0, 0, 0]);
 * assert.equal(trace.steps[0].probabilities.length, 4);
 * ```
 */
export function traceContinuation(
  model: SequenceModel,
  vocabulary: Vocabulary,
  prompt: readonly string[],
  options: TraceOptions = {},
): ContinuationTrace {
  const { maxTokens = 50, stopWord } = options;
  if (prompt.length === 0) throw new RangeError("A trace needs a prompt of at least one word");
  if (!Number.isInteger(maxTokens) || maxTokens < 0) {
    throw new RangeError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
  }
  const H = model.hiddenSize;
  const cell = hasCell(model);
  const state = model.createState();
  const steps: TraceStep[] = [];
  const feed = (index: number, fromPrompt: boolean) => {
    const probabilities = model.step(state, index);
    steps.push({
      input: vocabulary.word(index),
      fromPrompt,
      probabilities,
      predicted: vocabulary.word(argmax(probabilities)),
      hidden: lastLayer(state, 0, H),
      cell: cell ? lastLayer(state, 1, H) : null,
    });
    return probabilities;
  };
  try {
    const indices = vocabulary.encode(prompt);
    let probabilities: Float64Array = new Float64Array(0);
    for (const index of indices) probabilities = feed(index, true);
    const generated: string[] = [];
    let stopped = false;
    while (generated.length < maxTokens) {
      const next = argmax(probabilities);
      const word = vocabulary.word(next);
      generated.push(word);
      if (stopWord !== undefined && word === stopWord) {
        stopped = true;
        break;
      }
      if (generated.length < maxTokens) probabilities = feed(next, false);
    }
    return { seen: vocabulary.decode(indices), generated, stopped, steps };
  } finally {
    for (const tensor of state.tensors) model.backend.free(tensor);
  }
}
