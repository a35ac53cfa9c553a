// Times and speeds in the README are facts about one machine: each paragraph,
// table or output block that states one names the CPU it was measured on
// (by /proc/cpuinfo's name for it: "AMD EPYC" or "Intel Xeon", the kinds of
// machine this project has run on), itself or in the paragraph before it.
import assert from "node:assert/strict";
import { readmeText } from "./readme_text.ts";

/** The README cut into units: fenced blocks whole, everything else at blank lines. */
function units(text: string): { text: string; fenced: boolean }[] {
  const result: { text: string; fenced: boolean }[] = [];
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    if (lines.some((line) => line.trim())) result.push({ text: lines.join("\n"), fenced });
    lines = [];
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      if (fenced) {
        lines.push(line);
        flush();
        fenced = false;
      } else {
        flush();
        fenced = true;
        lines.push(line);
      }
    } else if (!fenced && line.trim() === "") {
      flush();
    } else {
      lines.push(line);
    }
  }
  flush();
  return result;
}

// A number with a unit of time, a run time such as 2m06s, or a number with a
// unit of speed; in output blocks and table headers also a column of them.
const TIME =
  /\d\s?(?:s|ms|µs|min)\b|\b\d+m\d\ds\b|\d\s?GFLOP\/s|\d\s(?:training )?tokens (?:per second|\/s)/;
const COLUMN = /\bseconds\b|\bms\b|µs|GFLOP\/s|tokens\/s/;
const CPU = /AMD EPYC|Intel(?:\(R\))? Xeon/;

Deno.test("every time or speed in the README names the machine it was measured on", () => {
  const all = units(readmeText());
  const unattributed = all.filter((unit, i) => {
    // A column of times shows in a table's header row, or anywhere in an output block.
    const header = unit.fenced
      ? unit.text
      : unit.text.startsWith("|")
      ? unit.text.split("\n")[0]
      : "";
    const timed = TIME.test(unit.text) || COLUMN.test(header);
    return timed && !CPU.test(unit.text) && !CPU.test(all[i - 1]?.text ?? "");
  });
  assert.deepEqual(
    unattributed.map((unit) => unit.text.split("\n").slice(0, 2).join(" / ").slice(0, 140)),
    [],
  );
});
