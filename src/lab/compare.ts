// Exercise J: the vanilla RNN and the LSTM trained on the same seeded data,
// each with the lab's own settings, as two LabResults.
import type { Backend } from "../core/backend.ts";
import { LAB_MODELS } from "./models/registry.ts";
import { lineChartSvg } from "../plot/svg_plot.ts";
import { sideBySideSvg } from "../plot/panels.ts";
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
 *
 * @example One epoch each of tiny models
 * ```ts
 * import { compareRnnLstm } from "./compare.ts";
 * import { LSTM_LAB_DEFAULTS, RNN_LAB_DEFAULTS } from "./experiment.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { epochs: 1, hiddenSize: 4, sequences: 20 };
 * const rnnConfig = { ...RNN_LAB_DEFAULTS, ...tiny };
 * const lstmConfig = { ...LSTM_LAB_DEFAULTS, ...tiny };
 * const { rnn, lstm } = compareRnnLstm(createReferenceBackend(), rnnConfig, lstmConfig);
 * assert.deepEqual([rnn.model.kind, lstm.model.kind], ["rnn", "lstm"]);
 * assert.deepEqual(rnn.split.test.map((s) => s.words), lstm.split.test.map((s) => s.words));
 * ```
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
    (backend, vocabularySize, random) =>
      LAB_MODELS.build(
        "rnn",
        backend,
        { vocabularySize, hiddenSize: rnnConfig.hiddenSize },
        random,
      ),
    callbacks.rnn,
    sampling,
  );
  const lstm = runLab(
    backend,
    lstmConfig,
    (backend, vocabularySize, random) =>
      LAB_MODELS.build(
        "lstm",
        backend,
        { vocabularySize, hiddenSize: lstmConfig.hiddenSize },
        random,
      ),
    callbacks.lstm,
    sampling,
  );
  return { rnn, lstm };
}

/**
 * The comparison's plot: validation NLL per token of both models against
 * epochs (left) and against seconds of training updates (right), with the
 * validation split's Bayes floor.
 *
 * @example An SVG of two panels
 * ```ts
 * import { compareRnnLstm, comparisonSvg } from "./compare.ts";
 * import { LSTM_LAB_DEFAULTS, RNN_LAB_DEFAULTS } from "./experiment.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { epochs: 1, hiddenSize: 4, sequences: 20 };
 * const comparison = compareRnnLstm(createReferenceBackend(), { ...RNN_LAB_DEFAULTS, ...tiny }, { ...LSTM_LAB_DEFAULTS, ...tiny });
 * assert.match(comparisonSvg(comparison), /Validation NLL per token against epochs/);
 * ```
 */
export function comparisonSvg(comparison: Comparison): string {
  const { rnn, lstm } = comparison;
  const curve = (result: LabResult, x: "epoch" | "seconds") => {
    let elapsed = 0;
    return result.history.map((epoch): [number, number] => {
      elapsed += epoch.seconds;
      return [x === "epoch" ? epoch.epoch : elapsed, epoch.validationTokenNll];
    });
  };
  const floor = {
    label: `validation Bayes floor ${rnn.metrics.validation.bayesFloorTokenNll.toFixed(3)}`,
    y: rnn.metrics.validation.bayesFloorTokenNll,
  };
  const panel = (x: "epoch" | "seconds") =>
    lineChartSvg({
      title: `Validation NLL per token against ${x === "epoch" ? "epochs" : "training seconds"}`,
      xLabel: x === "epoch" ? "epoch" : "seconds of training updates",
      yLabel: "mean NLL per token (nats)",
      series: [
        { label: `RNN (lr ${rnn.config.lr})`, points: curve(rnn, x) },
        { label: `LSTM (lr ${lstm.config.lr})`, points: curve(lstm, x) },
      ],
      horizontalLines: [floor],
    });
  return sideBySideSvg([panel("epoch"), panel("seconds")]);
}
