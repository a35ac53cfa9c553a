// The README's `$ deno task exercise check …` blocks are what the grader
// prints: the handed-out J as it comes, and exercise D written as the lab's
// published RNN solution (tests/fixtures/exercises/mistakes/d_lab_solution.ts),
// each run in a fresh copy of the blanks, never in exercises/ itself.
import assert from "node:assert/strict";
import { runTaskWith } from "../helpers/run_task.ts";
import { fencedBlocks, readmeText, ROOT } from "./readme_text.ts";

/** The README's blocks that start with `$ deno task exercise check`, by exercise. */
function shownChecks(): Map<string, string[]> {
  const shown = new Map<string, string[]>();
  for (const block of fencedBlocks(readmeText())) {
    const match = /^\$ deno task exercise check (\S+)$/.exec(block.lines[0] ?? "");
    if (match) shown.set(match[1], block.lines.slice(1));
  }
  return shown;
}

Deno.test("the README's exercise check blocks are the grader's output, line for line", async () => {
  const shown = shownChecks();
  assert.deepEqual([...shown.keys()].sort(), ["d", "j"]);
  const dir = await Deno.makeTempDir({ prefix: "exercises_" });
  try {
    await Deno.mkdir(`${dir}/.blanks`);
    for (const entry of Deno.readDirSync(`${ROOT}exercises/.blanks`)) {
      await Deno.copyFile(`${ROOT}exercises/.blanks/${entry.name}`, `${dir}/${entry.name}`);
      await Deno.copyFile(`${ROOT}exercises/.blanks/${entry.name}`, `${dir}/.blanks/${entry.name}`);
    }
    const published = await Deno.readTextFile(
      `${ROOT}tests/fixtures/exercises/mistakes/d_lab_solution.ts`,
    );
    await Deno.writeTextFile(
      `${dir}/d_rnn_backward.ts`,
      published.replaceAll("../solutions/", "./"),
    );
    for (const [id, lines] of shown) {
      const { stdout } = await runTaskWith(
        ["--allow-read", "--allow-write", "--allow-env=INIT_CWD"],
        "exercise",
        "check",
        id,
        "--dir",
        dir,
      );
      assert.deepEqual(
        lines.filter((line) => line.trim() !== ""),
        stdout.replaceAll(dir, "exercises").trimEnd().split("\n"),
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
