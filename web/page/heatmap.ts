// The probe as one SVG: a column per step (the word fed), the model's next-word
// probabilities above, and below them every unit's cell state (or hidden state)
// as a heat map — red above zero, blue below, scaled to the largest |value| —
// with the unit of widest range marked: on aⁿbⁿ, the LSTM's counter, which
// climbs with every a and falls back with every b. Pure: a string from data.
import type { Probe } from "../protocol.ts";

/** Which state the heat map shows. */
export type StateView = "cell" | "hidden";

const LEFT = 64, TOP = 34, CELL_WIDTH = 22, PROBABILITY_HEIGHT = 15, UNIT_HEIGHT = 7, GAP = 10;
const FONT = "font-family:system-ui,sans-serif";

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// A probability as the cell shows it: ".93", "1", or nothing below half a percent.
function percentText(p: number): string {
  if (p >= 0.995) return "1";
  if (p < 0.005) return "";
  return p.toFixed(2).replace(/^0/, "");
}

// White to dark blue for a probability.
function probabilityColor(p: number): string {
  const t = Math.max(0, Math.min(1, p));
  const channel = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${channel(255, 8)},${channel(255, 69)},${channel(255, 148)})`;
}

// Blue (−1) through white (0) to red (+1).
function divergingColor(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? [178, 24, 43] : [33, 102, 172];
  const a = Math.abs(t);
  const mix = (c: number) => Math.round(255 + (c - 255) * a);
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** The unit whose state spans the widest range over the steps (the counter, on aⁿbⁿ). */
export function widestUnit(rows: readonly Float64Array[]): { unit: number; range: number } {
  let best = { unit: 0, range: -1 };
  const units = rows[0]?.length ?? 0;
  for (let unit = 0; unit < units; unit++) {
    let lo = Infinity, hi = -Infinity;
    for (const row of rows) {
      lo = Math.min(lo, row[unit]);
      hi = Math.max(hi, row[unit]);
    }
    if (hi - lo > best.range) best = { unit, range: hi - lo };
  }
  return best;
}

/**
 * The SVG of a probe: the words fed, P(next word) per step for every word but
 * UNK, and the `view` state of every unit per step.
 */
export function probeSvg(probe: Probe, view: StateView): string {
  const steps = probe.steps;
  const words = probe.words.filter((word) => word !== "UNK");
  const rows = steps.map((step) => (view === "cell" && step.cell) ? step.cell : step.hidden);
  const units = rows[0]?.length ?? 0;
  const shown = view === "cell" && steps[0]?.cell ? "cell state c" : "hidden state h";
  const scale = Math.max(1e-9, ...rows.map((row) => Math.max(...row.map(Math.abs))));
  const stateTop = TOP + words.length * PROBABILITY_HEIGHT + GAP;
  const width = LEFT + steps.length * CELL_WIDTH + 160;
  const height = stateTop + units * UNIT_HEIGHT + 30;
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, extra = "") =>
    parts.push(
      `<text x="${x}" y="${y}" style="${FONT}" font-size="10" ${extra}>${escape(content)}</text>`,
    );
  text(4, 12, `fed:`);
  text(4, 26, `next:`);
  steps.forEach((step, t) => {
    const x = LEFT + t * CELL_WIDTH + CELL_WIDTH / 2;
    text(x, 12, step.input, `text-anchor="middle" fill="${step.fromPrompt ? "#555" : "#000"}"`);
    const next = probe.words[argmax(step.probabilities)];
    const generatedAt = t - probe.prompt.length + 1;
    const expected = generatedAt >= 0 ? probe.expected[generatedAt] : undefined;
    const color = expected === undefined ? "#888" : next === expected ? "#1a7f37" : "#cf222e";
    text(x, 26, next, `text-anchor="middle" fill="${color}" font-weight="bold"`);
  });
  words.forEach((word, row) => {
    const index = probe.words.indexOf(word);
    const y = TOP + row * PROBABILITY_HEIGHT;
    text(4, y + 11, `P(${word})`);
    steps.forEach((step, t) => {
      const p = step.probabilities[index];
      const x = LEFT + t * CELL_WIDTH;
      parts.push(
        `<rect class="probability" x="${x}" y="${y}" width="${CELL_WIDTH - 1}" height="${
          PROBABILITY_HEIGHT - 1
        }" fill="${probabilityColor(p)}"><title>P(${escape(word)}) = ${
          p.toFixed(4)
        }</title></rect>`,
      );
      const label = percentText(p);
      if (label) {
        text(
          x + CELL_WIDTH / 2,
          y + 11,
          label,
          `text-anchor="middle" font-size="8" fill="${p > 0.55 ? "#fff" : "#000"}"`,
        );
      }
    });
  });
  text(4, stateTop - 2, shown, `font-size="9"`);
  const widest = widestUnit(rows);
  for (let unit = 0; unit < units; unit++) {
    const y = stateTop + unit * UNIT_HEIGHT;
    if (unit % 10 === 0) text(LEFT - 4, y + 7, String(unit), `text-anchor="end" font-size="8"`);
    rows.forEach((row, t) => {
      parts.push(
        `<rect class="unit" x="${
          LEFT + t * CELL_WIDTH
        }" y="${y}" width="${CELL_WIDTH}" height="${UNIT_HEIGHT}" fill="${
          divergingColor(row[unit] / scale)
        }"><title>unit ${unit}, step ${t}: ${row[unit].toFixed(3)}</title></rect>`,
      );
    });
  }
  if (units) {
    const y = stateTop + widest.unit * UNIT_HEIGHT + UNIT_HEIGHT / 2;
    const x = LEFT + steps.length * CELL_WIDTH + 4;
    text(x, y + 3, `◀ unit ${widest.unit}: widest range`, `id="widest-unit" font-size="9"`);
  }
  // The prompt ends here; the model's own words follow.
  const cut = LEFT + probe.prompt.length * CELL_WIDTH;
  parts.push(
    `<line x1="${cut}" y1="0" x2="${cut}" y2="${
      height - 24
    }" stroke="#000" stroke-dasharray="3,2"/>`,
  );
  text(
    LEFT,
    height - 8,
    `colour: ${shown} from −${scale.toFixed(2)} (blue) through 0 to +${scale.toFixed(2)} (red)`,
    `font-size="9"`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" id="heatmap-svg" data-steps="${steps.length}" data-units="${units}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${
    parts.join("")
  }</svg>`;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
