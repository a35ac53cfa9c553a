// deno task patterns — exercise N and beyond: what can these networks count?
// Trains each model on each language for several seeds and reports, per
// pair, validation loss, in-range accuracy and the largest size up to which
// every tested string is right; writes one accuracy-by-size plot per language.
import { getBackend } from "../src/backends/get_backend.ts";
import {
  runPatternStudy,
  studyPlots,
  studyReportLines,
  studyRuns,
  summarizePairs,
} from "../src/lab/pattern_study.ts";
import type { PatternResult } from "../src/lab/patterns.ts";
import { parsePatternFlags } from "./common/pattern_flags.ts";
import { checkWritableFile, prepareDirectory, writeOutput } from "./common/outputs.ts";
import { parentWatch } from "./common/parent_watch.ts";
import { formatSeconds, ProgressBar } from "./common/progress.ts";

const TASK = "patterns";

if (import.meta.main) {
  const flags = parsePatternFlags(Deno.args);
  const { languages, models, seeds, settings, out } = flags;
  // Before any training: plots that cannot be written should not cost minutes of work.
  await prepareDirectory(TASK, "out", out);
  for (const language of languages) {
    await checkWritableFile(TASK, "out", `${out}/patterns_${language.name}.svg`);
  }
  const runs = studyRuns(languages, models, seeds, settings, flags.learningRate);
  const progress = new ProgressBar(!flags.quiet && !flags.json);
  const start = performance.now();
  const checkParent = parentWatch(TASK);
  let results: PatternResult[];
  try {
    results = await runPatternStudy(runs, {
      backend: flags.backend,
      workers: flags.workers,
      onProgress: ({ done, total, label }) => {
        checkParent();
        progress.update(done, total, label);
      },
    });
  } catch (error) {
    progress.done();
    console.error(`${TASK}: ${(error as Error).message}`);
    Deno.exit(1);
  }
  progress.done();
  const seconds = (performance.now() - start) / 1000;
  const pairs = summarizePairs(results, languages, models);
  for (
    const { language, svg } of studyPlots(
      results,
      languages,
      models,
      settings.trainSizes,
      seeds.length,
    )
  ) {
    await writeOutput(TASK, `${out}/patterns_${language}.svg`, svg);
  }
  const backend = getBackend(flags.backend).description;
  if (flags.json) {
    const lr = Object.fromEntries(models.map((model) => [model, flags.learningRate(model)]));
    const summary = { task: TASK, backend, settings: { ...settings, lr, seeds } };
    console.log(JSON.stringify({ ...summary, summary: pairs, runs: results, seconds }));
  } else {
    const header = { ...settings, seeds, backend, out, elapsed: formatSeconds(seconds) };
    for (const line of studyReportLines(header, pairs, results)) console.log(line);
  }
}
