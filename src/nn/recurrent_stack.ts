// What nn.RNN, nn.LSTM and nn.GRU share as objects: their sizes, training mode,
// the generator dropout draws from, and per layer PyTorch's weights with a
// workspace. Each subclass builds its layers and writes its own forward and
// backward; the helpers they call are in layer_stack.ts.
import type { Backend } from "../core/backend.ts";
import type { Parameter } from "../core/parameter.ts";
import type { UniformSource } from "../core/random_source.ts";
import type { Workspace } from "../core/workspace.ts";
import {
  disposeStack,
  initStackUniform,
  type LayerWeights,
  type StackModule,
  type StackOptions,
  stackParameters,
  stackSizes,
} from "./layer_stack.ts";

/** One layer of a stack: its weights and the buffers its passes use. */
export interface StackLayer extends LayerWeights {
  space: Workspace;
}

/** The sizes, mode and layers of a stacked recurrent module. */
export abstract class RecurrentStack implements StackModule {
  readonly backend: Backend;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Dropout probability between layers (used in training mode only). */
  readonly dropout: number;
  /** Training mode applies dropout; set false to evaluate (PyTorch's `eval()`). */
  training = true;
  /** Where dropout masks are drawn from; set it (seeded) before training with dropout. */
  dropoutRandom: UniformSource | null = null;
  /** Layer k's weights and workspace, for k = 0 … L − 1 (the subclass's constructor fills it). */
  protected readonly layers: StackLayer[] = [];

  constructor(module: string, backend: Backend, options: StackOptions) {
    const { inputSize, hiddenSize, numLayers, dropout } = stackSizes(module, options);
    this.backend = backend;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.dropout = dropout;
  }

  /** The workspace of the module's final states and their gradients. */
  protected abstract readonly state: Workspace;

  /** Draws every weight and bias again, uniform in ±1/√H (PyTorch's default). */
  initialize(random: UniformSource): void {
    initStackUniform(this.layers, this.hiddenSize, random);
  }

  /** The parameters in PyTorch's order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, … */
  parameters(): Parameter[] {
    return stackParameters(this.layers);
  }

  /** Frees every parameter and buffer; the module must not be used afterwards. */
  dispose(): void {
    disposeStack(this.backend, this.layers, this.state);
  }
}
