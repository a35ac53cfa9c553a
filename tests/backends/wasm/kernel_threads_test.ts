// The wasm backend on several threads: every kernel that threads split gives
// the same bits on 1, 2 and 3 threads at awkward sizes (uneven splits among
// them) and agrees with the reference; a char-LM trains to the same losses on
// 1 and 2 threads; a helper's failure is reported; and no thread outlives its
// backend's dispose, an idle second, an error or Ctrl-C.
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../../mod.ts";
import { createReferenceBackend, createWasmBackend } from "../../../mod.ts";
import { KernelThreads } from "../../../src/backends/wasm/kernel_threads.ts";
import { kernelModule } from "../../../src/backends/wasm/kernels.ts";
import { CharVocabulary } from "../../../src/data/char_vocabulary.ts";
import { CHAR_DEFAULTS, splitCorpus, trainCharModel } from "../../../src/train/char_training.ts";
import { randomValues } from "../../helpers/random.ts";
import { threadedBackends } from "../../helpers/parity.ts";

const one = createWasmBackend({ threads: 1 });
const reference = createReferenceBackend();
const threaded: [string, Backend][] = [
  ["1 thread", one],
  ...[...threadedBackends].map(([n, backend]) => [`${n} threads`, backend] as [string, Backend]),
];
const SIZES = [1, 3, 5, 17, 53, 257, 577];

type Inputs = Record<string, [shape: number[], seed: number]>;
type Call = (backend: Backend, t: Record<string, Tensor>) => void;

// Runs `call` on every backend with the same inputs; asserts the same bits on
// each wasm thread count and closeness to the reference; returns how many
// slices the helpers ran.
function compare(label: string, inputs: Inputs, call: Call, tolerance = 1e-4): number {
  const slicesBefore = [...threadedBackends.values()].reduce((n, b) => n + b.helperSlices, 0);
  const results: [string, Record<string, Float32Array>][] = [];
  let expected: Record<string, Float64Array> = {};
  for (const [name, backend] of [["reference", reference] as [string, Backend], ...threaded]) {
    const tensors: Record<string, Tensor> = {};
    for (const [key, [shape, seed]] of Object.entries(inputs)) {
      const size = shape.reduce((a, b) => a * b, 1);
      tensors[key] = backend.tensor(shape, seed === 0 ? undefined : randomValues(seed, size));
    }
    call(backend, tensors);
    if (backend === reference) {
      expected = Object.fromEntries(
        Object.entries(tensors).map(([k, t]) => [k, Float64Array.from(t.data)]),
      );
    } else {
      results.push([
        name,
        Object.fromEntries(
          Object.entries(tensors).map(([k, t]) => [k, Float32Array.from(t.data)]),
        ),
      ]);
    }
    for (const tensor of Object.values(tensors)) backend.free(tensor);
  }
  const [, first] = results[0];
  for (const [name, values] of results) {
    for (const [key, data] of Object.entries(values)) {
      const a = new Uint32Array(data.buffer), b = new Uint32Array(first[key].buffer);
      const differs = a.findIndex((bits, i) => bits !== b[i]);
      assert.equal(differs, -1, `${label} ${key}: ${name} differs from 1 thread at ${differs}`);
      const ref = expected[key];
      for (let i = 0; i < data.length; i++) {
        const scale = Math.max(1, Math.abs(ref[i]));
        if (Math.abs(data[i] - ref[i]) > tolerance * scale) {
          assert.fail(`${label} ${key}[${i}]: ${name} gives ${data[i]}, the reference ${ref[i]}`);
        }
      }
    }
  }
  return [...threadedBackends.values()].reduce((n, b) => n + b.helperSlices, 0) - slicesBefore;
}

Deno.test("matrix products (and Wᵀ d) on 2 and 3 threads give 1 thread's bits at awkward sizes, and the reference's values", () => {
  let slices = 0;
  for (const M of SIZES) {
    for (const [K, N] of [[53, 3], [5, 17], [17, 257]]) {
      const label = `M=${M} K=${K} N=${N}`;
      slices += compare(`matMulForward ${label}`, {
        C: [[M, N], 0],
        A: [[M, K], 1],
        B: [[K, N], 2],
        bias: [[N], 3],
      }, (be, t) => {
        be.matMulForward(t.C, t.A, t.B, t.bias);
        be.matMulAccumulate(t.C, t.A, t.B);
      });
      slices += compare(`matMulAccumulateColumns ${label}`, {
        C: [[M, N - 1 || 1], 4],
        A: [[M, K], 1],
        B: [[K, N + 1], 2],
      }, (be, t) => be.matMulAccumulateColumns(t.C, t.A, t.B, N - 1 ? 2 : 1));
      slices += compare(`matMulTransposedAAccumulate ${label}`, {
        C: [[M, N], 4],
        A: [[K, M], 1],
        B: [[K, N], 2],
      }, (be, t) => be.matMulTransposedAAccumulate(t.C, t.A, t.B));
      slices += compare(`matMulTransposedBAccumulate ${label}`, {
        C: [[M, N], 4],
        A: [[M, K], 1],
        B: [[N, K], 2],
      }, (be, t) => be.matMulTransposedBAccumulate(t.C, t.A, t.B));
    }
  }
  for (const C of SIZES) {
    for (const R of [1, 53, 257]) {
      slices += compare(`matVecTransposedAccumulate R=${R} C=${C}`, {
        y: [[C], 4],
        W: [[R, C], 1],
        d: [[R], 2],
      }, (be, t) => be.matVecTransposedAccumulate(t.y, t.W, t.d));
    }
  }
  assert.ok(slices > 100, `the helper threads ran ${slices} slices`);
});

Deno.test("sequence kernels on 2 and 3 threads give 1 thread's bits for batches split by rows, and the reference's values", () => {
  let slices = 0;
  // [T, B, H, inputs]: batches from 16 rows (the fewest a slice may have) to uneven splits.
  for (const [T, B, H, I] of [[3, 32, 5, 2], [2, 53, 3, 1], [3, 35, 17, 0], [2, 48, 33, 4]]) {
    const rows = T * B, Z = H + I, label = `T=${T} B=${B} H=${H} I=${I}`;
    const inputs: Inputs = {
      h: [[rows, H], 0],
      c: [[rows, H], 0],
      tanhC: [[rows, H], 0],
      gates: [[rows, 4 * H], 5],
      z: [[rows, Z], 6],
      W: [[4 * H, Z], 7],
      dPre: [[rows, 4 * H], 0],
      dc: [[B, H], 0],
      dh: [[rows, H], 10],
    };
    const initial: Inputs = { c0: [[B, H], 8], dh0: [[B, H], 0] };
    const peepholes: Inputs = { p: [[3, H], 9], dp: [[3, H], 0] };
    for (const variant of ["c0", "peephole", "zero c0"]) {
      const peephole = variant === "peephole";
      slices += compare(`lstmSequence ${label} ${variant}`, {
        ...inputs,
        ...(variant === "zero c0" ? {} : initial),
        ...(peephole ? peepholes : {}),
      }, (be, t) => {
        const extra = peephole ? { peephole: t.p } : {};
        be.lstmSequenceForward(t.h, t.c, t.tanhC, t.gates, t.z, t.W, B, { c0: t.c0, ...extra });
        be.lstmSequenceBackward(t.dPre, t.dc, t.dh, t.gates, t.tanhC, t.c, t.W, B, {
          c0: t.c0,
          dh0: t.dh0,
          ...(peephole ? { ...extra, dPeephole: t.dp } : {}),
        });
      }, 1e-3);
    }
    slices += compare(`rnnSequence ${label}`, {
      h: [[rows, H], 11],
      V: [[H, H], 12],
      dPre: [[rows, H], 0],
      dh: [[rows, H], 13],
    }, (be, t) => {
      be.rnnSequenceForward(t.h, t.V, B);
      be.rnnSequenceBackward(t.dPre, t.dh, t.h, t.V, B);
    }, 1e-3);
  }
  assert.ok(slices > 20, `the helper threads ran ${slices} slices`);
});

Deno.test("a char-LM trains to the same losses, bit for bit, on 1 and 2 threads", async () => {
  const { vocabulary, ids } = CharVocabulary.fromUtf8(
    new TextEncoder().encode("It was the best of times, it was the worst of times. ".repeat(60)),
  );
  const corpus = splitCorpus(vocabulary, ids, 0.1);
  const options = {
    ...CHAR_DEFAULTS,
    hiddenSize: 24,
    numLayers: 2,
    dropout: 0.1,
    batchSize: 32,
    seqLen: 16,
    maxIters: 30,
    evalEvery: 10,
  };
  const losses: number[][] = [];
  const two = createWasmBackend({ threads: 2, minWorkPerThread: 0 });
  await two.threadsReady();
  for (const backend of [createWasmBackend({ threads: 1 }), two]) {
    const { run } = await trainCharModel(corpus, options, {}, { backend });
    losses.push(run.history.flatMap((h) => [h.trainLoss, h.validationLoss]));
  }
  assert.ok(two.helperSlices > 100, `the helper ran ${two.helperSlices} slices`);
  two.dispose();
  assert.ok(losses[0][0] > losses[0].at(-2)!, `it learnt: ${losses[0][0]} → ${losses[0].at(-2)}`);
  assert.deepEqual(losses[1], losses[0]);
});

Deno.test("a kernel that fails on a helper thread throws, naming the kernel and the thread", async () => {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 4, shared: true });
  const threads = new KernelThreads(kernelModule("simd", true), memory, ["sumSquares"], 2);
  await threads.whenReady();
  // A pointer past the end of memory traps on the helper.
  const outOfBounds = [4 * 65536 * 4, 16];
  assert.throws(
    () => threads.run(0, [[0, 4], outOfBounds], () => {}),
    /sumSquares failed on kernel thread 1: .*out of bounds/,
  );
  // The helper is ready again and runs the next job.
  let local = 0;
  threads.run(0, [[0, 4], [0, 4]], () => local++);
  assert.equal(local, 1);
  assert.equal(threads.slices, 2);
  threads.end();
});

Deno.test("dispose ends the helper threads; the backend goes on, on one thread", async () => {
  const backend = createWasmBackend({ threads: 2, minWorkPerThread: 0 });
  await backend.threadsReady();
  const A = backend.tensor([64, 8], randomValues(1, 512));
  const B = backend.tensor([8, 8], randomValues(2, 64));
  const C = backend.tensor([64, 8]);
  backend.matMulForward(C, A, B);
  assert.equal(backend.helperSlices, 1);
  const before = C.data.slice();
  backend.dispose();
  assert.equal(backend.threads, 1);
  backend.matMulForward(C, A, B);
  assert.equal(backend.helperSlices, 1, "nothing ran on a helper after dispose");
  assert.deepEqual(C.data, before);
});

// A script run as its own process: threaded products, then `ending`.
async function runScript(ending: string, signal?: Deno.Signal): Promise<[number, number]> {
  const backendUrl = new URL("../../../mod.ts", import.meta.url).href;
  const script = `
    import { createWasmBackend } from "${backendUrl}";
    const backend = createWasmBackend({ threads: 2, minWorkPerThread: 0 });
    await backend.threadsReady();
    const A = backend.tensor([256, 256]), C = backend.tensor([256, 256]);
    backend.matMulForward(C, A, A);
    if (backend.helperSlices !== 1) throw new Error("no helper ran");
    console.log("threads running");
    ${ending}
  `;
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(script));
  await writer.close();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /threads running/);
  if (signal) child.kill(signal);
  reader.releaseLock();
  await child.stdout.cancel();
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const { code } = await child.status;
  clearTimeout(timer);
  return [code, performance.now() - start];
}

Deno.test("no helper thread keeps a process alive: after dispose, idle, an error or Ctrl-C", async () => {
  const [disposed, disposedMs] = await runScript("backend.dispose();");
  assert.equal(disposed, 0);
  const [idle, idleMs] = await runScript("");
  assert.equal(idle, 0, "a backend nobody disposes ends its helpers after a second idle");
  assert.ok(idleMs < disposedMs + 5000, `the idle process took ${idleMs} ms`);
  const [failed] = await runScript(`throw new Error("boom");`);
  assert.equal(failed, 1);
  const [interrupted, interruptedMs] = await runScript(
    "while (true) backend.matMulForward(C, A, A);",
    "SIGINT",
  );
  assert.notEqual(interrupted, 0);
  assert.ok(interruptedMs < 9000, `Ctrl-C ended the process in ${interruptedMs} ms`);
});
