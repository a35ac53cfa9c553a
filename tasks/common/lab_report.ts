// Printing a lab run: the lab's own lines, the metrics table, and the --json
// summary. Shared by every training task.
import type { LabResult, SplitReport } from "../../src/lab/experiment.ts";
import type { EpochReport } from "../../src/train/train.ts";
import { lineChartSvg } from "../../src/plot/svg_plot.ts";

const f = (value: number, digits = 4) =>
  Number.isFinite(value) ? value.toFixed(digits) : String(value);

/** The lab's per-epoch line. */
export function epochLine(report: EpochReport): string {
  return `Epoch ${report.epoch}, training loss: ${f(report.trainLoss)}, validation loss: ${
    f(report.validationLoss)
  } (per token ${f(report.trainTokenNll)} / ${f(report.validationTokenNll)}; grad norm ${
    f(report.meanGradientNorm, 2)
  }; ${(report.seconds * 1000).toFixed(1)} ms)`;
}

/** Lines for the end of a run: metrics per split, test prediction, freestyle. */
export function resultLines(result: LabResult): string[] {
  const row = (name: string, m: SplitReport) =>
    `${name.padEnd(10)} ${String(m.sequences).padStart(5)} ${String(m.tokens).padStart(6)}  ${
      f(m.meanTokenNll).padStart(8)
    } ${f(m.meanSequenceNll, 3).padStart(9)}  ${f(m.bayesFloorTokenNll).padStart(7)} ${
      f(m.gapToFloor).padStart(7)
    }  ${(100 * m.deterministicAccuracy).toFixed(1).padStart(7)}% ${
      (100 * m.sequenceAccuracy).toFixed(1).padStart(6)
    }%`;
  const { metrics, testExample } = result;
  return [
    "",
    `split      seqs  tokens  NLL/token  NLL/seq    floor     gap  forced acc  seqs ok`,
    row("train", metrics.train),
    row("validation", metrics.validation),
    row("test", metrics.test),
    `Bayes floor: ln(${result.config.maxN - result.config.minN + 1}) = ${
      f(result.bayesFloorPerSequence, 3)
    } nats per sequence; forced = targets after the first b.`,
    "",
    `Input sentence:     ${testExample.input.join(" ")}`,
    `Target sequence:    ${testExample.target.join(" ")}`,
    `Predicted sequence: ${testExample.predicted.join(" ")}`,
    "",
    `Counting beyond the training range (prompt a^n b, exact = n − 1 more b's then EOS):`,
    ...result.extrapolation.cases.map((c) =>
      `  n = ${String(c.n).padStart(4)}: ${
        c.exact ? "exact" : `${c.bs} b's then ${c.then ?? "nothing"}`
      }`
    ),
    `  every tested n is exact up to n = ${result.extrapolation.largestExact}`,
    "",
    ...result.freestyle.map((sample) =>
      `Example: ['${sample.seen.join("', '")}'] -> ${sample.generated.join(" ")}${
        sample.stopped ? "" : " …"
      }`
    ),
    "",
    `${f(result.seconds, 2)} s of training, ${
      Math.round(result.trainTokensPerSecond)
    } training tokens/s`,
  ];
}

/** The one-line JSON summary of --json (timings are the only part that varies between runs). */
export function jsonSummary(task: string, backend: string, result: LabResult): string {
  return JSON.stringify({
    task,
    backend,
    config: result.config,
    metrics: result.metrics,
    bayesFloorPerSequence: result.bayesFloorPerSequence,
    epochs: result.history.map((epoch) => ({
      epoch: epoch.epoch,
      trainLoss: epoch.trainLoss,
      validationLoss: epoch.validationLoss,
      trainTokenNll: epoch.trainTokenNll,
      validationTokenNll: epoch.validationTokenNll,
      meanGradientNorm: epoch.meanGradientNorm,
    })),
    testExample: result.testExample,
    freestyle: result.freestyle,
    extrapolation: result.extrapolation,
    timing: { seconds: result.seconds, trainTokensPerSecond: result.trainTokensPerSecond },
  });
}

/** The training and validation curves (mean NLL per token per epoch) as SVG. */
export function lossPlot(title: string, result: LabResult): string {
  const xs = result.history.map((epoch) => epoch.epoch);
  return lineChartSvg({
    title,
    xLabel: "epoch",
    yLabel: "mean NLL per token (nats)",
    series: [
      { label: "training", xs, ys: result.history.map((epoch) => epoch.trainTokenNll) },
      {
        label: "validation",
        xs,
        ys: result.history.map((epoch) => epoch.validationTokenNll),
        dashed: true,
      },
    ],
    horizontalLines: [{
      label: `validation Bayes floor ${f(result.metrics.validation.bayesFloorTokenNll, 3)}`,
      y: result.metrics.validation.bayesFloorTokenNll,
    }],
  });
}
