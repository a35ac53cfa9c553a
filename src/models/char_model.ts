// The character-level language model: token ids → (an embedding, or the
// first layer's gather of weight columns, which is what a one-hot input
// computes) → a stacked LSTM, GRU or RNN → Linear to the vocabulary, trained
// on the mean cross-entropy per character with the recurrent state carried
// from one batch to the next (truncated BPTT, char-rnn's way).
// T = steps, B = streams, V = vocabulary, H = hidden, L = layers, D = embedding size.
import type { Backend, Tensor } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";
import type { RandomSource, UniformSource } from "../core/random_source.ts";
import type { TokenIds } from "../data/char_vocabulary.ts";
import { evaluationBatches, type StreamBatch } from "../data/stream_batches.ts";
import { CarriedState } from "../nn/carried_state.ts";
import { CrossEntropyLoss } from "../nn/cross_entropy.ts";
import { Embedding } from "../nn/embedding.ts";
import { GRU } from "../nn/gru.ts";
import type { SequenceInput } from "../nn/layer_stack.ts";
import { Linear } from "../nn/linear.ts";
import { LSTM } from "../nn/lstm.ts";
import { RNN } from "../nn/rnn.ts";

/** The recurrent cell of a {@linkcode CharModel}. */
export type CharCell = "lstm" | "gru" | "rnn";

/** Sizes of a {@linkcode CharModel}. */
export interface CharModelOptions {
  cell: CharCell;
  vocabularySize: number;
  hiddenSize: number;
  /** Stacked layers (default 2). */
  numLayers?: number;
  /** Dropout between layers in training (default 0). */
  dropout?: number;
  /** D > 0: an nn.Embedding(V, D) first; 0 (default): token ids straight into the first layer. */
  embedding?: number;
}

/** A model's loss on a whole split. */
export interface SplitLoss {
  /** Mean nats per character. */
  loss: number;
  /** Characters predicted. */
  tokens: number;
}

/**
 * A stacked recurrent character model under PyTorch's module names
 * (`embedding.weight`, `lstm.weight_ih_l0` …, `decoder.weight`, `decoder.bias`).
 *
 * @example One training step lowers the loss of that batch
 * ```ts
 * import { CharModel } from "./char_model.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { StreamLoader } from "../data/stream_batches.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new CharModel(createReferenceBackend(), { cell: "gru", vocabularySize: 3, hiddenSize: 4 });
 * model.initialize(new NumpyRandom(0));
 * const batch = new StreamLoader(Uint8Array.of(0, 1, 2, 0, 1, 2, 0, 1, 2), 2, 3).next();
 * model.carried(2).reset();
 * const before = model.forward(batch);
 * assert.ok(Math.abs(before - Math.log(3)) < 0.5);
 * ```
 */
export class CharModel {
  readonly kind: string;
  readonly backend: Backend;
  readonly cell: CharCell;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly dropout: number;
  /** D, or 0 without an embedding. */
  readonly embeddingSize: number;
  readonly embedding: Embedding | null;
  readonly recurrent: LSTM | GRU | RNN;
  readonly decoder: Linear;
  /** Every parameter under its PyTorch name, in the order of a state dict. */
  readonly parameters: readonly Parameter[];
  readonly #loss: CrossEntropyLoss;
  readonly #sum: CrossEntropyLoss;
  readonly #states = new Map<number, CarriedState>();

  constructor(backend: Backend, options: CharModelOptions) {
    const { cell, vocabularySize: V, hiddenSize: H, numLayers = 2, dropout = 0 } = options;
    const D = options.embedding ?? 0;
    if (!["lstm", "gru", "rnn"].includes(cell)) {
      throw new RangeError(`Unknown cell '${cell}': expected lstm, gru or rnn`);
    }
    if (!Number.isInteger(D) || D < 0) {
      throw new RangeError(`embedding must be 0 (none) or a positive integer, got ${D}`);
    }
    this.kind = `char-${cell}`;
    this.backend = backend;
    this.cell = cell;
    this.vocabularySize = V;
    this.hiddenSize = H;
    this.numLayers = numLayers;
    this.dropout = dropout;
    this.embeddingSize = D;
    this.embedding = D > 0 ? new Embedding(backend, { numEmbeddings: V, embeddingDim: D }) : null;
    const sizes = { inputSize: D > 0 ? D : V, hiddenSize: H, numLayers, dropout };
    this.recurrent = cell === "lstm"
      ? new LSTM(backend, sizes)
      : cell === "gru"
      ? new GRU(backend, sizes)
      : new RNN(backend, sizes);
    this.decoder = new Linear(backend, { inFeatures: H, outFeatures: V });
    const named = (prefix: string, list: Parameter[]) =>
      list.map((p) => ({ ...p, name: `${prefix}.${p.name}` }));
    this.parameters = [
      ...(this.embedding ? named("embedding", this.embedding.parameters()) : []),
      ...named(cell, this.recurrent.parameters()),
      ...named("decoder", this.decoder.parameters()),
    ];
    this.#loss = new CrossEntropyLoss(backend);
    this.#sum = new CrossEntropyLoss(backend, { reduction: "sum" });
  }

  /** PyTorch's defaults: embedding standard normal, recurrent and linear weights uniform. */
  initialize(random: RandomSource): void {
    this.embedding?.initialize(random);
    this.recurrent.initialize(random);
    this.decoder.initialize(random);
  }

  /** Where dropout masks come from (a seeded generator, saved with a resumed run). */
  set dropoutRandom(random: UniformSource | null) {
    this.recurrent.dropoutRandom = random;
  }

  /** The state carried between batches of `streams` streams (created zero on first use). */
  carried(streams: number): CarriedState {
    let state = this.#states.get(streams);
    if (!state) {
      state = new CarriedState(this.backend, {
        numLayers: this.numLayers,
        batch: streams,
        hiddenSize: this.hiddenSize,
        cell: this.cell === "lstm",
      });
      this.#states.set(streams, state);
    }
    return state;
  }

  // logits = decoder(rnn(embed(x), carried)); loss = mean −log softmax(logits)[target]
  /** The batch's mean loss per character, training mode; the final state is carried on. */
  forward(batch: StreamBatch): number {
    this.recurrent.training = true;
    return this.#run(batch, this.#loss);
  }

  #run(batch: StreamBatch, loss: CrossEntropyLoss): number {
    const state = this.carried(batch.size);
    if (batch.startsEpoch) state.reset();
    const logits = this.#logits(batch.inputs, batch.size, state);
    return loss.forward(logits, batch.targets);
  }

  // Runs the stack from the carried state, then carries its final state on.
  #logits(ids: Int32Array, streams: number, state: CarriedState): Tensor {
    const x: SequenceInput = this.embedding ? this.embedding.forward(ids) : ids;
    const { recurrent } = this;
    let output: Tensor;
    if (recurrent instanceof LSTM) {
      const result = recurrent.forward(x, streams, state.h, state.c!);
      output = result.output;
      state.carry(result.hN, result.cN);
    } else {
      const result = recurrent.forward(x, streams, state.h);
      output = result.output;
      state.carry(result.hN);
    }
    return this.decoder.forward(output);
  }

  // dlogits → decoder, the stack (the cut at the carried state stops it), the embedding
  /** Adds the gradients of the last forward pass's loss. */
  backward(): void {
    const dOutput = this.decoder.backward(this.#loss.backward());
    const { dInput } = this.recurrent.backward(dOutput);
    if (this.embedding) this.embedding.backward(dInput!);
  }

  /**
   * The mean loss per character over every character of `ids` (B streams of
   * T steps, from a zero state, no dropout). Leaves the training state alone.
   */
  evaluate(ids: TokenIds, streams: number, steps: number): SplitLoss {
    this.recurrent.training = false;
    const state = new CarriedState(this.backend, {
      numLayers: this.numLayers,
      batch: Math.max(1, Math.min(streams, ids.length - 1)),
      hiddenSize: this.hiddenSize,
      cell: this.cell === "lstm",
    });
    let total = 0, tokens = 0;
    try {
      for (const batch of evaluationBatches(ids, streams, steps)) {
        const logits = this.#logits(batch.inputs, batch.size, state);
        total += this.#sum.forward(logits, batch.targets);
        for (const target of batch.targets) if (target >= 0) tokens++;
      }
    } finally {
      state.dispose();
      this.recurrent.training = true;
    }
    return { loss: tokens ? total / tokens : NaN, tokens };
  }

  /**
   * A one-stream reader for generation: `feed(id)` advances its own state by
   * one character and returns the logits of the next (a copy).
   */
  reader(): { feed(id: number): Float64Array; dispose(): void } {
    const state = new CarriedState(this.backend, {
      numLayers: this.numLayers,
      batch: 1,
      hiddenSize: this.hiddenSize,
      cell: this.cell === "lstm",
    });
    const ids = new Int32Array(1);
    return {
      feed: (id: number) => {
        this.recurrent.training = false;
        ids[0] = id;
        const logits = Float64Array.from(this.#logits(ids, 1, state).data);
        this.recurrent.training = true;
        return logits;
      },
      dispose: () => state.dispose(),
    };
  }

  /** Frees the weights, the buffers and the carried states; the model must not be used afterwards. */
  dispose(): void {
    for (const state of this.#states.values()) state.dispose();
    this.#states.clear();
    this.embedding?.dispose();
    this.recurrent.dispose();
    this.decoder.dispose();
    this.#loss.dispose();
    this.#sum.dispose();
  }
}
