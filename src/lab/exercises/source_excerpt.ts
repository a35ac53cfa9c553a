// The source of one function, method or constant, cut out of a file's text
// with the comment lines just above it: what `deno task exercise solution`
// shows of the library's own implementation.

/**
 * The declaration of `symbol` in `source` — `name` for a function or a
 * constant, `Class.method` for a method — from the comments above it to its
 * closing brace; undefined when it is not there.
 *
 * @example
 * ```ts
 * import { sourceExcerpt } from "./source_excerpt.ts";
 * import assert from "node:assert/strict";
 *
 * const source = "// Adds.\nexport function add(a: number, b: number) {\n  return a + b;\n}\nconst x = 1;\n";
 * assert.equal(sourceExcerpt(source, "add"), "// Adds.\nexport function add(a: number, b: number) {\n  return a + b;\n}");
 * ```
 */
export function sourceExcerpt(source: string, symbol: string): string | undefined {
  const lines = source.split("\n");
  const [owner, member] = symbol.includes(".") ? symbol.split(".") : [undefined, symbol];
  let from = 0;
  if (owner) {
    from = lines.findIndex((line) => new RegExp(`^(export )?class ${owner}\\b`).test(line));
    if (from < 0) return undefined;
  }
  const declaration = owner
    ? new RegExp(`^\\s+(static |async |get |readonly )*${member}\\s*[(<]`)
    : new RegExp(`^(export )?(async )?(function\\*? ${member}\\b|(const|let) ${member}\\b)`);
  const start = lines.findIndex((line, i) => i > from - (owner ? 0 : 1) && declaration.test(line));
  if (start < 0) return undefined;
  let first = start;
  while (first > 0 && /^\s*(\/\/|\/\*\*|\*)/.test(lines[first - 1])) first--;
  let depth = 0, opened = false;
  for (let i = start; i < lines.length; i++) {
    for (const char of lines[i].replace(/\/\/.*$/, "").replace(/(["'`])(?:\\.|(?!\1).)*\1/g, "")) {
      if (char === "{") (depth++, opened = true);
      else if (char === "}") depth--;
    }
    // The end: back at depth 0 on a line that closes (a signature's `{ … }` types do not).
    const closes = lines[i].trim().startsWith("}") || i === start;
    if (opened && depth <= 0 && closes) return lines.slice(first, i + 1).join("\n");
  }
  return undefined;
}
