// Serving the playground: its files from memory, with the cross-origin
// isolation headers (COOP/COEP) that SharedArrayBuffer — and so a later
// multi-threaded backend — needs, on 127.0.0.1 only.
import type { WebFiles } from "./build.ts";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  txt: "text/plain; charset=utf-8",
};

/** The headers every response carries. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** A request handler for `files`: `/` is index.html, anything unknown a 404. */
export function playgroundHandler(files: WebFiles): (request: Request) => Response {
  return (request) => {
    const path = new URL(request.url).pathname.replace(/^\/+/, "") || "index.html";
    const body = files.get(path);
    const headers = new Headers(ISOLATION_HEADERS);
    if (!body || (request.method !== "GET" && request.method !== "HEAD")) {
      headers.set("Content-Type", TYPES.txt);
      return new Response(body ? "Method not allowed\n" : `Not found: /${path}\n`, {
        status: body ? 405 : 404,
        headers,
      });
    }
    headers.set("Content-Type", TYPES[path.split(".").at(-1)!] ?? "application/octet-stream");
    headers.set("Cache-Control", "no-cache");
    return new Response(request.method === "HEAD" ? null : body as BodyInit, { headers });
  };
}
