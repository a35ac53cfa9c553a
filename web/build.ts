/// <reference lib="deno.unstable" />
// The playground as files: index.html and style.css as written, main.js and
// worker.js bundled from TypeScript for the browser by Deno's own bundler
// (`Deno.bundle`, Deno run with --unstable-bundle), and the shipped corpus for
// the "Tiny Shakespeare" button. Nothing is fetched at run time: the kernels
// travel inside worker.js as the committed base64 module.
import { fileURLToPath } from "node:url";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The page's files by name, as a static host serves them. */
export type WebFiles = Map<string, Uint8Array>;

/** The bundled scripts' entry points, by the name the page loads them under. */
const ENTRY_POINTS: Record<string, string> = {
  "main.js": here("./page/main.ts"),
  "worker.js": here("./worker/worker.ts"),
};

/** The files copied as they are. */
const STATIC_FILES: Record<string, string> = {
  "index.html": here("./index.html"),
  "style.css": here("./style.css"),
  "tinyshakespeare.txt": here("../data/tinyshakespeare.txt"),
};

/** The corpus is fetched only when asked for, so it is not part of the page's weight. */
export const ON_DEMAND = new Set(["tinyshakespeare.txt"]);

/**
 * Bundles the scripts and reads the static files. Throws with esbuild's
 * messages when a script does not bundle.
 */
export async function buildWeb(options: { minify?: boolean } = {}): Promise<WebFiles> {
  const result = await Deno.bundle({
    entrypoints: Object.values(ENTRY_POINTS),
    outputDir: here("./dist"),
    platform: "browser",
    format: "esm",
    minify: options.minify ?? true,
    write: false,
  });
  if (!result.success || !result.outputFiles) {
    const messages = result.errors.map((e) => e.text).join("; ");
    throw new Error(`The playground's scripts did not bundle: ${messages}`);
  }
  const files: WebFiles = new Map();
  for (const [name, path] of Object.entries(STATIC_FILES)) {
    files.set(name, await Deno.readFile(path));
  }
  const byStem = new Map(
    result.outputFiles.map((file) => [file.path.split("/").at(-1)!, file.contents]),
  );
  for (const [name, entry] of Object.entries(ENTRY_POINTS)) {
    const stem = entry.split("/").at(-1)!.replace(/\.ts$/, ".js");
    const contents = byStem.get(stem);
    if (!contents) throw new Error(`The bundler wrote no ${stem} for ${entry}`);
    files.set(name, contents);
  }
  return files;
}

/** Bytes the page loads before any click: everything but the files fetched on demand. */
export function pageWeight(files: WebFiles): number {
  let total = 0;
  for (const [name, bytes] of files) if (!ON_DEMAND.has(name)) total += bytes.length;
  return total;
}
