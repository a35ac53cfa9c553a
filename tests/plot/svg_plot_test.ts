// The chart is checked as text: well-formed markup, one path per curve with
// one coordinate pair per finite point, escaped labels, ticks that cover the
// data, and byte-identical output for identical input.
import assert from "node:assert/strict";
import { type LineChartOptions, lineChartSvg } from "../../src/plot/svg_plot.ts";

/** Throws unless every tag closes in order and no bare `&` or `<` sits in text. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let position = 0;
  while (position < svg.length) {
    const next = svg.indexOf("<", position);
    const textEnd = next === -1 ? svg.length : next;
    const content = svg.slice(position, textEnd);
    assert.doesNotMatch(content, /&(?!#\d+;|amp;|lt;|gt;|quot;|apos;)|>/, `bad text "${content}"`);
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(svg);
    assert.ok(match, `malformed tag at ${next}: ${svg.slice(next, next + 60)}`);
    const [whole, closing, name, , selfClosing] = match;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element at ${next}`);
    } else if (!selfClosing) {
      stack.push(name);
    }
    position = next + whole.length;
  }
  assert.deepEqual(stack, [], "unclosed elements");
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
}

/** The coordinate pairs of each `<path class="series">`, in order. */
function seriesPaths(svg: string): number[][][] {
  return [...svg.matchAll(/<path class="series" d="([^"]*)"/g)].map(([, d]) =>
    [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)])
  );
}

/** The numbers written as tick labels on one axis. */
function tickValues(svg: string, axis: "x" | "y"): number[] {
  const pattern = new RegExp(`class="tick ${axis}"[^>]*>([^<]*)<`, "g");
  return [...svg.matchAll(pattern)].map(([, label]) => Number(label));
}

const trainingCurves: LineChartOptions = {
  title: "Loss",
  xLabel: "step",
  yLabel: "nats",
  series: [
    { label: "train", points: [[0, 2.31], [50, 1.2], [100, 0.81], [150, 0.7]] },
    { label: "validation", xs: [0, 100], ys: [2.3, 0.9], dashed: true },
  ],
  horizontalLines: [{ label: "Bayes floor", y: 0.6 }],
};

Deno.test("lineChartSvg() writes well-formed markup for ordinary and edge-case charts", () => {
  const cases: LineChartOptions[] = [
    trainingCurves,
    { series: [] },
    { series: [{ label: "empty", points: [] }] },
    { series: [{ label: "one point", points: [[3, 4]] }] },
    { series: [{ label: "all NaN", ys: [NaN, NaN] }], yLog: true },
    { series: [{ label: "flat", ys: [5, 5, 5] }], width: 320, height: 200 },
    { series: [{ label: "big", xs: [0, 2e6], ys: [-3e7, 4e9] }] },
    { series: [{ label: "tiny", ys: [1e-7, 3e-7, 2e-7] }] },
    { series: [{ label: "log", ys: [1e-12, 1, 1e9] }], yLog: true },
  ];
  for (const options of cases) assertWellFormed(lineChartSvg(options));
});

Deno.test("lineChartSvg() draws one path per non-empty series with one pair per point", () => {
  const svg = lineChartSvg({
    series: [
      { label: "a", points: [[0, 1], [1, 2], [2, 3], [3, 2], [4, 1]] },
      { label: "b", points: [] },
      { label: "c", ys: [3, 2, 1] },
    ],
  });
  const paths = seriesPaths(svg);
  assert.deepEqual(paths.map((p) => p.length), [5, 3]);
  // ys alone plots against the index: equal x steps, falling y (pixel y grows downwards).
  const [c0, c1, c2] = paths[1];
  assert.ok(Math.abs(c1[0] - c0[0] - (c2[0] - c1[0])) < 0.02);
  assert.ok(c0[1] < c1[1] && c1[1] < c2[1]);
});

Deno.test("lineChartSvg() skips non-finite points, breaks the line there and never writes NaN", () => {
  const svg = lineChartSvg({
    series: [{
      label: "diverged",
      points: [[0, 1], [1, 2], [2, NaN], [3, Infinity], [4, 1], [5, 0]],
    }],
  });
  assert.deepEqual(seriesPaths(svg).map((p) => p.length), [4]);
  const d = svg.match(/<path class="series" d="([^"]*)"/)![1];
  assert.equal(d.match(/M/g)?.length, 2, "the gap starts a new subpath");
  assert.doesNotMatch(svg, /NaN|Infinity/);
  assertWellFormed(svg);
});

Deno.test("lineChartSvg() gives a lone finite point a visible dot", () => {
  const svg = lineChartSvg({ series: [{ label: "x", ys: [NaN, 2, NaN, 3, 4] }] });
  assert.equal(svg.match(/<circle /g)?.length, 1);
});

Deno.test("lineChartSvg() escapes <, &, quotes in the title, axis labels and legend", () => {
  const label = `h<64> & "tied" 'w'`;
  const svg = lineChartSvg({
    title: label,
    xLabel: label,
    yLabel: label,
    series: [{ label, ys: [1, 2], color: `red" onload="x` }],
    horizontalLines: [{ label, y: 1.5 }],
  });
  assert.ok(!svg.includes(label));
  assert.ok(svg.includes("h&#60;64&#62; &#38; &#34;tied&#34; &#39;w&#39;"));
  assert.ok(svg.includes(`class="legend-label" fill="#222222">h&#60;64&#62;`));
  assertWellFormed(svg);
});

Deno.test("lineChartSvg() ticks are 1-2-5 steps that cover the data and reference lines", () => {
  const cases: [number[], number[]][] = [
    [[0, 1000], [2.31, 0.7]],
    [[-3.5, 17], [-0.004, 0.013]],
    [[1, 2], [1e-7, 3e-7]],
    [[0, 2e6], [-3e7, 4e9]],
    [[7, 7], [5, 5]],
  ];
  for (const [xs, ys] of cases) {
    const svg = lineChartSvg({
      series: [{ label: "s", xs, ys }],
      horizontalLines: [{ label: "floor", y: Math.min(...ys) - 0.001 }],
    });
    for (const [axis, values] of [["x", xs], ["y", [...ys, Math.min(...ys) - 0.001]]] as const) {
      const ticks = tickValues(svg, axis);
      const label = `${axis} ticks ${ticks} for ${values}`;
      assert.ok(ticks.length >= 2 && ticks.every(Number.isFinite), label);
      assert.ok(ticks[0] <= Math.min(...values), label);
      assert.ok(ticks[ticks.length - 1] >= Math.max(...values), label);
      const step = ticks[1] - ticks[0];
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      assert.ok([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6), `${label}: step ${step}`);
    }
  }
});

Deno.test("lineChartSvg() log axis puts decades at the ticks and covers the data", () => {
  const svg = lineChartSvg({ series: [{ label: "norm", ys: [30, 3, 0.05] }], yLog: true });
  assert.deepEqual(tickValues(svg, "y"), [0.01, 0.1, 1, 10, 100]);
  const narrow = lineChartSvg({ series: [{ label: "loss", ys: [1.3, 1.9] }], yLog: true });
  assert.deepEqual(tickValues(narrow, "y"), [1, 2]);
});

Deno.test("lineChartSvg() on a log axis rejects y ≤ 0 with a RangeError naming the series", () => {
  for (const bad of [0, -1]) {
    assert.throws(
      () => lineChartSvg({ series: [{ label: "loss", ys: [1, bad] }], yLog: true }),
      (error: unknown) =>
        error instanceof RangeError && /'loss'.*log y axis.*y = -?\d/.test(error.message),
    );
  }
  assert.throws(
    () =>
      lineChartSvg({
        series: [],
        yLog: true,
        horizontalLines: [{ label: "zero", y: 0 }],
      }),
    RangeError,
  );
  // Non-finite values are skipped on a log axis too, not rejected.
  const svg = lineChartSvg({ series: [{ label: "loss", ys: [1, NaN, 0.5] }], yLog: true });
  assert.deepEqual(seriesPaths(svg).map((p) => p.length), [2]);
});

Deno.test("lineChartSvg() rejects sizes it cannot lay out and malformed series", () => {
  for (
    const size of [{ width: 0 }, { width: NaN }, { width: 319 }, { height: 199 }, {
      height: Infinity,
    }]
  ) {
    assert.throws(
      () => lineChartSvg({ series: [], ...size }),
      (error: unknown) =>
        error instanceof RangeError && /Invalid chart (width|height)/.test(error.message),
    );
  }
  assert.throws(
    () => lineChartSvg({ series: [{ label: "s", xs: [1, 2, 3], ys: [1, 2] }] }),
    /3 xs but 2 ys/,
  );
  assert.throws(() => lineChartSvg({ series: [{ label: "s" }] }), TypeError);
});

Deno.test("lineChartSvg() is deterministic and writes coordinates with at most 2 decimals", () => {
  const options: LineChartOptions = {
    ...trainingCurves,
    series: [{ label: "noisy", ys: Array.from({ length: 300 }, (_, i) => 1 / (1 + i / 7.3)) }],
  };
  const svg = lineChartSvg(options);
  assert.equal(lineChartSvg(options), svg);
  assert.equal(lineChartSvg(structuredClone(options)), svg);
  for (const [, value] of svg.matchAll(/="([^"]*)"/g)) {
    assert.doesNotMatch(value, /\d\.\d{3}/, `attribute value ${value}`);
  }
});

Deno.test("lineChartSvg() uses the palette in order and honours colour and dash options", () => {
  const svg = lineChartSvg({
    series: [
      { label: "a", ys: [1, 2] },
      { label: "b", ys: [2, 1], dashed: true },
      { label: "c", ys: [1, 1], color: "rebeccapurple" },
    ],
  });
  const strokes = [...svg.matchAll(/<path class="series"[^>]*stroke="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(strokes, ["#1f77b4", "#ff7f0e", "rebeccapurple"]);
  assert.equal(svg.match(/<path class="series"[^>]*stroke-dasharray/g)?.length, 1);
});
