/**
 * Runs bench/kernels_bench.ts under `deno bench --json` and prints one table:
 * time per call, GFLOP/s for matrix kernels (M elements/s for pointwise ones),
 * each GFLOP/s as a share of two ceilings — bench/probe/panel.ts (as bench:floor
 * measures it) and bench/probe/tile.ts (the packed product's register tile on
 * panels in L1, the 128-bit SIMD peak) — and each wasm build's speed-up over
 * the reference.
 *
 *   deno task bench                    every kernel, about a minute
 *   deno task bench --filter matMul    only benches whose name contains "matMul"
 *   deno task bench --json             the rows as one JSON line (each with the ceilings)
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { defaultKernelBuild } from "../mod.ts";
import { findCase, parseBenchName } from "../bench/kernel_cases.ts";
import { parseTaskFlags } from "./common/flags.ts";
import { ceilingProbe, tileCeilingProbe } from "../bench/ceiling_probe.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH_FILE = "bench/kernels_bench.ts";

const HELP = `Usage: deno task bench [--filter TEXT] [--json]

Times every Backend kernel (${BENCH_FILE}) on the wasm and reference backends
and prints µs per call, GFLOP/s or M elements/s, the GFLOP/s as a share of
two ceilings timed here — bench/probe/panel.ts (a bare broadcast, load and
fused multiply-add loop: "of probe") and bench/probe/tile.ts (the packed
product's 4 × 8 register tile on panels in L1: "of tile") — and the speed-up
over reference.
  --filter TEXT   only benches whose name contains TEXT (or matches /regexp/),
                  e.g. "matMul", "200x54", "[reference]"
  --json          print the rows as one JSON line instead of the table
  --help          show this text`;

/** One entry of `results` in `deno bench --json` output; times in nanoseconds. */
type BenchResult =
  | { ok: { n: number; min: number; max: number; avg: number; p75: number; p99: number } }
  | { failed: { message?: string; exceptionMessage?: string } };

/** The shape of `deno bench --json` output (version 1, Deno 2.9). */
interface BenchReport {
  version: number;
  runtime: string;
  cpu: string;
  benches: { name: string; group: string | null; baseline: boolean; results: BenchResult[] }[];
}

interface Row {
  kernel: string;
  shape: string;
  backend: string;
  /** Samples deno bench took (batches of 10,000 calls for calls under 10 µs). */
  samples: number;
  avgUs: number;
  minUs: number;
  p75Us: number;
  /** GFLOP/s or M elements/s, from the p75 time. */
  rate: number;
  rateUnit: "GFLOP/s" | "Melem/s";
  /** Reference p75 time over this row's; null on reference rows or without one. */
  speedUp: number | null;
  /** GFLOP/s over the probe's ceiling; null for M elements/s. */
  ofCeiling: number | null;
  /** GFLOP/s over the register tile's ceiling; null for M elements/s. */
  ofTile: number | null;
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

async function runBench(filter: string | undefined): Promise<BenchReport> {
  const filterArgs = filter === undefined ? [] : ["--filter", filter];
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    // After `--`: the bench module reads the filter too, to skip warming other cases.
    args: ["bench", "--json", ...filterArgs, BENCH_FILE, "--", ...filterArgs],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(stdout);
  const err = new TextDecoder().decode(stderr);
  let report: BenchReport | null = null;
  try {
    report = JSON.parse(out);
  } catch {
    // Reported below.
  }
  if (code !== 0) {
    console.error(`deno bench exited with code ${code}:\n${tail(err)}`);
    for (const bench of report?.benches ?? []) {
      for (const result of bench.results) {
        if ("failed" in result) {
          console.error(
            `  ${bench.name}: ${result.failed.exceptionMessage ?? result.failed.message}`,
          );
        }
      }
    }
    if (!report?.benches.length) {
      console.error(`(--json hides errors thrown at load; run \`deno bench ${BENCH_FILE}\`)`);
    }
    Deno.exit(1);
  }
  if (report === null) {
    console.error(`Cannot parse the output of deno bench --json:\n${tail(out)}\n${tail(err)}`);
    Deno.exit(1);
  }
  return report;
}

function toRows(report: BenchReport, ceiling: number, tileCeiling: number): Row[] {
  const rows: Row[] = [];
  for (const bench of report.benches) {
    const parts = parseBenchName(bench.name);
    const c = parts && findCase(parts.kernel, parts.shape);
    const result = bench.results[0];
    if (!parts || !c || !result || !("ok" in result)) continue;
    const { n, avg, min, p75 } = result.ok;
    rows.push({
      ...parts,
      samples: n,
      avgUs: avg / 1e3,
      minUs: min / 1e3,
      p75Us: p75 / 1e3,
      // flops per ns = GFLOP/s; elements per ns × 1000 = M elements/s.
      rate: c.unit === "flop" ? c.work / p75 : c.work / p75 * 1e3,
      rateUnit: c.unit === "flop" ? "GFLOP/s" : "Melem/s",
      speedUp: null,
      ofCeiling: c.unit === "flop" ? c.work / p75 / ceiling : null,
      ofTile: c.unit === "flop" ? c.work / p75 / tileCeiling : null,
    });
  }
  for (const row of rows) {
    const reference = rows.find((r) =>
      r.backend === "reference" && r.kernel === row.kernel && r.shape === row.shape
    );
    if (reference && row !== reference) row.speedUp = reference.p75Us / row.p75Us;
  }
  return rows;
}

// Three significant figures or so, without exponent notation.
function num(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

function table(rows: Row[]): string {
  const header = [
    "kernel".padEnd(28),
    "shape".padEnd(12),
    "backend".padEnd(18),
    "avg µs".padStart(9),
    "min µs".padStart(9),
    "p75 µs".padStart(9),
    "rate".padStart(8),
    "unit".padEnd(8),
    "of probe".padStart(8),
    "of tile".padStart(7),
    "vs ref".padStart(7),
  ].join(" ");
  const lines = rows.map((r) =>
    [
      r.kernel.padEnd(28),
      r.shape.padEnd(12),
      r.backend.padEnd(18),
      num(r.avgUs).padStart(9),
      num(r.minUs).padStart(9),
      num(r.p75Us).padStart(9),
      num(r.rate).padStart(8),
      r.rateUnit.padEnd(8),
      (r.ofCeiling === null ? "" : `${(100 * r.ofCeiling).toFixed(0)}%`).padStart(8),
      (r.ofTile === null ? "" : `${(100 * r.ofTile).toFixed(0)}%`).padStart(7),
      (r.speedUp === null ? "" : `${num(r.speedUp)}x`).padStart(7),
    ].join(" ").trimEnd()
  );
  return [header, "-".repeat(header.length), ...lines].join("\n");
}

if (import.meta.main) {
  const flags = parseTaskFlags("bench", Deno.args, {
    filter: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  console.error(`Running deno bench ${BENCH_FILE}; the full set takes about a minute.`);
  const report = await runBench(flags.filter);
  // The ceiling after the benches, alone on the machine: the best of a few rounds.
  const probe = await ceilingProbe(), tileProbe = await tileCeilingProbe();
  let ceiling = 0, tileCeiling = 0;
  for (let round = 0; round < 10; round++) {
    ceiling = Math.max(ceiling, probe());
    tileCeiling = Math.max(tileCeiling, tileProbe());
  }
  const rows = toRows(report, ceiling, tileCeiling);
  if (flags.json) {
    console.log(
      JSON.stringify(
        rows.map((row) => ({ ...row, ceilingGflops: ceiling, tileCeilingGflops: tileCeiling })),
      ),
    );
  } else if (rows.length === 0) {
    console.log(`No benchmark matched --filter ${JSON.stringify(flags.filter)}.`);
  } else {
    console.log(
      `Kernel build picked by this runtime: ${defaultKernelBuild()} (${report.runtime}, ${report.cpu})`,
    );
    console.log(
      `Ceiling: bench/probe/panel.ts, a bare loop of broadcast, load and fused multiply-add: ` +
        `${ceiling.toFixed(1)} GFLOP/s; "of probe" is each GFLOP/s as a share of it.`,
    );
    console.log(
      `Tile ceiling: bench/probe/tile.ts, the packed product's 4 × 8 register tile on panels in ` +
        `L1: ${tileCeiling.toFixed(1)} GFLOP/s; "of tile" is each GFLOP/s as a share of it.`,
    );
    console.log(table(rows));
    console.log(
      "Rate and speed-up use p75: deno bench reports no median, which lies between min and p75.",
    );
  }
}
