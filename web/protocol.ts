// The messages between the page and its training worker. The worker owns
// every model and backend; the page only draws what it is told. Typed arrays
// travel by structured clone (downloads are transferred).
import type { EpochReport } from "../src/train/train.ts";
import type { CharEvaluation, CharStep } from "../src/train/char_training.ts";

/** Which backend trains: the wasm kernels, or the Float64 TypeScript reference. */
export type BackendChoice = "wasm" | "reference";

/** A lab run's settings, as the page's form holds them (a LabSessionConfig with names). */
export interface LabSettings {
  /** A language's name (`anbn`, `dyck1`, …). */
  language: string;
  /** A lab session kind: `rnn`, `lstm`, `nn-lstm`, `nn-gru`. */
  kind: string;
  hiddenSize: number;
  seed: number;
  epochs: number;
  optimizer: "sgd" | "adam";
  lr: number;
  clipNorm: number;
  decayEpochs: number;
  decayTo: number;
  backend: BackendChoice;
}

/** A char-LM run's settings. */
export interface CharSettings {
  cell: "lstm" | "gru" | "rnn";
  hiddenSize: number;
  numLayers: number;
  batchSize: number;
  seqLen: number;
  lr: number;
  maxIters: number;
  evalEvery: number;
  seed: number;
  backend: BackendChoice;
}

/** How to draw a sample. */
export interface SampleSettings {
  temperature: number;
  /** 0: all characters. */
  topK: number;
  length: number;
  prime: string;
  seed: number;
}

/** One step of a probe: what the model was fed and what it held after it. */
export interface ProbeStep {
  input: string;
  fromPrompt: boolean;
  probabilities: Float64Array;
  hidden: Float64Array;
  cell: Float64Array | null;
}

/** The model's continuation of a test prompt, step by step. */
export interface Probe {
  language: string;
  n: number;
  epoch: number;
  /** The vocabulary, in the order of each step's probabilities. */
  words: string[];
  prompt: string[];
  expected: string[];
  generated: string[];
  /** Whether the continuation is the expected one exactly. */
  exact: boolean;
  steps: ProbeStep[];
}

/** What the page asks of the worker. */
export type ToWorker =
  | { type: "lab:defaults"; kind: string; language: string }
  | { type: "lab:train"; settings: LabSettings }
  | { type: "lab:pause" }
  | { type: "lab:reset" }
  | { type: "lab:probe"; n: number }
  | { type: "lab:checkpoint" }
  | { type: "char:train"; text: string; settings: CharSettings; sample: SampleSettings }
  | { type: "char:pause" }
  | { type: "char:resume" }
  | { type: "char:stop" }
  | { type: "char:sample"; sample: SampleSettings }
  | { type: "char:checkpoint" }
  | { type: "char:safetensors" }
  | { type: "char:load"; name: string; bytes: Uint8Array; backend: BackendChoice };

/** Where a lab or char run is. */
export type RunState = "idle" | "running" | "paused" | "done";

/** What the worker tells the page. */
export type FromWorker =
  | { type: "ready"; backends: Record<BackendChoice, string> }
  | { type: "lab:defaults"; settings: LabSettings }
  | {
    type: "lab:started";
    settings: LabSettings;
    backend: string;
    words: string[];
    trainTokens: number;
    floor: { train: number | null; validation: number | null };
  }
  | { type: "lab:epoch"; report: EpochReport }
  | { type: "lab:probe"; probe: Probe }
  | { type: "lab:state"; state: RunState }
  | {
    type: "char:corpus";
    characters: number;
    vocabularySize: number;
    train: number;
    validation: number;
    backend: string;
  }
  | { type: "char:step"; step: CharStep }
  | {
    type: "char:evaluation";
    evaluation: CharEvaluation;
    history: CharEvaluation[];
    /** Slices of kernel calls the wasm backend's helper threads have run so far. */
    helperSlices: number;
  }
  // The settings it was drawn with: a reply to an older request can arrive after the controls moved.
  | { type: "char:sample"; text: string; iter: number; source: string; settings: SampleSettings }
  | { type: "char:state"; state: RunState }
  | {
    type: "char:loaded";
    name: string;
    kind: string;
    hiddenSize: number;
    numLayers: number;
    vocabularySize: number;
    iterations: number | null;
  }
  | { type: "file"; name: string; bytes: Uint8Array }
  | { type: "error"; scope: "lab" | "char"; message: string };
