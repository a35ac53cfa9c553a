// deno task build:web — the playground as static files for any static host.
import { buildWeb, pageWeight } from "../web/build.ts";
import { parseTaskFlags, usageError } from "./common/flags.ts";
import { prepareDirectory, writeOutput } from "./common/outputs.ts";

const TASK = "build:web";
const HELP = `Usage: deno task build:web --out DIR

Writes the playground (web/) as static files: index.html, style.css, main.js and
worker.js bundled from TypeScript, and tinyshakespeare.txt for its corpus button.
Any static server can serve DIR; the page fetches nothing from elsewhere. (A host
that adds the COOP/COEP headers, as deno task playground does, makes the page
cross-origin isolated; the page works either way.)
  --out DIR   the directory to write (created if missing)
  --help      show this text`;

if (import.meta.main) {
  const flags = parseTaskFlags(TASK, Deno.args, { out: { type: "string" } }, HELP);
  if (!flags.out) usageError(TASK, "--out DIR is required: where to write the page");
  await prepareDirectory(TASK, "out", flags.out);
  const files = await buildWeb();
  for (const [name, bytes] of files) await writeOutput(TASK, `${flags.out}/${name}`, bytes);
  console.log(
    `Wrote ${files.size} files to ${flags.out}/ (the page and its scripts: ${
      Math.round(pageWeight(files) / 1024)
    } KiB); serve them with any static server`,
  );
}
