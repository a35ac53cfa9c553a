// Every model kind the library can build by name: tasks, checkpoints, the
// PyTorch export and the benches ask here instead of calling constructors.
// The lab adds its from-scratch replicas with `MODELS.with(...)` (src/lab/models/registry.ts).
import type { Backend } from "../core/backend.ts";
import type { RandomSource } from "../core/random_source.ts";
import type { CheckpointTensor } from "../io/checkpoint.ts";
import type { SequenceModel } from "./model.ts";
import { NnSequenceModel } from "./nn_sequence_model.ts";
import { type CharCell, CharModel } from "./char_model.ts";

/**
 * What builds a model: its sizes, plus the options of its kind. Checkpoints
 * store it in their metadata, so unknown fields must be ignored, not trusted.
 */
export interface ModelConfig {
  vocabularySize: number;
  hiddenSize: number;
  /** Stacked layers (nn models; default 1). */
  numLayers?: number;
  /** Whether the output layer has a bias (nn models; the lab's: no). */
  outputBias?: boolean;
  /** LSTM peephole connections (nn-lstm only). */
  peephole?: boolean;
  /** `"softmax"` (default) or `"sigmoid"` outputs (nn models). */
  output?: "softmax" | "sigmoid";
  [option: string]: unknown;
}

/** One kind of model: how to build, initialise, describe and export it. */
export interface ModelKind<M = SequenceModel> {
  /** The name stored in checkpoints, e.g. `"nn-lstm"`. */
  readonly kind: string;
  /** One line for help texts. */
  readonly summary: string;
  /** A model as its constructor makes it. Throws a RangeError on an impossible configuration. */
  create(backend: Backend, config: ModelConfig): M;
  /** The kind's default initialisation (`scheme` names another, where the kind has one). */
  initialize(model: M, random: RandomSource, scheme?: string): void;
  /** The options beyond the sizes that rebuild this model, as {@linkcode create} reads them. */
  options(model: M): Record<string, unknown>;
  /** The weights under PyTorch's names, when they differ from the model's own parameters. */
  torchStateDict?(model: M): CheckpointTensor[];
}

/**
 * A set of model kinds, looked up by name.
 *
 * @example
 * ```ts
 * import { MODELS } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(MODELS.names, ["nn-lstm", "nn-gru"]);
 * assert.throws(() => MODELS.get("gpt"), /Unknown model kind 'gpt': expected one of nn-lstm, nn-gru/);
 * ```
 */
export class ModelRegistry<M = SequenceModel> {
  readonly #kinds: ReadonlyMap<string, ModelKind<M>>;

  constructor(kinds: readonly ModelKind<M>[]) {
    this.#kinds = new Map(kinds.map((kind) => [kind.kind, kind]));
  }

  /** The kinds' names, in registration order. */
  get names(): string[] {
    return [...this.#kinds.keys()];
  }

  /** Whether `kind` is registered. */
  has(kind: string): boolean {
    return this.#kinds.has(kind);
  }

  /** The entry of `kind`; a RangeError listing the known kinds otherwise. */
  get(kind: string): ModelKind<M> {
    const entry = this.#kinds.get(kind);
    if (!entry) {
      throw new RangeError(
        `Unknown model kind '${kind}': expected one of ${this.names.join(", ")}`,
      );
    }
    return entry;
  }

  /** This registry with more kinds (a kind of the same name replaces the old one). */
  with(...kinds: readonly ModelKind<M>[]): ModelRegistry<M> {
    return new ModelRegistry<M>([...this.#kinds.values(), ...kinds]);
  }

  /**
   * Builds a model of `kind` and, when `random` is given, initialises it with
   * the kind's default (or `scheme`).
   *
   * @example An nn LSTM by name, initialised as PyTorch does
   * ```ts
   * import { MODELS } from "./registry.ts";
   * import { NumpyRandom } from "../data/numpy_random.ts";
   * import { createReferenceBackend } from "../backends/reference_backend.ts";
   * import assert from "node:assert/strict";
   *
   * const config = { vocabularySize: 4, hiddenSize: 8 };
   * const model = MODELS.build("nn-lstm", createReferenceBackend(), config, new NumpyRandom(1));
   * assert.equal(model.kind, "nn-lstm");
   * assert.ok(model.parameters[0].value.data.some((w) => w !== 0));
   * assert.throws(() => MODELS.build("gpt", createReferenceBackend(), config), /expected one of/);
   * ```
   */
  build(
    kind: string,
    backend: Backend,
    config: ModelConfig,
    random?: RandomSource,
    scheme?: string,
  ): M {
    const entry = this.get(kind);
    const model = entry.create(backend, config);
    if (random) entry.initialize(model, random, scheme);
    return model;
  }
}

// The nn model's options as a checkpoint's metadata holds them; anything else is ignored.
function nnOptions(config: ModelConfig) {
  return {
    numLayers: typeof config.numLayers === "number" ? config.numLayers : undefined,
    outputBias: typeof config.outputBias === "boolean" ? config.outputBias : undefined,
    peephole: config.peephole === true,
    ...(config.output === "sigmoid" ? { output: "sigmoid" as const } : {}),
  };
}

function nnKind(cell: "lstm" | "gru"): ModelKind {
  const asNn = (model: SequenceModel): NnSequenceModel => {
    if (!(model instanceof NnSequenceModel)) {
      throw new TypeError(`Model kind '${model.kind}' is not an nn-${cell} model`);
    }
    return model;
  };
  return {
    kind: `nn-${cell}`,
    summary: `nn.${cell.toUpperCase()} (PyTorch's layout) then nn.Linear to the vocabulary`,
    create: (backend, config) =>
      new NnSequenceModel(backend, {
        cell,
        vocabularySize: config.vocabularySize,
        hiddenSize: config.hiddenSize,
        ...nnOptions(config),
      }),
    initialize: (model, random, scheme) => {
      if (scheme !== undefined && scheme !== "pytorch" && scheme !== "orthogonal") {
        throw new RangeError(`Unknown initialisation '${scheme}': expected pytorch or orthogonal`);
      }
      asNn(model).initialize(random, scheme);
    },
    options: (model) => {
      const nn = asNn(model);
      return {
        numLayers: nn.numLayers,
        outputBias: nn.output.bias !== null,
        ...(nn.peephole ? { peephole: true } : {}),
        ...(nn.outputKind === "sigmoid" ? { output: "sigmoid" } : {}),
      };
    },
    torchStateDict: (model) => {
      const nn = asNn(model);
      if (nn.peephole) {
        throw new RangeError(
          "torchStateDict: PyTorch's nn.LSTM has no peephole connections, so this model has no PyTorch layout",
        );
      }
      return nn.parameters.map((p) => {
        const data = p.value.data, shape = [...p.value.shape];
        return data instanceof Float32Array
          ? { name: p.name, shape, dtype: "f32" as const, values: data.slice() }
          : { name: p.name, shape, dtype: "f64" as const, values: Float64Array.from(data) };
      });
    },
  };
}

/**
 * The library's model kinds: `nn-lstm` and `nn-gru`.
 *
 * @example
 * ```ts
 * import { MODELS } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(MODELS.get("nn-gru").kind, "nn-gru");
 * ```
 */
export const MODELS: ModelRegistry = new ModelRegistry([nnKind("lstm"), nnKind("gru")]);

function charKind(cell: CharCell): ModelKind<CharModel> {
  return {
    kind: `char-${cell}`,
    summary:
      `a character model: one-hot or nn.Embedding, a stacked nn.${cell.toUpperCase()}, nn.Linear`,
    create: (backend, config) =>
      new CharModel(backend, {
        cell,
        vocabularySize: config.vocabularySize,
        hiddenSize: config.hiddenSize,
        numLayers: typeof config.numLayers === "number" ? config.numLayers : undefined,
        dropout: typeof config.dropout === "number" ? config.dropout : undefined,
        embedding: typeof config.embedding === "number" ? config.embedding : undefined,
      }),
    initialize: (model, random) => model.initialize(random),
    options: (model) => ({
      numLayers: model.numLayers,
      dropout: model.dropout,
      embedding: model.embeddingSize,
    }),
    // Its parameters already carry PyTorch's names: embedding, lstm/gru/rnn, decoder.
    torchStateDict: (model) =>
      model.parameters.map((p) => ({
        name: p.name,
        shape: [...p.value.shape],
        dtype: "f32" as const,
        values: Float32Array.from(p.value.data),
      })),
  };
}

/**
 * The character language models of `deno task charlm`: `char-lstm`, `char-gru`, `char-rnn`.
 *
 * @example A 2-layer GRU character model by name
 * ```ts
 * import { CHAR_MODELS } from "./registry.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = CHAR_MODELS.build("char-gru", createReferenceBackend(), { vocabularySize: 5, hiddenSize: 4 });
 * assert.equal(model.numLayers, 2);
 * assert.equal(model.parameters.at(-1)!.name, "decoder.bias");
 * ```
 */
export const CHAR_MODELS: ModelRegistry<CharModel> = new ModelRegistry([
  charKind("lstm"),
  charKind("gru"),
  charKind("rnn"),
]);
