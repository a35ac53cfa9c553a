// A self-contained SVG line chart for training curves: nice 1-2-5 ticks, grid,
// legend, optional log y axis and labelled reference lines. No dependencies,
// no randomness: the same options always give the same string.
// Coordinates are pixels, origin top-left; every number is written with at
// most 2 decimals.

/** One curve. Give `points`, or `xs` and `ys`, or `ys` alone (plotted against 0, 1, 2, …). */
export interface LineSeries {
  /** Shown in the legend. */
  label: string;
  /** (x, y) pairs; non-finite pairs are skipped and break the line. */
  points?: readonly (readonly [number, number])[];
  /** x values, paired with `ys` by index. */
  xs?: ArrayLike<number>;
  /** y values; without `xs` the x of `ys[i]` is `i`. */
  ys?: ArrayLike<number>;
  /** Any SVG colour; defaults to the next colour of {@linkcode CHART_PALETTE}. */
  color?: string;
  /** Draws the line dashed, e.g. for a validation curve beside its training curve. */
  dashed?: boolean;
}

/** A labelled horizontal reference line, such as the Bayes error floor. */
export interface HorizontalLine {
  /** Written just above the line at its right end. */
  label: string;
  /** Height in data units; the y axis always extends to include it. */
  y: number;
  /** Any SVG colour; defaults to dark grey. */
  color?: string;
}

/** Everything {@linkcode lineChartSvg} draws. */
export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: readonly LineSeries[];
  /** Pixels, at least 320; default 800. */
  width?: number;
  /** Pixels, at least 200; default 480. */
  height?: number;
  /** Logarithmic y axis; every plotted y must then be positive (or non-finite, hence skipped). */
  yLog?: boolean;
  horizontalLines?: readonly HorizontalLine[];
}

/**
 * The default series colours, in order (Tableau 10).
 *
 * @example Series without a colour take the palette's in turn
 * ```ts
 * import { CHART_PALETTE, lineChartSvg } from "./svg_plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = lineChartSvg({
 *   series: [{ label: "rnn", ys: [2, 1] }, { label: "lstm", ys: [2, 0.5] }],
 * });
 * assert.ok(svg.includes(CHART_PALETTE[0]) && svg.includes(CHART_PALETTE[1]));
 * assert.ok(!svg.includes(CHART_PALETTE[2]));
 * ```
 */
export const CHART_PALETTE: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

const FONT = "DejaVu Sans, Helvetica, Arial, sans-serif";
const TICK_FONT = 12;
const LABEL_FONT = 13;
const TITLE_FONT = 16;
const CHAR_WIDTH = 0.62; // average glyph width in em, for layout estimates
const TICK_LENGTH = 5;

/** A linear or logarithmic axis: its ends, its tick values and their labels. */
interface Axis {
  lo: number;
  hi: number;
  ticks: number[];
  labels: string[];
  /** Unlabelled grid values between ticks (log axes only). */
  minor: number[];
  log: boolean;
}

/** A rectangle in pixels. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Draws line series as a standalone SVG document (`<svg xmlns=…>…</svg>`).
 *
 * Each non-empty series becomes one `<path class="series">` with one
 * coordinate pair per finite point; a non-finite x or y is skipped and breaks
 * the line there, and a point with no finite neighbour gets a small dot. The
 * axes extend to the nearest 1-2-5 ticks around all data and reference lines.
 * On a log axis (`yLog`) a y ≤ 0 cannot be drawn and is rejected with a
 * `RangeError` rather than silently dropped. The legend goes in whichever
 * corner of the plot hides the fewest lines.
 *
 * @param options Title, axis labels, series, size, scale and reference lines.
 * @returns The SVG markup, identical for identical options.
 * @throws {RangeError} On a width below 320 or height below 200, `xs`/`ys` of
 * different lengths, a non-finite reference line, or a y ≤ 0 with `yLog`.
 * @throws {TypeError} On a series without `points` or `ys`.
 *
 * @example Plot a falling training loss against a floor
 * ```ts
 * import { lineChartSvg } from "./svg_plot.ts";
 * import assert from "node:assert/strict";
 *
 * const svg = lineChartSvg({
 *   title: "Training loss",
 *   xLabel: "step",
 *   yLabel: "loss (nats)",
 *   series: [{ label: "train", points: [[0, 2.3], [100, 1.1], [200, 0.7]] }],
 *   horizontalLines: [{ label: "Bayes floor", y: 0.5 }],
 * });
 * assert.ok(svg.startsWith("<svg"));
 * assert.equal(svg.match(/<path class="series"/g)?.length, 1);
 * ```
 */
export function lineChartSvg(options: LineChartOptions): string {
  const width = checkSize("width", options.width ?? 800, 320);
  const height = checkSize("height", options.height ?? 480, 200);
  const yLog = options.yLog ?? false;
  const lines = options.horizontalLines ?? [];
  const series = options.series.map((s, i) => ({
    label: s.label,
    points: seriesPoints(s, i),
    color: s.color ?? CHART_PALETTE[i % CHART_PALETTE.length],
    dashed: s.dashed ?? false,
  }));

  const xValues: number[] = [];
  const yValues: number[] = [];
  for (const s of series) {
    for (const [x, y] of s.points) {
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (yLog && y <= 0) {
        throw new RangeError(
          `Cannot plot series '${s.label}' on a log y axis: it has y = ${y} at x = ${x}, and a log scale needs y > 0`,
        );
      }
      xValues.push(x);
      yValues.push(y);
    }
  }
  for (const line of lines) {
    if (!Number.isFinite(line.y) || (yLog && line.y <= 0)) {
      throw new RangeError(
        `Cannot draw reference line '${line.label}' at y = ${line.y}: it must be finite${
          yLog ? " and positive on a log y axis" : ""
        }`,
      );
    }
    yValues.push(line.y);
  }

  // Layout: margins grow to fit the title, axis labels and the widest tick label.
  const top = options.title ? 44 : 18;
  const bottom = TICK_LENGTH + 22 + (options.xLabel ? 24 : 0) + 6;
  const plotHeight = height - top - bottom;
  const yAxis = yLog
    ? logAxis(yValues)
    : linearAxis(yValues, Math.max(3, Math.round(plotHeight / 60)));
  const yTickWidth = Math.max(...yAxis.labels.map((l) => textWidth(l, TICK_FONT)));
  const left = 14 + (options.yLabel ? 24 : 0) + yTickWidth + 6 + TICK_LENGTH;
  const xAxisGuess = linearAxis(xValues, Math.max(3, Math.round((width - left - 24) / 100)));
  const right = Math.max(
    20,
    textWidth(xAxisGuess.labels[xAxisGuess.labels.length - 1], TICK_FONT) / 2 + 8,
  );
  const plot: Box = { x: left, y: top, width: width - left - right, height: plotHeight };
  const xAxis = linearAxis(xValues, Math.max(3, Math.round(plot.width / 100)));

  const px = (x: number) => plot.x + (plot.width * (x - xAxis.lo)) / (xAxis.hi - xAxis.lo);
  const py = (y: number) => plot.y + plot.height * (1 - axisFraction(yAxis, y));

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${
      n(height)
    }" viewBox="0 0 ${n(width)} ${n(height)}" font-family="${FONT}" font-size="${TICK_FONT}">`,
  );
  if (options.title) out.push(`<title>${escapeXml(options.title)}</title>`);
  out.push(`<rect width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`);

  // Grid, frame and ticks.
  out.push(`<g stroke="#f2f2f2" stroke-width="1">`);
  for (const t of yAxis.minor) out.push(hLine(py(t), plot.x, plot.x + plot.width));
  out.push(`</g>`);
  out.push(`<g stroke="#e3e3e3" stroke-width="1">`);
  for (const t of xAxis.ticks) out.push(vLine(px(t), plot.y, plot.y + plot.height));
  for (const t of yAxis.ticks) out.push(hLine(py(t), plot.x, plot.x + plot.width));
  out.push(`</g>`);
  out.push(
    `<rect x="${n(plot.x)}" y="${n(plot.y)}" width="${n(plot.width)}" height="${
      n(plot.height)
    }" fill="none" stroke="#888888" stroke-width="1"/>`,
  );
  out.push(`<g stroke="#888888" stroke-width="1">`);
  const axisY = plot.y + plot.height;
  for (const t of xAxis.ticks) out.push(vLine(px(t), axisY, axisY + TICK_LENGTH));
  for (const t of yAxis.ticks) out.push(hLine(py(t), plot.x - TICK_LENGTH, plot.x));
  out.push(`</g>`);
  out.push(`<g fill="#333333">`);
  xAxis.ticks.forEach((t, i) => {
    out.push(text(px(t), axisY + TICK_LENGTH + 15, xAxis.labels[i], "middle", "tick x"));
  });
  yAxis.ticks.forEach((t, i) => {
    out.push(text(plot.x - TICK_LENGTH - 5, py(t) + 4, yAxis.labels[i], "end", "tick y"));
  });
  out.push(`</g>`);

  // Title and axis labels.
  if (options.title) {
    // Bold glyphs are wider than the estimate; shrink a long title to fit.
    const size = Math.min(TITLE_FONT, (width - 24) / (options.title.length * CHAR_WIDTH * 1.1));
    out.push(
      `<text x="${n(width / 2)}" y="28" text-anchor="middle" font-size="${
        n(size)
      }" font-weight="bold" fill="#222222">${escapeXml(options.title)}</text>`,
    );
  }
  if (options.xLabel) {
    out.push(
      `<text x="${n(plot.x + plot.width / 2)}" y="${
        n(height - 12)
      }" text-anchor="middle" font-size="${LABEL_FONT}" fill="#222222">${
        escapeXml(options.xLabel)
      }</text>`,
    );
  }
  if (options.yLabel) {
    const cy = plot.y + plot.height / 2;
    out.push(
      `<text transform="translate(20 ${
        n(cy)
      }) rotate(-90)" text-anchor="middle" font-size="${LABEL_FONT}" fill="#222222">${
        escapeXml(options.yLabel)
      }</text>`,
    );
  }

  // Series: one path each, broken at non-finite points; isolated points get a dot.
  const drawn: [number, number][][] = [];
  for (const s of series) {
    const runs = finiteRuns(s.points).map((run) =>
      run.map(([x, y]): [number, number] => [px(x), py(y)])
    );
    drawn.push(...runs);
    if (runs.length === 0) continue;
    const d = runs.map((run) => "M" + run.map(([x, y]) => `${n(x)} ${n(y)}`).join("L")).join("");
    out.push(
      `<path class="series" d="${d}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="2"${
        s.dashed ? ` stroke-dasharray="7 4"` : ""
      } stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    for (const run of runs) {
      if (run.length !== 1) continue;
      out.push(
        `<circle cx="${n(run[0][0])}" cy="${n(run[0][1])}" r="2.5" fill="${escapeXml(s.color)}"/>`,
      );
    }
  }

  // Reference lines, each labelled at whichever end and side the series cross least.
  for (const line of lines) {
    const y = py(line.y);
    const color = escapeXml(line.color ?? "#555555");
    out.push(
      `<line x1="${n(plot.x)}" y1="${n(y)}" x2="${n(plot.x + plot.width)}" y2="${
        n(y)
      }" stroke="${color}" stroke-width="1.5" stroke-dasharray="8 4"/>`,
    );
    const w = textWidth(line.label, TICK_FONT);
    const [leftX, rightX] = [plot.x + 8, plot.x + plot.width - 8 - w];
    const [above, below] = [y - 19, y + 3];
    const candidates: Box[] = [[rightX, above], [leftX, above], [rightX, below], [leftX, below]]
      .filter(([, top]) => top >= plot.y && top + 16 <= plot.y + plot.height)
      .map(([x, top]) => ({ x, y: top, width: w, height: 16 }));
    const box = leastCrossed(
      candidates.length > 0 ? candidates : [{ x: rightX, y: above, width: w, height: 16 }],
      drawn,
    );
    out.push(
      `<text x="${n(box.x)}" y="${
        n(box.y + 12)
      }" fill="${color}" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke" class="reference">${
        escapeXml(line.label)
      }</text>`,
    );
  }
  for (const line of lines) drawn.push([[plot.x, py(line.y)], [plot.x + plot.width, py(line.y)]]);

  if (series.length > 0) out.push(legend(series, plot, drawn));
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

/** The legend box in the plot corner that the fewest drawn segments cross. */
function legend(
  series: { label: string; color: string; dashed: boolean }[],
  plot: Box,
  drawn: [number, number][][],
): string {
  const rowHeight = 20;
  const labelWidth = Math.max(...series.map((s) => textWidth(s.label, TICK_FONT)));
  const width = 10 + 28 + 8 + labelWidth + 10;
  const height = 8 + rowHeight * series.length;
  const inset = 10;
  const corners: Box[] = [
    { x: plot.x + plot.width - inset - width, y: plot.y + inset, width, height },
    { x: plot.x + inset, y: plot.y + inset, width, height },
    {
      x: plot.x + plot.width - inset - width,
      y: plot.y + plot.height - inset - height,
      width,
      height,
    },
    { x: plot.x + inset, y: plot.y + plot.height - inset - height, width, height },
  ];
  const best = leastCrossed(corners, drawn);
  const out = [
    `<g class="legend">`,
    `<rect x="${n(best.x)}" y="${n(best.y)}" width="${n(width)}" height="${
      n(height)
    }" rx="4" fill="#ffffff" fill-opacity="0.9" stroke="#cccccc"/>`,
  ];
  series.forEach((s, i) => {
    const y = best.y + 4 + rowHeight * (i + 0.5);
    out.push(
      `<line x1="${n(best.x + 10)}" y1="${n(y)}" x2="${n(best.x + 38)}" y2="${n(y)}" stroke="${
        escapeXml(s.color)
      }" stroke-width="2"${s.dashed ? ` stroke-dasharray="7 4"` : ""}/>`,
    );
    out.push(text(best.x + 46, y + 4, s.label, "start", "legend-label", "#222222"));
  });
  out.push(`</g>`);
  return out.join("\n");
}

/** The (x, y) pairs of a series, from `points`, `xs` and `ys`, or `ys` alone. */
function seriesPoints(series: LineSeries, index: number): (readonly [number, number])[] {
  if (series.points) return [...series.points];
  const { xs, ys } = series;
  if (!ys) {
    throw new TypeError(
      `Series ${index} ('${series.label}') has no data: give points, or xs and ys, or ys alone`,
    );
  }
  if (xs && xs.length !== ys.length) {
    throw new RangeError(
      `Series ${index} ('${series.label}') has ${xs.length} xs but ${ys.length} ys; they pair by index`,
    );
  }
  return Array.from({ length: ys.length }, (_, i) => [xs ? xs[i] : i, ys[i]] as const);
}

/** Maximal runs of consecutive points whose x and y are both finite. */
function finiteRuns(points: readonly (readonly [number, number])[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let run: [number, number][] = [];
  for (const [x, y] of points) {
    if (Number.isFinite(x) && Number.isFinite(y)) {
      run.push([x, y]);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * A linear axis whose ends are multiples of a 1-2-5 step, about `count`
 * intervals long, covering every value (or [0, 1] when there are none).
 */
function linearAxis(values: number[], count: number): Axis {
  let [min, max] = values.length > 0 ? extent(values) : [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    [min, max] = [min - pad, max + pad];
  }
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step));
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  const large = Math.max(Math.abs(ticks[0]), Math.abs(ticks[ticks.length - 1])) >= 1e6;
  const labels = ticks.map((t) =>
    large || (decimals > 4 && t !== 0) ? exponential(t) : t.toFixed(decimals).replace(/^-0$/, "0")
  );
  return { lo: ticks[0], hi: ticks[ticks.length - 1], ticks, labels, minor: [], log: false };
}

/**
 * A log axis from the largest tick ≤ the smallest value to the smallest tick ≥
 * the largest. Ticks are 1-2-5 × 10ᵏ over at most two decades, else powers of
 * ten (every other one, or sparser, past ten decades).
 */
function logAxis(values: number[]): Axis {
  const [min, max] = values.length > 0 ? extent(values) : [1, 10];
  const lowDecade = Math.floor(Math.log10(min));
  const highDecade = Math.max(Math.ceil(Math.log10(max)), lowDecade + 1);
  const decades = highDecade - lowDecade;
  const mantissas = decades <= 2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil(decades / 10));
  const candidates: number[] = [];
  for (let k = lowDecade; k <= highDecade; k++) {
    if ((k - lowDecade) % every !== 0 && k !== highDecade) continue;
    for (const m of mantissas) candidates.push(clean(m * 10 ** k));
  }
  const lo = Math.max(...candidates.filter((c) => c <= min * (1 + 1e-12)));
  const hi = Math.min(...candidates.filter((c) => c >= max * (1 - 1e-12)));
  const ticks = candidates.filter((c) => c >= lo && c <= hi);
  const labels = ticks.map((t) => (t >= 1e-4 && t < 1e6 ? String(t) : exponential(t)));
  const minor: number[] = [];
  for (let k = lowDecade; k < highDecade && decades <= 6; k++) {
    for (let m = 2; m <= 9; m++) {
      const value = clean(m * 10 ** k);
      if (value > lo && value < hi && !ticks.includes(value)) minor.push(value);
    }
  }
  return { lo, hi, ticks, labels, minor, log: true };
}

/** The first of some boxes that the fewest drawn segments touch. */
function leastCrossed(boxes: Box[], drawn: [number, number][][]): Box {
  let best = boxes[0];
  let bestCount = Infinity;
  for (const box of boxes) {
    let count = 0;
    for (const run of drawn) {
      for (let i = 0; i < run.length; i++) {
        if (segmentHitsBox(run[i], run[Math.min(i + 1, run.length - 1)], box)) count++;
      }
    }
    if (count < bestCount) [best, bestCount] = [box, count];
  }
  return best;
}

/** The smallest and largest of some values (a loop: spreading 10⁶ arguments overflows the stack). */
function extent(values: number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

/** Where `value` sits along the axis, 0 at `lo` and 1 at `hi`. */
function axisFraction(axis: Axis, value: number): number {
  if (axis.log) {
    return (Math.log10(value) - Math.log10(axis.lo)) / (Math.log10(axis.hi) - Math.log10(axis.lo));
  }
  return (value - axis.lo) / (axis.hi - axis.lo);
}

/** Liang–Barsky: does the segment from `a` to `b` touch the box? */
function segmentHitsBox(a: [number, number], b: [number, number], box: Box): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - box.x],
    [dx, box.x + box.width - a[0]],
    [-dy, a[1] - box.y],
    [dy, box.y + box.height - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else if (p < 0) {
      t0 = Math.max(t0, q / p);
    } else {
      t1 = Math.min(t1, q / p);
    }
  }
  return t0 <= t1;
}

function checkSize(name: string, value: number, minimum: number): number {
  if (!Number.isFinite(value) || value < minimum) {
    throw new RangeError(
      `Invalid chart ${name} ${value}: it must be a finite number of pixels, at least ${minimum}, to fit the axes`,
    );
  }
  return value;
}

/** Escapes text for use in XML content and double-quoted attributes. */
function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A pixel coordinate with at most 2 decimals and no `-0`. */
function n(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** Strips binary noise such as 0.30000000000000004 from a tick value. */
function clean(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/** `2e-5`, `1.5e6`: exponential notation without the `+`. */
function exponential(value: number): string {
  if (value === 0) return "0";
  return Number.parseFloat(value.toPrecision(6)).toExponential().replace("e+", "e");
}

function textWidth(value: string, fontSize: number): number {
  return value.length * fontSize * CHAR_WIDTH;
}

function text(
  x: number,
  y: number,
  value: string,
  anchor: string,
  className: string,
  fill?: string,
): string {
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="${anchor}" class="${className}"${
    fill ? ` fill="${fill}"` : ""
  }>${escapeXml(value)}</text>`;
}

function vLine(x: number, y1: number, y2: number): string {
  return `<line x1="${n(x)}" y1="${n(y1)}" x2="${n(x)}" y2="${n(y2)}"/>`;
}

function hLine(y: number, x1: number, x2: number): string {
  return `<line x1="${n(x1)}" y1="${n(y)}" x2="${n(x2)}" y2="${n(y)}"/>`;
}
