/**
 * SVG line charts without a dependency: loss curves against a floor, and
 * panels side by side. Importable alone: `import { lineChartSvg } from "<url>/src/plot/mod.ts"`.
 *
 * @example A loss curve as an SVG document
 * ```ts
 * import { lineChartSvg } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = lineChartSvg({
 *   title: "loss",
 *   xLabel: "epoch",
 *   yLabel: "nats",
 *   series: [{ label: "train", xs: [1, 2, 3], ys: [1.2, 0.8, 0.5] }],
 * });
 * assert.match(svg, /^<svg/);
 * ```
 *
 * @module
 */
export {
  CHART_PALETTE,
  type HorizontalLine,
  type LineChartOptions,
  lineChartSvg,
  type LineSeries,
} from "./svg_plot.ts";
export { sideBySideSvg } from "./panels.ts";
export { charLossPlot, type LossPoint } from "./char_loss_plot.ts";
