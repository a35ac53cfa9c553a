// A one-line progress bar with ETA on stderr, only when stderr is a
// terminal: piped output stays clean.

/** Draws `[#####.....] 40% label ETA 3s`, redrawn at most ten times a second. */
export class ProgressBar {
  readonly #enabled: boolean;
  readonly #start = performance.now();
  #lastDraw = 0;
  readonly #encoder = new TextEncoder();

  constructor(enabled = true) {
    this.#enabled = enabled && Deno.stderr.isTerminal();
  }

  /** Shows `done` out of `total` units of work. */
  update(done: number, total: number, label: string): void {
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#lastDraw < 100 && done < total) return;
    this.#lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const filled = Math.round(fraction * width);
    const elapsed = (now - this.#start) / 1000;
    const eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : NaN;
    const line =
      `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${
        (fraction * 100).toFixed(0).padStart(3)
      }% ${label}` +
      (Number.isFinite(eta) ? ` ETA ${formatSeconds(eta)}` : "");
    Deno.stderr.writeSync(this.#encoder.encode(`\r\x1b[2K${line}`));
  }

  /** Clears the bar. */
  done(): void {
    if (this.#enabled) Deno.stderr.writeSync(this.#encoder.encode("\r\x1b[2K"));
  }
}

/** 75 → "1m15s", 3.2 → "3.2s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}
