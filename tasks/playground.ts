// deno task playground — the browser playground on a local server: the page
// and its bundled scripts, with the COOP/COEP headers, on 127.0.0.1.
import { buildWeb, pageWeight } from "../web/build.ts";
import { playgroundHandler } from "../web/serve.ts";
import { numberFlag, parseTaskFlags } from "./common/flags.ts";

const TASK = "playground";
const DEFAULT_PORT = 8014;
const HELP = `Usage: deno task playground [--port N]

Bundles the playground (web/) and serves it on http://127.0.0.1:PORT/ with the
cross-origin isolation headers (COOP/COEP). Open that address in a browser:
the lab's networks and a character language model train there, in a Web Worker
on the WebAssembly kernels. Nothing is fetched from outside. Ctrl-C stops it.
  --port N    the port (default ${DEFAULT_PORT}; 0 picks a free one)
  --help      show this text`;

if (import.meta.main) {
  const flags = parseTaskFlags(TASK, Deno.args, { port: { type: "string" } }, HELP);
  const port = numberFlag(TASK, "port", flags.port, DEFAULT_PORT, true, 0, 65535);
  const files = await buildWeb();
  const weight = Math.round(pageWeight(files) / 1024);
  try {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port,
      onListen: ({ port }) =>
        console.log(`Playground at http://127.0.0.1:${port}/ (${weight} KiB); Ctrl-C stops it`),
    }, playgroundHandler(files));
    await server.finished;
  } catch (error) {
    if (!(error instanceof Deno.errors.AddrInUse)) throw error;
    console.error(`${TASK}: port ${port} is in use; pick another with --port N (0: any free one)`);
    Deno.exit(1);
  }
}
