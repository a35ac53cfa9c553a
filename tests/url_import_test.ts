// mod.ts imported by URL, as a user would: the repository is served on
// 127.0.0.1 and a separate Deno whose only permission is importing from that
// address loads it and computes with a kernel. No build step, no file access.
import assert from "node:assert/strict";
import { extname, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));

const CONTENT_TYPES: Record<string, string> = {
  ".ts": "application/typescript",
  ".js": "application/javascript",
  ".json": "application/json",
};

Deno.test("mod.ts and the nn, lab and plot entry points imported over HTTP run with only --allow-import", async () => {
  const requested: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const path = normalize(decodeURIComponent(new URL(request.url).pathname));
      requested.push(path);
      const file = resolve(root, "." + path);
      if (!file.startsWith(root + "/")) {
        return new Response("outside the repository", {
          status: 403,
        });
      }
      try {
        const body = await Deno.readFile(file);
        const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
        return new Response(body, { headers: { "content-type": type } });
      } catch {
        return new Response("not found", { status: 404 });
      }
    },
  );
  const origin = `127.0.0.1:${server.addr.port}`;
  const script = `
    import { getBackend, defaultKernelBuild } from "http://${origin}/mod.ts";
    import { Linear } from "http://${origin}/src/nn/mod.ts";
    import { labData, RNN_LAB_DEFAULTS } from "http://${origin}/src/lab/mod.ts";
    import { lineChartSvg } from "http://${origin}/src/plot/mod.ts";
    const backend = getBackend("wasm");
    const linear = new Linear(backend, { inFeatures: 3, outFeatures: 2 });
    const entries = {
      nn: linear.forward(backend.tensor([1, 3], [1, 0, -1])).shape,
      lab: labData(RNN_LAB_DEFAULTS).split.train.length,
      plot: lineChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [] }).startsWith("<svg"),
    };
    const W = backend.tensor([2, 3], [1, 2, 3, 4, 5, 6]);
    const x = backend.tensor([3], [1, 0, -1]);
    const y = backend.tensor([2]);
    backend.matVecForward(y, W, x);
    const read = (await Deno.permissions.query({ name: "read" })).state;
    const net = (await Deno.permissions.query({ name: "net" })).state;
    console.log(JSON.stringify({ y: [...y.data], build: defaultKernelBuild(), read, net, entries }));
  `;
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-config", "--no-lock", "--no-prompt", `--allow-import=${origin}`, "-"],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(script));
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const errors = new TextDecoder().decode(stderr);
    assert.equal(code, 0, `the importing process failed:\n${errors}`);
    const result = JSON.parse(new TextDecoder().decode(stdout).trim());
    assert.deepEqual(result.y, [-2, -2]);
    assert.deepEqual(result.entries, { nn: [1, 2], lab: 204, plot: true });
    assert.equal(result.read, "prompt", "the importer must not have read permission");
    assert.equal(result.net, "prompt", "the importer must not have net permission");
    assert.ok(requested.includes("/mod.ts"));
    assert.ok(requested.includes("/src/backends/wasm/kernels_wasm.generated.ts"));
  } finally {
    await server.shutdown();
  }
});
