// The playground as built: `deno task build:web` writes the page and its two
// bundled scripts, under 1 MB with the kernels, referring to nothing outside;
// the server's handler gives every file the COOP/COEP headers.
import assert from "node:assert/strict";
import { ISOLATION_HEADERS, playgroundHandler } from "../../web/serve.ts";
import { runDenoTask } from "../helpers/run_task.ts";

const PAGE_FILES = ["index.html", "style.css", "main.js", "worker.js"];

Deno.test("deno task build:web writes the page and its scripts, under 1 MB, fetching nothing from outside", async () => {
  const out = await Deno.makeTempDir({ prefix: "build-web-" });
  try {
    const { code, stdout, stderr } = await runDenoTask("build:web", "--out", out);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Wrote 5 files to .* \(the page and its scripts: \d+ KiB\)/);
    let weight = 0;
    for (const name of PAGE_FILES) {
      const text = await Deno.readTextFile(`${out}/${name}`);
      weight += new TextEncoder().encode(text).length;
      // The only absolute URL in the page is the SVG namespace, which is a name, not a request.
      const urls = [...text.matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => m[0])
        .filter((url) => url !== "http://www.w3.org/2000/svg");
      assert.deepEqual(urls, [], `${name} refers to the outside`);
    }
    assert.ok(weight < 1_000_000, `the page weighs ${weight} bytes`);
    // The kernels travel inside the worker, base64; the page's own script does not carry them.
    const worker = await Deno.readTextFile(`${out}/worker.js`);
    const main = await Deno.readTextFile(`${out}/main.js`);
    assert.ok(worker.includes("AGFzbQ"), "worker.js holds the wasm binaries");
    assert.ok(!main.includes("AGFzbQ") && main.length < 100_000, `main.js is ${main.length} bytes`);
    assert.match(
      await Deno.readTextFile(`${out}/index.html`),
      /<script type="module" src="main.js">/,
    );
    assert.ok((await Deno.stat(`${out}/tinyshakespeare.txt`)).size > 1_000_000);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("deno task build:web without --out says what is missing, and --help says what it does", async () => {
  const missing = await runDenoTask("build:web");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /build:web: --out DIR is required/);
  const help = await runDenoTask("build:web", "--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: deno task build:web --out DIR/);
  const playground = await runDenoTask("playground", "--help");
  assert.match(playground.stdout, /^Usage: deno task playground \[--port N\]/);
  const badPort = await runDenoTask("playground", "--port", "70000");
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /--port must be an integer from 0 to 65,535, got '70000'/);
});

Deno.test("the playground's handler serves its files with the COOP/COEP headers, and 404s the rest", async () => {
  const files = new Map([
    ["index.html", new TextEncoder().encode("<p>hi</p>")],
    ["worker.js", new TextEncoder().encode("postMessage(1)")],
  ]);
  const handle = playgroundHandler(files);
  const index = handle(new Request("http://127.0.0.1/"));
  assert.equal(index.status, 200);
  assert.equal(index.headers.get("content-type"), "text/html; charset=utf-8");
  assert.equal(await index.text(), "<p>hi</p>");
  const worker = handle(new Request("http://127.0.0.1/worker.js"));
  assert.equal(worker.headers.get("content-type"), "text/javascript; charset=utf-8");
  await worker.body?.cancel();
  const missing = handle(new Request("http://127.0.0.1/cdn.js"));
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), "Not found: /cdn.js\n");
  for (const response of [index, worker, missing]) {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
      assert.equal(response.headers.get(name), value, name);
    }
  }
  const post = handle(new Request("http://127.0.0.1/", { method: "POST" }));
  assert.equal(post.status, 405);
  await post.body?.cancel();
});
