// Exercise J: the vanilla RNN and the LSTM trained on the same seeded data,
// each with the lab's own settings, as two LabResults.
import type { Backend } from "../backend.ts";
import { LSTM } from "../models/lstm.ts";
import { RNN } from "../models/rnn.ts";
import {
  type LabCallbacks,
  type LabConfig,
  type LabResult,
  type LabSampling,
  runLab,
} from "./experiment.ts";

/** Both runs of a comparison. */
export interface Comparison {
  rnn: LabResult;
  lstm: LabResult;
}

/**
 * Trains the RNN with `rnnConfig` and then the LSTM with `lstmConfig`; give
 * both the same seed and dataset options so they see the same sequences.
 */
export function compareRnnLstm(
  backend: Backend,
  rnnConfig: LabConfig,
  lstmConfig: LabConfig,
  callbacks: { rnn?: LabCallbacks; lstm?: LabCallbacks } = {},
  sampling: LabSampling = {},
): Comparison {
  const rnn = runLab(
    backend,
    rnnConfig,
    (backend, vocabularySize, random) => {
      const model = new RNN(backend, { vocabularySize, hiddenSize: rnnConfig.hiddenSize });
      model.initialize(random);
      return model;
    },
    callbacks.rnn,
    sampling,
  );
  const lstm = runLab(
    backend,
    lstmConfig,
    (backend, vocabularySize, random) => {
      const model = new LSTM(backend, { vocabularySize, hiddenSize: lstmConfig.hiddenSize });
      model.initialize(random);
      return model;
    },
    callbacks.lstm,
    sampling,
  );
  return { rnn, lstm };
}
