// The README's output blocks (```` ``` ```` blocks of `$ deno task …` lines)
// are what the commands print, line for line, with every cut marked by a `…`
// line. Numbers are compared by shape only (times differ from run to run);
// the words and the order of the lines must match. The patterns study takes
// minutes, so its blocks are left to the eye.
import assert from "node:assert/strict";
import { runTask } from "../helpers/run_task.ts";
import { fencedBlocks, readmeText } from "./readme_text.ts";

const FAST = new Set(["dicts", "rnn", "lstm", "nn", "gru", "compare"]);

/** One `$ deno task NAME args` line and the output lines shown under it. */
interface Shown {
  task: string;
  args: string[];
  lines: string[];
}

function shownCommands(): Shown[] {
  const shown: Shown[] = [];
  for (const block of fencedBlocks(readmeText())) {
    if (block.info !== "" || !block.lines[0]?.startsWith("$ deno task ")) continue;
    for (const line of block.lines) {
      if (line.startsWith("$ ")) {
        const [, , task, ...args] = line.slice(2).replace(/#.*$/, "").trim().split(/\s+/);
        shown.push({ task, args, lines: [] });
      } else if (line.trim() !== "") {
        shown.at(-1)!.lines.push(line);
      }
    }
  }
  return shown;
}

// Numbers become '#', runs of spaces one space: a line's words and layout remain.
const shape = (line: string) => line.replace(/-?\d[\d,.]*/g, "#").replace(/\s+/g, " ").trim();

/** Why `shown` is not `printed` with its cuts marked, or undefined. */
function mismatch(shown: string[], printed: string[]): string | undefined {
  let next = 0, marked = false;
  for (const line of shown) {
    if (line.trim() === "…") {
      marked = true;
      continue;
    }
    const at = printed.findIndex((candidate, i) => i >= next && shape(candidate) === shape(line));
    if (at < 0) return `this line is not in the output (after line ${next}): ${line}`;
    if (at > next && !marked) {
      return `${at - next} line(s) left out before '${line}' without a … line:\n${
        printed.slice(next, at).join("\n")
      }`;
    }
    next = at + 1;
    marked = false;
  }
  if (next < printed.length && !marked) {
    return `the output goes on without a … line:\n${printed.slice(next).join("\n")}`;
  }
  return undefined;
}

Deno.test("every README output block is what its command prints, with each cut marked by …", async () => {
  const shown = shownCommands().filter((command) => FAST.has(command.task));
  assert.deepEqual([...new Set(shown.map((c) => c.task))].sort(), [...FAST].sort());
  const dir = await Deno.makeTempDir();
  try {
    const runs = await Promise.all(shown.map((command) => {
      const out = command.task === "dicts" ? [] : ["--out", `${dir}/${command.task}`];
      return runTask(command.task, ...command.args, ...out);
    }));
    const problems = shown.flatMap((command, i) => {
      const { code, stdout, stderr } = runs[i];
      const label = `$ deno task ${command.task} ${command.args.join(" ")}`;
      if (code !== 0) return [`${label}: exit ${code}\n${stderr}`];
      const printed = stdout.replaceAll(`${dir}/${command.task}`, "out").split("\n")
        .filter((line) => line.trim() !== "");
      const problem = mismatch(command.lines, printed);
      return problem ? [`${label}: ${problem}`] : [];
    });
    assert.deepEqual(problems, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
