// Several charts in one SVG file, side by side, e.g. loss per epoch next to
// loss per second.

/**
 * Places SVG documents (as {@linkcode lineChartSvg} returns) left to right in
 * one SVG, each at its own size.
 *
 * @example Two panels
 * ```ts
 * import { sideBySideSvg } from "./panels.ts";
 * import { lineChartSvg } from "./svg_plot.ts";
 * import assert from "node:assert/strict";
 *
 * const chart = lineChartSvg({ series: [{ label: "loss", ys: [3, 2, 1] }] });
 * const both = sideBySideSvg([chart, chart]);
 * assert.match(both, /^<svg [^>]*width="1600"/);
 * ```
 */
export function sideBySideSvg(charts: readonly string[]): string {
  if (charts.length === 0) throw new RangeError("sideBySideSvg needs at least one chart");
  let x = 0;
  let height = 0;
  const placed = charts.map((chart, index) => {
    const open = /^<svg\b([^>]*)>/.exec(chart.trimStart());
    const width = open && /\bwidth="(\d+(?:\.\d+)?)"/.exec(open[1]);
    const tall = open && /\bheight="(\d+(?:\.\d+)?)"/.exec(open[1]);
    if (!open || !width || !tall) {
      throw new RangeError(`Chart ${index} is not an SVG document with a width and a height`);
    }
    const at = x;
    x += Number(width[1]);
    height = Math.max(height, Number(tall[1]));
    return chart.trimStart().replace(/^<svg\b/, `<svg x="${at}" y="0"`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="${height}" viewBox="0 0 ${x} ${height}">\n${
    placed.join("\n")
  }\n</svg>\n`;
}
