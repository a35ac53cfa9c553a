// deno task patterns as a user runs it: --json is one line with one run per
// language, model and seed and a plot per language; bad flags are one line
// and exit code 2.
import assert from "node:assert/strict";
import { runTask } from "../helpers/run_task.ts";

const run = (...args: string[]) => runTask("patterns", ...args);

Deno.test("deno task patterns --json reports every run and writes a plot per language", async () => {
  const out = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await run(
      ...["--language", "anbn,dyck1", "--model", "lstm,gru", "--seeds", "2", "--epochs", "3"],
      ...["--hidden", "6", "--sequences", "40", "--test", "12..15", "--json", "--out", out],
    );
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const report = JSON.parse(lines[0]);
    assert.equal(report.runs.length, 2 * 2 * 2);
    assert.equal(report.summary.length, 4);
    for (const run of report.runs) {
      assert.deepEqual(run.bySize.map((s: { size: number }) => s.size), [
        ...Array.from({ length: 11 }, (_, i) => i + 1),
        12,
        13,
        14,
        15,
      ]);
    }
    for (const language of ["anbn", "dyck1"]) {
      const svg = await Deno.readTextFile(`${out}/patterns_${language}.svg`);
      assert.match(svg, /^<svg/);
      assert.match(svg, /LSTM/);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno task patterns gives the same results on one worker and on two", async () => {
  const out = await Deno.makeTempDir();
  try {
    const args = ["--language", "anbncn", "--seeds", "2", "--epochs", "2", "--hidden", "5"];
    const common = [...args, "--sequences", "30", "--test", "12..13", "--json", "--out", out];
    const [one, two] = [
      await run(...common, "--workers", "1"),
      await run(...common, "--workers", "2"),
    ];
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    const strip = (stdout: string) => {
      const report = JSON.parse(stdout);
      return {
        summary: report.summary,
        runs: report.runs.map((r: object) => ({ ...r, seconds: 0 })),
      };
    };
    assert.deepEqual(strip(two.stdout), strip(one.stdout));
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno task patterns refuses bad flags in one line with exit code 2", async () => {
  for (
    const args of [
      ["--language", "anbncndn"],
      ["--model", "transformer"],
      ["--train", "11..1"],
      ["--seeds", "0"],
      ["--workers", "0"],
      ["--protocol", "classic", "--model", "rnn"],
      ["--model", "gru", "--peephole"],
      ["--nonsense"],
    ]
  ) {
    const { code, stderr, stdout } = await run(...args);
    assert.equal(code, 2, args.join(" "));
    assert.equal(stdout, "");
    assert.equal(stderr.trim().split("\n").length, 2, stderr);
    assert.doesNotMatch(stderr, /^\s+at /m, "no stack trace");
  }
});
