// The counting study as a whole: every (language, model, seed) run, on one
// thread or on a pool of workers (runs are independent, so the results do not
// depend on how many share them); the summary over seeds; one accuracy-by-size
// plot per language; and the report's lines. Nothing here prints.
import { getBackend } from "../backends/get_backend.ts";
import type { FormalLanguage } from "./data/languages/language.ts";
import {
  type PatternConfig,
  type PatternModelName,
  type PatternResult,
  runPattern,
  type SeedSummary,
  summarize,
} from "./patterns.ts";
import type { PatternJob } from "./pattern_worker.ts";
import { lineChartSvg } from "../plot/svg_plot.ts";

/** Where a study is: runs finished, and the work done in runs (fractions included). */
export interface StudyProgress {
  finished: number;
  done: number;
  total: number;
  label: string;
}

/** Options of {@linkcode runPatternStudy}. */
export interface StudyOptions {
  backend: "wasm" | "reference";
  /** Runs in parallel, each in a Worker (default 1: in this thread). */
  workers?: number;
  onProgress?: (progress: StudyProgress) => void;
}

/**
 * Trains and tests every run, in order on this thread or on `workers`
 * Workers (each taking the next run when it finishes one). Results come back
 * in the order of `runs`; a failing run rejects with its language, model and seed.
 *
 * @example Two tiny runs on one thread
 * ```ts
 * import { runPatternStudy } from "./pattern_study.ts";
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { ...PATTERN_DEFAULTS, epochs: 1, hiddenSize: 4, sequences: 20, testSizes: [12, 12] as [number, number] };
 * const runs = [1, 2].map((seed) => ({ ...tiny, language: anbn, model: "lstm" as const, seed }));
 * const results = await runPatternStudy(runs, { backend: "reference" });
 * assert.deepEqual(results.map((r) => r.seed), [1, 2]);
 * ```
 */
export function runPatternStudy(
  runs: readonly PatternConfig[],
  options: StudyOptions,
): Promise<PatternResult[]> {
  const workers = Math.min(options.workers ?? 1, runs.length);
  if (workers > 1) return runInWorkers(runs, options.backend, workers, options.onProgress);
  try {
    const backend = getBackend(options.backend);
    return Promise.resolve(
      runs.map((run, i) =>
        runPattern(backend, run, (report) =>
          options.onProgress?.({
            finished: i,
            done: i + report.epoch / Math.max(1, run.epochs),
            total: runs.length,
            label: `${run.language.name} ${run.model} seed ${run.seed}`,
          }))
      ),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

function runInWorkers(
  runs: readonly PatternConfig[],
  backend: "wasm" | "reference",
  count: number,
  onProgress: StudyOptions["onProgress"],
): Promise<PatternResult[]> {
  const results: PatternResult[] = new Array(runs.length);
  const epochsDone = new Array(runs.length).fill(0);
  let next = 0, finished = 0;
  const pool = Array.from(
    { length: count },
    () => new Worker(new URL("./pattern_worker.ts", import.meta.url), { type: "module" }),
  );
  return new Promise<PatternResult[]>((resolve, reject) => {
    const stop = (error?: Error) => {
      for (const worker of pool) worker.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const give = (worker: Worker) => {
      if (next >= runs.length) return;
      const index = next++;
      const { language, ...config } = runs[index];
      const job: PatternJob = { index, backend, config: { ...config, language: language.name } };
      worker.postMessage(job);
    };
    for (const worker of pool) {
      worker.onmessage = ({ data }) => {
        const run = runs[data.index];
        if (data.kind === "epoch") {
          epochsDone[data.index] = data.epoch / Math.max(1, run.epochs);
          const done = epochsDone.reduce((sum, value) => sum + value, 0);
          onProgress?.({
            finished,
            done,
            total: runs.length,
            label: `${finished}/${runs.length} runs done`,
          });
        } else if (data.kind === "error") {
          stop(new Error(`${run.language.name} ${run.model} seed ${run.seed}: ${data.message}`));
        } else {
          results[data.index] = data.result;
          epochsDone[data.index] = 1;
          if (++finished === runs.length) stop();
          else give(worker);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        stop(new Error(event.message));
      };
      give(worker);
    }
  });
}

/** One (language, model) pair of a study, summarised over its seeds. */
export interface PairSummary {
  language: string;
  title: string;
  model: PatternModelName;
  validationTokenNll: SeedSummary;
  inRangeAccuracy: SeedSummary;
  largestExact: SeedSummary;
}

/**
 * The median and range over seeds of each pair's figures, languages outermost.
 *
 * @example
 * ```ts
 * import { runPatternStudy, studyPlots, studyReportLines, studyRuns, summarizePairs } from "./pattern_study.ts";
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { ...PATTERN_DEFAULTS, epochs: 1, hiddenSize: 4, sequences: 20, testSizes: [12, 12] as [number, number] };
 * const runs = studyRuns([anbn], ["lstm"], [1, 2], tiny, () => 0.045);
 * const results = await runPatternStudy(runs, { backend: "reference" });
 * const pairs = summarizePairs(results, [anbn], ["lstm"]);
 * assert.equal(pairs[0].largestExact.min <= pairs[0].largestExact.max, true);
 * assert.match(studyPlots(results, [anbn], ["lstm"], tiny.trainSizes, 2)[0].svg, /^<svg/);
 * const header = { ...tiny, seeds: [1, 2], backend: "reference", out: "out", elapsed: "1s" };
 * assert.match(studyReportLines(header, pairs, results)[0], /^Counting study/);
 * ```
 */
export function summarizePairs(
  results: readonly PatternResult[],
  languages: readonly FormalLanguage[],
  models: readonly PatternModelName[],
): PairSummary[] {
  return languages.flatMap((language) =>
    models.map((model) => {
      const mine = results.filter((r) => r.language === language.name && r.model === model);
      return {
        language: language.name,
        title: language.title,
        model,
        validationTokenNll: summarize(mine.map((r) => r.validationTokenNll)),
        inRangeAccuracy: summarize(mine.map((r) => r.inRangeAccuracy)),
        largestExact: summarize(mine.map((r) => r.largestExact)),
      };
    })
  );
}

/**
 * Per language, an SVG of the fraction of test strings right against size, a line per model.
 *
 * @example
 * ```ts
 * import { runPatternStudy, studyPlots, studyReportLines, studyRuns, summarizePairs } from "./pattern_study.ts";
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { ...PATTERN_DEFAULTS, epochs: 1, hiddenSize: 4, sequences: 20, testSizes: [12, 12] as [number, number] };
 * const runs = studyRuns([anbn], ["lstm"], [1, 2], tiny, () => 0.045);
 * const results = await runPatternStudy(runs, { backend: "reference" });
 * const pairs = summarizePairs(results, [anbn], ["lstm"]);
 * assert.equal(pairs[0].largestExact.min <= pairs[0].largestExact.max, true);
 * assert.match(studyPlots(results, [anbn], ["lstm"], tiny.trainSizes, 2)[0].svg, /^<svg/);
 * const header = { ...tiny, seeds: [1, 2], backend: "reference", out: "out", elapsed: "1s" };
 * assert.match(studyReportLines(header, pairs, results)[0], /^Counting study/);
 * ```
 */
export function studyPlots(
  results: readonly PatternResult[],
  languages: readonly FormalLanguage[],
  models: readonly PatternModelName[],
  trainSizes: readonly [number, number],
  seedCount: number,
): { language: string; svg: string }[] {
  return languages.map((language) => {
    const sizes = results.find((r) => r.language === language.name)!.bySize.map((s) => s.size);
    const series = models.map((model) => {
      const mine = results.filter((r) => r.language === language.name && r.model === model);
      return {
        label: model.toUpperCase(),
        xs: sizes,
        ys: sizes.map((_, k) =>
          mine.reduce((sum, r) => sum + r.bySize[k].right / r.bySize[k].total, 0) / mine.length
        ),
      };
    });
    return {
      language: language.name,
      svg: lineChartSvg({
        title: `${language.title}: strings right by size (trained on ${
          trainSizes.join("…")
        }, mean of ${seedCount} seed${seedCount > 1 ? "s" : ""})`,
        xLabel: `size (${language.sizeMeaning})`,
        yLabel: "fraction of test strings right",
        series,
      }),
    };
  });
}

/** What the study's report says beyond the figures: its settings, for the first line. */
export interface StudyHeader {
  trainSizes: readonly [number, number];
  testSizes: readonly [number, number];
  seeds: readonly number[];
  epochs: number;
  protocol: "softmax" | "classic";
  peephole: boolean;
  backend: string;
  out: string;
  elapsed: string;
}

/**
 * The study's report as lines: the settings, the table over seeds, accuracy at landmark sizes.
 *
 * @example
 * ```ts
 * import { runPatternStudy, studyPlots, studyReportLines, studyRuns, summarizePairs } from "./pattern_study.ts";
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const tiny = { ...PATTERN_DEFAULTS, epochs: 1, hiddenSize: 4, sequences: 20, testSizes: [12, 12] as [number, number] };
 * const runs = studyRuns([anbn], ["lstm"], [1, 2], tiny, () => 0.045);
 * const results = await runPatternStudy(runs, { backend: "reference" });
 * const pairs = summarizePairs(results, [anbn], ["lstm"]);
 * assert.equal(pairs[0].largestExact.min <= pairs[0].largestExact.max, true);
 * assert.match(studyPlots(results, [anbn], ["lstm"], tiny.trainSizes, 2)[0].svg, /^<svg/);
 * const header = { ...tiny, seeds: [1, 2], backend: "reference", out: "out", elapsed: "1s" };
 * assert.match(studyReportLines(header, pairs, results)[0], /^Counting study/);
 * ```
 */
export function studyReportLines(
  header: StudyHeader,
  pairs: readonly PairSummary[],
  results: readonly PatternResult[],
): string[] {
  const { trainSizes, testSizes, seeds } = header;
  const figure = (s: SeedSummary, digits = 0) =>
    seeds.length > 1
      ? `${s.median.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`
      : s.median.toFixed(digits);
  const lines = [
    `Counting study: trained on sizes ${trainSizes.join("..")}, tested ${
      Math.min(trainSizes[0], testSizes[0])
    }..${Math.max(trainSizes[1], testSizes[1])}; seeds ${
      seeds.join(", ")
    }; ${header.epochs} epochs; ${
      header.protocol === "classic" ? "classic protocol (sigmoid, next-word sets)" : "softmax"
    }${header.peephole ? ", LSTM with peepholes" : ""}; ${header.backend}`,
    `${"language".padEnd(10)} ${"model".padEnd(5)} ${"val loss/token".padEnd(22)} ${
      "in-range right".padEnd(22)
    } largest size all right`,
  ];
  for (const pair of pairs) {
    lines.push(
      `${pair.title.padEnd(10)} ${pair.model.padEnd(5)} ${
        figure(pair.validationTokenNll, 4).padEnd(22)
      } ${figure(pair.inRangeAccuracy, 2).padEnd(22)} ${figure(pair.largestExact)}`,
    );
  }
  lines.push(
    `(median [min–max] over seeds; plots in ${header.out}/patterns_*.svg; ${header.elapsed})`,
  );
  // Accuracy by size too, at a few landmark sizes of the tested range.
  const tested = results[0].bySize.map((s) => s.size);
  const landmarks = [...new Set([trainSizes[1], 12, 15, 20, 30, 50, 100, 200, 500, 1000])]
    .filter((size) => tested.includes(size));
  lines.push(
    `\nStrings right at size (all seeds together):\n${"language".padEnd(10)} ${"model".padEnd(5)} ${
      landmarks.map((size) => String(size).padStart(6)).join("")
    }`,
  );
  for (const pair of pairs) {
    const mine = results.filter((r) => r.language === pair.language && r.model === pair.model);
    const cells = landmarks.map((size) => {
      const at = mine.map((r) => r.bySize.find((s) => s.size === size)!);
      const right = at.reduce((sum, s) => sum + s.right, 0);
      const total = at.reduce((sum, s) => sum + s.total, 0);
      return `${Math.round(100 * right / total)}%`.padStart(6);
    });
    lines.push(`${pair.title.padEnd(10)} ${pair.model.padEnd(5)} ${cells.join("")}`);
  }
  return lines;
}

/**
 * Every run of a study: languages × models × seeds, each model at `lr` or its
 * own default rate, peepholes on the LSTM only.
 *
 * @example
 * ```ts
 * import { studyRuns } from "./pattern_study.ts";
 * import { PATTERN_DEFAULTS } from "./patterns.ts";
 * import { anbn, dyck1 } from "./data/languages/mod.ts";
 * import assert from "node:assert/strict";
 *
 * const runs = studyRuns([anbn, dyck1], ["rnn", "lstm"], [1, 2, 3], PATTERN_DEFAULTS, () => 0.01);
 * assert.equal(runs.length, 12);
 * ```
 */
export function studyRuns(
  languages: readonly FormalLanguage[],
  models: readonly PatternModelName[],
  seeds: readonly number[],
  settings: Omit<PatternConfig, "language" | "model" | "seed" | "lr">,
  learningRate: (model: PatternModelName) => number,
): PatternConfig[] {
  return languages.flatMap((language) =>
    models.flatMap((model) =>
      seeds.map((seed) => ({
        ...settings,
        language,
        model,
        seed,
        lr: learningRate(model),
        // Peepholes are the LSTM's; the other models of the comparison run as they are.
        peephole: settings.peephole && model === "lstm",
      }))
    )
  );
}
