// The README's table of which training task takes which flags: each row must
// name exactly the flags the task's --help lists, and the task's parser must
// accept every one of them.
import assert from "node:assert/strict";
import { runTask } from "../helpers/run_task.ts";
import { readmeText, tableRows } from "./readme_text.ts";

/** The flags `--help` lists (`  --name [VALUE]` at the start of a line), with whether they take a value. */
function helpFlags(help: string): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  for (const match of help.matchAll(/^ {2}(--[a-z-]+)( [A-Z])?/gm)) {
    if (match[1] !== "--help") flags.set(match[1], match[2] !== undefined);
  }
  return flags;
}

Deno.test("the README's flag table names exactly the flags each training task takes", async () => {
  const rows = tableRows(readmeText(), "task ");
  const covered: string[] = [];
  for (const [tasksCell, flagsCell] of rows) {
    const tasks = [...tasksCell.matchAll(/`(?:deno task )?([a-z]+)`/g)].map((m) => m[1]);
    const listed = [...flagsCell.matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort();
    for (const task of tasks) {
      covered.push(task);
      const help = await runTask(task, "--help");
      assert.equal(help.code, 0, help.stderr);
      const flags = helpFlags(help.stdout);
      assert.deepEqual(listed, [...flags.keys()].sort(), `deno task ${task}: README vs --help`);
      // Every listed flag at once, then --help: an unknown one fails before the help prints.
      const all = [...flags].map(([flag, takesValue]) => takesValue ? `${flag}=1` : flag);
      const parsed = await runTask(task, ...all, "--help");
      assert.equal(parsed.code, 0, `deno task ${task} refuses a listed flag: ${parsed.stderr}`);
    }
  }
  assert.deepEqual(covered.sort(), ["compare", "gru", "lstm", "nn", "patterns", "rnn"]);
});
