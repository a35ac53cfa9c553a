// The char-LM's training and validation loss against characters seen, with
// the uniform guess (ln V) for scale.
import { lineChartSvg } from "./svg_plot.ts";

/** One evaluation as the plot needs it. */
export interface LossPoint {
  tokensSeen: number;
  trainLoss: number;
  validationLoss: number;
}

/**
 * The SVG of a char-LM run's losses in nats per character.
 *
 * @example Two evaluations
 * ```ts
 * import { charLossPlot } from "./char_loss_plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = charLossPlot("charlm", [
 *   { tokensSeen: 1e5, trainLoss: 2.5, validationLoss: 2.4 },
 *   { tokensSeen: 2e5, trainLoss: 2.0, validationLoss: 2.1 },
 * ], 65);
 * assert.match(svg, /validation/);
 * ```
 */
export function charLossPlot(
  title: string,
  history: readonly LossPoint[],
  vocabularySize: number,
): string {
  const xs = history.map((e) => e.tokensSeen / 1e6);
  return lineChartSvg({
    title,
    xLabel: "training characters seen (millions)",
    yLabel: "loss (nats per character)",
    series: [
      { label: "training", xs, ys: history.map((e) => e.trainLoss) },
      { label: "validation", xs, ys: history.map((e) => e.validationLoss), dashed: true },
    ],
    horizontalLines: [{
      label: `uniform guess ln ${vocabularySize} = ${Math.log(vocabularySize).toFixed(2)}`,
      y: Math.log(vocabularySize),
    }],
  });
}
