// What a lab session starts from for each model and language: the lab's own
// settings on aⁿbⁿ (its exercises), the counting study's on the other
// languages (src/lab/patterns.ts), so a session reproduces `deno task lstm`,
// `rnn`, `nn`, `gru` and `patterns` runs.
import type { FormalLanguage } from "./data/languages/language.ts";
import {
  type LabConfig,
  LSTM_LAB_DEFAULTS,
  NN_LAB_DEFAULTS,
  RNN_LAB_DEFAULTS,
} from "./experiment.ts";
import type { LabSessionConfig } from "./lab_session.ts";
import { PATTERN_DEFAULTS, PATTERN_LEARNING_RATES } from "./patterns.ts";

/**
 * The kinds a session trains, each with the task whose settings it takes on aⁿbⁿ.
 *
 * @example The lab's from-scratch LSTM starts as `deno task lstm` does
 * ```ts
 * import { LAB_SESSION_KINDS } from "./lab_session_defaults.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(LAB_SESSION_KINDS.lstm.lr, 0.1);
 * ```
 */
export const LAB_SESSION_KINDS: Readonly<Record<string, LabConfig>> = {
  rnn: RNN_LAB_DEFAULTS,
  lstm: LSTM_LAB_DEFAULTS,
  "nn-lstm": NN_LAB_DEFAULTS,
  "nn-gru": NN_LAB_DEFAULTS,
};

/**
 * The settings a session of `kind` on `language` starts from.
 *
 * @example The lab's LSTM on aⁿbⁿ is `deno task lstm`'s: SGD, lr 0.1, clipped at 0.25
 * ```ts
 * import { labSessionDefaults } from "./lab_session_defaults.ts";
 * import { anbn, dyck1 } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const lstm = labSessionDefaults("lstm", anbn);
 * assert.deepEqual([lstm.optimizer, lstm.lr, lstm.clipNorm, lstm.epochs], ["sgd", 0.1, 0.25, 200]);
 * assert.equal(labSessionDefaults("nn-gru", dyck1).optimizer, "adam");
 * assert.throws(() => labSessionDefaults("gpt", anbn), /expected one of rnn, lstm/);
 * ```
 */
export function labSessionDefaults(kind: string, language: FormalLanguage): LabSessionConfig {
  const lab = LAB_SESSION_KINDS[kind];
  if (!lab) {
    throw new RangeError(
      `A lab session cannot train '${kind}': expected one of ${
        Object.keys(LAB_SESSION_KINDS).join(", ")
      }`,
    );
  }
  const data = {
    language,
    kind,
    seed: lab.seed,
    hiddenSize: lab.hiddenSize,
    batchSize: 1,
    sequences: lab.sequences,
    trainSizes: [lab.minN, lab.maxN] as [number, number],
  };
  if (language.name === "anbn") {
    return {
      ...data,
      epochs: lab.epochs,
      optimizer: lab.optimizer ?? "sgd",
      lr: lab.lr,
      clipNorm: lab.clipNorm,
      decayEpochs: lab.decayEpochs ?? 0,
      decayTo: lab.decayTo ?? 1,
    };
  }
  const model = kind === "rnn" ? "rnn" : kind === "nn-gru" ? "gru" : "lstm";
  return {
    ...data,
    epochs: PATTERN_DEFAULTS.epochs,
    optimizer: "adam",
    lr: PATTERN_LEARNING_RATES[model],
    clipNorm: PATTERN_DEFAULTS.clipNorm,
    decayEpochs: PATTERN_DEFAULTS.decayEpochs,
    decayTo: PATTERN_DEFAULTS.decayTo,
  };
}
