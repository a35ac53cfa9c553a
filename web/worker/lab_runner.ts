// The lab in the worker: one LabSession trained an epoch at a time, yielding
// between epochs so that Pause, Reset and a new n reach it; after epochs, a
// probe of the current n (at most five a second, and always the last).
import { getBackend } from "../../src/backends/get_backend.ts";
import { encodeCheckpoint } from "../../src/io/checkpoint.ts";
import { modelCheckpoint } from "../../src/models/model_checkpoint.ts";
import { EOS } from "../../src/lab/data/anbn.ts";
import { languageByName } from "../../src/lab/data/languages/registry.ts";
import { continuationPrompt } from "../../src/lab/continuation_prompt.ts";
import { LabSession } from "../../src/lab/lab_session.ts";
import { labSessionDefaults } from "../../src/lab/lab_session_defaults.ts";
import { LAB_MODELS } from "../../src/lab/models/registry.ts";
import { traceContinuation } from "../../src/lab/state_trace.ts";
import type { LabSettings, Probe, RunState } from "../protocol.ts";
import { type Post, yieldToEvents } from "./scope.ts";

const PROBE_INTERVAL_MS = 200;

/** The settings a form starts from for `kind` on `language`, with the wasm backend. */
export function labDefaults(kind: string, language: string): LabSettings {
  const { language: _language, sequences: _s, trainSizes: _t, batchSize: _b, ...config } =
    labSessionDefaults(kind, languageByName(language));
  return { ...config, language, backend: "wasm" };
}

/** Runs the lab's session for the page. */
export class LabRunner {
  readonly #post: Post;
  #session: LabSession | null = null;
  #settings: LabSettings | null = null;
  #state: RunState = "idle";
  #n = 12;
  #lastProbe = 0;

  constructor(post: Post) {
    this.#post = post;
  }

  /** Starts a session with `settings`, or resumes the paused one when they are its own. */
  train(settings: LabSettings): void {
    if (this.#state === "running") return;
    if (!this.#session || JSON.stringify(settings) !== JSON.stringify(this.#settings)) {
      this.reset();
      const defaults = labSessionDefaults(settings.kind, languageByName(settings.language));
      const { backend, language: _language, ...chosen } = settings;
      const session = new LabSession(getBackend(backend), { ...defaults, ...chosen });
      this.#session = session;
      this.#settings = settings;
      this.#post({
        type: "lab:started",
        settings,
        backend: session.model.backend.description,
        words: [...session.vocabulary.words],
        trainTokens: session.split.train.reduce((sum, s) => sum + s.inputs.length, 0),
        floor: session.floor,
      });
    }
    if (this.#session.epoch >= this.#session.config.epochs) return this.#setState("done");
    this.#setState("running");
    this.#loop(this.#session).catch((error: Error) =>
      this.#post({ type: "error", scope: "lab", message: error.message })
    );
  }

  pause(): void {
    if (this.#state === "running") this.#setState("paused");
  }

  /** Drops the session: the next Train starts from fresh weights. */
  reset(): void {
    this.#session?.dispose();
    this.#session = null;
    this.#settings = null;
    this.#setState("idle");
  }

  /** Sets the probe's n and probes the current weights at once. */
  probe(n: number): void {
    this.#n = n;
    if (this.#session) this.#sendProbe(this.#session);
  }

  /** The model as `deno task lstm --save` writes it, for `deno task freestyle`. */
  checkpoint(): void {
    const session = this.#session;
    if (!session) throw new RangeError("There is no model yet: press Train first");
    const { kind } = session.config;
    const bytes = encodeCheckpoint(modelCheckpoint(session.model, session.vocabulary, {
      epochs: session.epoch,
      language: session.config.language.name,
      source: "playground",
    }, LAB_MODELS));
    this.#post({ type: "file", name: `lab_${kind}_epoch${session.epoch}.ckpt`, bytes }, [
      bytes.buffer as ArrayBuffer,
    ]);
  }

  async #loop(session: LabSession): Promise<void> {
    while (this.#state === "running" && this.#session === session) {
      let report;
      try {
        report = session.runEpoch();
      } catch (error) {
        this.#setState("paused");
        throw error;
      }
      this.#post({ type: "lab:epoch", report });
      const done = session.epoch >= session.config.epochs;
      if (done || performance.now() - this.#lastProbe > PROBE_INTERVAL_MS) {
        this.#sendProbe(session);
      }
      if (done) this.#setState("done");
      await yieldToEvents();
    }
  }

  #sendProbe(session: LabSession): void {
    this.#lastProbe = performance.now();
    const { language } = session.config;
    const { prompt, expected } = continuationPrompt(language, this.#n);
    const trace = traceContinuation(session.model, session.vocabulary, prompt, {
      maxTokens: expected.length + 2,
      stopWord: EOS,
    });
    const probe: Probe = {
      language: language.name,
      n: this.#n,
      epoch: session.epoch,
      words: [...session.vocabulary.words],
      prompt,
      expected,
      generated: trace.generated,
      exact: trace.generated.join(" ") === expected.join(" "),
      steps: trace.steps.map(({ input, fromPrompt, probabilities, hidden, cell }) => ({
        input,
        fromPrompt,
        probabilities,
        hidden,
        cell,
      })),
    };
    this.#post({ type: "lab:probe", probe });
  }

  #setState(state: RunState): void {
    this.#state = state;
    this.#post({ type: "lab:state", state });
  }
}
