// The README as the tests read it: its text, its tables and its fenced blocks.
import { fileURLToPath } from "node:url";

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** README.md's text. */
export function readmeText(): string {
  return Deno.readTextFileSync(`${ROOT}README.md`);
}

/** The cells of the table whose header row starts with `header`, rows after the separator. */
export function tableRows(text: string, header: string): string[][] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`| ${header}`));
  if (start < 0) throw new Error(`README.md has no table headed '| ${header}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.split("|").slice(1, -1).map((cell) => cell.trim()));
  }
  return rows;
}

/** A fenced block: its info string (```python → "python") and its lines. */
export interface FencedBlock {
  info: string;
  lines: string[];
}

/** Every fenced block of the text, in order. */
export function fencedBlocks(text: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let current: FencedBlock | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      if (current) {
        blocks.push(current);
        current = null;
      } else {
        current = { info: line.slice(3).trim(), lines: [] };
      }
    } else if (current) {
      current.lines.push(line);
    }
  }
  return blocks;
}
