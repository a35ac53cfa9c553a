// The char-LM in the worker: trainCharModel on the page's text, paused by
// holding its onStep callback, stopped by its abort signal; a sample at
// every evaluation; checkpoints in the CLI's format (`deno task charlm
// sample --checkpoint` reads them) and safetensors; and checkpoints the CLI
// wrote, loaded to sample from.
import { getBackend } from "../../src/backends/get_backend.ts";
import type { WasmBackend } from "../../src/backends/wasm_backend.ts";
import { CharVocabulary } from "../../src/data/char_vocabulary.ts";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { sampleCharModel } from "../../src/generate/char_sample.ts";
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from "../../src/io/checkpoint.ts";
import type { CharModel } from "../../src/models/char_model.ts";
import { charSafetensors } from "../../src/models/char_safetensors.ts";
import { charCheckpoint, restoreCharModel } from "../../src/train/char_checkpoint.ts";
import {
  CHAR_DEFAULTS,
  type CharTrainingOptions,
  splitCorpus,
  trainCharModel,
} from "../../src/train/char_training.ts";
import type { CharSettings, RunState, SampleSettings } from "../protocol.ts";
import type { Post } from "./scope.ts";

const STEP_INTERVAL_MS = 50;

/** The model samples and downloads come from: the one in training, or one loaded. */
interface Current {
  model: CharModel;
  vocabulary: CharVocabulary;
  /** What the page calls it. */
  source: string;
  iterations: () => number;
  checkpoint: () => Checkpoint;
  /** Frees what the wasm backend holds for it beyond the weights (optimizer, carried states). */
  dispose: () => void;
}

/** The training options of the page's settings: the CLI's defaults for everything else. */
export function charOptions(settings: CharSettings): CharTrainingOptions {
  const { backend: _backend, ...chosen } = settings;
  return {
    ...CHAR_DEFAULTS,
    ...chosen,
    // A short run from the page warms up over a tenth of it at most.
    warmup: Math.min(CHAR_DEFAULTS.warmup, Math.floor(settings.maxIters / 10)),
    // The CLI's dropout and fast decay are for 15 minutes on a megabyte; a page's
    // run is a few hundred updates, often over many epochs of a pasted text,
    // where both would only hold the small model back.
    dropout: 0,
    decayRate: 0.9,
    decayAfter: 2,
  };
}

/** Trains, samples and saves char models for the page. */
export class CharRunner {
  readonly #post: Post;
  #state: RunState = "idle";
  #current: Current | null = null;
  #controller: AbortController | null = null;
  #resume: (() => void) | null = null;
  #paused = false;
  #sample: SampleSettings | null = null;

  constructor(post: Post) {
    this.#post = post;
  }

  async train(text: string, settings: CharSettings, sample: SampleSettings): Promise<void> {
    if (this.#state === "running" || this.#state === "paused") return;
    this.#sample = sample;
    const { vocabulary, ids } = CharVocabulary.fromUtf8(new TextEncoder().encode(text));
    const corpus = splitCorpus(vocabulary, ids, 0.1);
    const options = charOptions(settings);
    const backend = getBackend(settings.backend);
    this.#post({
      type: "char:corpus",
      characters: ids.length,
      vocabularySize: vocabulary.size,
      train: corpus.train.length,
      validation: corpus.validation.length,
      backend: backend.description,
    });
    const controller = new AbortController();
    this.#controller = controller;
    this.#paused = false;
    this.#setState("running");
    let lastStep = 0;
    try {
      const result = await trainCharModel(corpus, options, {
        onStep: (step) => {
          const now = performance.now();
          if (now - lastStep > STEP_INTERVAL_MS || step.iter === step.maxIters) {
            lastStep = now;
            this.#post({ type: "char:step", step });
          }
          // Pause holds the run here, between two updates, until Resume or Stop.
          if (this.#paused && !controller.signal.aborted) {
            return new Promise<void>((resolve) => (this.#resume = resolve));
          }
        },
        onEvaluation: (evaluation, run) => {
          if (this.#current?.model !== run.model) this.#current?.dispose();
          this.#current = {
            model: run.model,
            vocabulary: run.corpus.vocabulary,
            source: "training",
            iterations: () => run.trainer.stepCount,
            checkpoint: () => run.checkpoint(),
            dispose: () => {
              run.trainer.dispose();
              run.model.dispose();
            },
          };
          this.#post({
            type: "char:evaluation",
            evaluation,
            history: [...run.history],
            helperSlices: (backend as Partial<WasmBackend>).helperSlices ?? 0,
          });
          this.#sendSample();
        },
      }, { backend, signal: controller.signal });
      this.#post({ type: "char:step", step: lastStepOf(result) });
    } finally {
      this.#controller = null;
      this.#setState("done");
    }
  }

  pause(): void {
    if (this.#state !== "running") return;
    this.#paused = true;
    this.#setState("paused");
  }

  resume(): void {
    if (this.#state !== "paused") return;
    this.#paused = false;
    this.#setState("running");
    this.#release();
  }

  /** Ends the run after the current update; its model stays for samples and downloads. */
  stop(): void {
    this.#controller?.abort();
    this.#release();
  }

  sample(settings: SampleSettings): void {
    this.#sample = settings;
    this.#sendSample();
  }

  /** The current model in `deno task charlm`'s checkpoint format. */
  checkpoint(): void {
    const current = this.#need();
    const bytes = encodeCheckpoint(current.checkpoint());
    this.#post({ type: "file", name: `charlm_iter${current.iterations()}.ckpt`, bytes }, [
      bytes.buffer as ArrayBuffer,
    ]);
  }

  safetensors(): void {
    const current = this.#need();
    const bytes = charSafetensors(current.model, current.vocabulary);
    this.#post(
      { type: "file", name: `charlm_iter${current.iterations()}.safetensors`, bytes },
      [bytes.buffer as ArrayBuffer],
    );
  }

  /** Reads a checkpoint (one `deno task charlm train` wrote, say) to sample from. */
  load(name: string, bytes: Uint8Array, backend: "wasm" | "reference"): void {
    if (this.#state === "running" || this.#state === "paused") {
      throw new RangeError("Stop the training before loading a checkpoint");
    }
    const contents = restoreCharModel(decodeCheckpoint(bytes, name), getBackend(backend), name);
    const { model, vocabulary, trainer, metadata } = contents;
    const iterations = trainer?.step ?? null;
    this.#current?.dispose();
    this.#current = {
      model,
      vocabulary,
      source: name,
      iterations: () => iterations ?? 0,
      checkpoint: () => charCheckpoint(model, vocabulary, trainer, metadata),
      dispose: () => model.dispose(),
    };
    this.#post({
      type: "char:loaded",
      name,
      kind: model.kind,
      hiddenSize: model.hiddenSize,
      numLayers: model.numLayers,
      vocabularySize: model.vocabularySize,
      iterations,
    });
    this.#sendSample();
  }

  #need(): Current {
    if (!this.#current) {
      throw new RangeError("There is no model yet: train until the first evaluation, or load one");
    }
    return this.#current;
  }

  #sendSample(): void {
    const current = this.#current, settings = this.#sample;
    if (!current || !settings) return;
    const { text } = sampleCharModel(current.model, current.vocabulary, {
      prime: settings.prime || undefined,
      length: settings.length,
      temperature: settings.temperature,
      topK: settings.topK > 0 ? settings.topK : undefined,
      random: new NumpyRandom(settings.seed),
    });
    this.#post({
      type: "char:sample",
      text,
      iter: current.iterations(),
      source: current.source,
      settings: { ...settings },
    });
  }

  #release(): void {
    const resume = this.#resume;
    this.#resume = null;
    resume?.();
  }

  #setState(state: RunState): void {
    this.#state = state;
    this.#post({ type: "char:state", state });
  }
}

// The run's closing figures as a last progress line.
function lastStepOf(result: Awaited<ReturnType<typeof trainCharModel>>) {
  const { run } = result;
  return {
    iter: run.trainer.stepCount,
    maxIters: run.options.maxIters,
    epoch: run.loader.epochs,
    loss: run.history.at(-1)?.trainLoss ?? NaN,
    gradientNorm: NaN,
    lr: NaN,
    tokensPerSecond: result.tokensPerSecond,
    seconds: result.seconds,
    etaSeconds: 0,
  };
}
