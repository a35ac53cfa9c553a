// The library's layers, read from its import statements: tasks and pages →
// train / generate → models → nn → core ← backends. The lab's faithful
// replicas (src/lab/) may import anything; nothing else in src/ imports them.
// Doc comments are skipped: an @example may import what a reader needs.
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), "../.."));

/** Each layer and the layers it may import (besides itself). */
export const LAYERS: Record<string, readonly string[]> = {
  core: [],
  backends: ["core"],
  data: ["core"],
  init: ["core", "data"],
  io: ["core"],
  plot: [],
  nn: ["core", "data", "init"],
  models: ["nn", "core", "data", "init", "io"],
  train: ["models", "nn", "core", "data", "init", "io"],
  generate: ["models", "nn", "core", "data"],
  lab: ["*"],
};

/** The layer of a file under src/, by its folder. */
export function layerOf(path: string): string {
  const [top, first] = path.split("/");
  if (top !== "src") throw new RangeError(`${path} is not in src/`);
  if (first === "backend.ts" || first === "shapes.ts") return "core";
  if (
    [
      "backends.ts",
      "checked_backend.ts",
      "reference_backend.ts",
      "wasm_backend.ts",
      "reference",
      "wasm",
      "backends",
      "kernel_table.ts",
    ].includes(first)
  ) return "backends";
  const layer = first.replace(/\.ts$/, "");
  if (!(layer in LAYERS)) throw new RangeError(`${path}: folder '${first}' has no layer in LAYERS`);
  return layer;
}

/** Relative import specifiers of a module's code, comments removed. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = code.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g,
  );
  return [...found].map((match) => match[1]);
}

/** Every import of `file` (a path under ROOT) that goes against the layers, as messages. */
export function violations(file: string, source: string): string[] {
  const from = layerOf(file);
  const allowed = LAYERS[from];
  const problems: string[] = [];
  for (const specifier of importsOf(source)) {
    const target = normalize(join(dirname(file), specifier));
    if (!target.startsWith("src/")) {
      problems.push(`${file} imports ${target}, outside src/: the library imports only itself`);
      continue;
    }
    const to = layerOf(target);
    if (to === from || allowed.includes("*")) continue;
    if (to === "lab") {
      problems.push(
        `${file} (${from}) imports ${target}: nothing outside src/lab/ imports the lab`,
      );
    } else if (!allowed.includes(to)) {
      problems.push(
        `${file} (${from}) imports ${target} (${to}): ${from} may import only ${
          allowed.join(", ") || "itself"
        }`,
      );
    }
  }
  return problems;
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(join(ROOT, folder))) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory) files.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".generated.ts")) files.push(path);
  }
  return files;
}

Deno.test("every import in src/ runs down the layers, and nothing outside src/lab/ imports the lab", () => {
  const files = sourceFiles("src");
  assert.ok(files.length > 50, `found only ${files.length} files in src/`);
  const problems = files.flatMap((file) =>
    violations(relative(ROOT, join(ROOT, file)), Deno.readTextFileSync(join(ROOT, file)))
  );
  assert.deepEqual(problems, []);
});

Deno.test("the library uses no Deno API outside src/io/, so it runs in a browser worker", () => {
  const problems = sourceFiles("src").filter((file) => !file.startsWith("src/io/")).filter(
    (file) => {
      const code = Deno.readTextFileSync(join(ROOT, file)).replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      return /\bDeno\./.test(code);
    },
  );
  assert.deepEqual(problems, []);
});

Deno.test("the import check catches an import against the direction", () => {
  // nn importing models, core importing nn, a model importing the lab, the library importing a task.
  assert.match(
    violations("src/nn/linear.ts", 'import { x } from "../models/model.ts";').join(),
    /nn may import only core, data, init/,
  );
  assert.match(
    violations("src/core/workspace.ts", 'import type { LSTM } from "../nn/lstm.ts";').join(),
    /core may import only itself/,
  );
  assert.match(
    violations("src/models/x.ts", 'export { RNN } from "../lab/models/rnn.ts";').join(),
    /nothing outside src\/lab\/ imports the lab/,
  );
  assert.match(
    violations("src/train/x.ts", 'import "../../tasks/common/flags.ts";').join(),
    /outside src\//,
  );
  // Doc comments and the lab itself are free.
  assert.deepEqual(
    violations("src/nn/linear.ts", '/**\n * import { RNN } from "../lab/models/rnn.ts";\n */'),
    [],
  );
  assert.deepEqual(violations("src/lab/compare.ts", 'import "../nn/lstm.ts";'), []);
});
