// deno task bench:charlm — the char-LM trained by us and by PyTorch side by
// side, in one run: the same text, split, model, batches, schedule and seed,
// for the same minutes each, ours on each thread count asked for and PyTorch
// on each of its thread settings; tokens per second, the best validation loss
// against time and against characters seen, and each of our kernels' share of
// the probes' peaks. The speed ratios come from interleaved rounds: a machine
// whose speed moves in phases of minutes would otherwise favour whichever run
// had the quiet quarter of an hour.
import { fileURLToPath } from "node:url";
import { createReferenceBackend } from "../src/backends/reference_backend.ts";
import { createWasmBackend } from "../src/backends/wasm_backend.ts";
import type { Backend } from "../src/core/backend.ts";
import { CharVocabulary } from "../src/data/char_vocabulary.ts";
import { readTextBytes } from "../src/io/text_file.ts";
import {
  CHAR_DEFAULTS,
  type CharEvaluation,
  splitCorpus,
  trainCharModel,
} from "../src/train/char_training.ts";
import { ceilingProbe, tileCeilingProbe } from "../bench/ceiling_probe.ts";
import { profileCharUpdate, type UpdateProfile } from "../bench/charlm_profile.ts";
import { DEFAULT_CORPUS } from "./common/charlm_flags.ts";
import { cpuDescription } from "./common/cpu.ts";
import { numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";

const TASK = "bench:charlm";
/** Updates each contender times per speed round, after its warm-up ones. */
const SPEED_UPDATES = 8, SPEED_WARMUP = 3;
const CORES = navigator.hardwareConcurrency;
const BOTH = CORES > 1 ? `1,${CORES}` : "1";
const HELP =
  `Usage: deno task bench:charlm [--minutes M] [--rounds R] [--threads 1,2] [--torch-threads 1,2] [flags]

Trains the char-LM (default: one-hot → 2-layer LSTM 256 → Linear, batch 32,
seq-len 64, Adam 4e-3 × 0.8 per epoch after the first, clip 5, dropout 0.2:
charlm train's defaults) on tiny-shakespeare with this
toolkit for M minutes on each of its thread counts, then the same model in
PyTorch (bench/pytorch/charlm.py, Debian's python3-torch, OpenBLAS limited to
the same threads) for M minutes per thread setting, one run after another, and
prints tokens per second, the best validation loss against time and against
training characters seen, and whether our thread counts gave identical losses.
Then R interleaved speed rounds: in each, every contender times ${SPEED_UPDATES} updates
after ${SPEED_WARMUP}, the order turned by one each round, and the speed ratios are
taken round by round (a machine whose speed moves in phases slows all alike).
With them, the ceiling: the update's matrix products at the round's register
tile on every thread, the most ours could reach against that round's PyTorch,
and PyTorch's own products alone (bench/pytorch/gemm.py, torch.mm on 1 thread)
against the tile. Last, each of our kernels' GFLOP/s in an update as a share of two peaks, times
the threads: bench:floor's probe (a matrix-vector loop) and the register-tile
probe (the packed product's micro-kernel on panels in L1, the 128-bit SIMD
ceiling). CPU: from /proc/cpuinfo.
  --minutes M          minutes of training each (default 5; 0: no training runs)
  --rounds R           interleaved speed rounds (default 5; 0: none)
  --threads L          comma-separated thread counts of ours (default ${BOTH})
  --torch-threads L    comma-separated PyTorch thread counts (default ${BOTH})
  --hidden N --layers N --batch-size B --seq-len T --lr X --eval-every N
                       the model and schedule, for both (defaults as charlm train)
  --data FILE          the text (default tiny-shakespeare)
  --python PATH        the Python with torch (default /usr/bin/python3; 'none' to skip)
  --backend NAME       ours: wasm (default) or reference
  --json               one JSON line
  --help               show this text`;

interface Curve {
  label: string;
  tokensPerSecond: number;
  points: { seconds: number; tokensSeen: number; validationLoss: number }[];
}

// The lowest validation loss reached by `limit` (seconds or tokens), or NaN before any.
function bestBy(curve: Curve, key: "seconds" | "tokensSeen", limit: number): number {
  const seen = curve.points.filter((p) => p[key] <= limit * 1.0001);
  return seen.length ? Math.min(...seen.map((p) => p.validationLoss)) : NaN;
}

// A line of bench/pytorch/charlm.py: an evaluation, or the summary at the end.
interface TorchLine {
  iter: number;
  seconds: number;
  tokensSeen: number;
  validationLoss: number;
  summary?: { torch: string; tokensPerSecond: number };
}

// One line per evaluation while a run trains, so that a long benchmark shows where it is.
function progress(iter: number, tokensSeen: number, validationLoss: number): void {
  console.error(
    `${TASK}:   iter ${iter}, ${(tokensSeen / 1e6).toFixed(2)}M chars: validation ${
      validationLoss.toFixed(4)
    } nats/char`,
  );
}

// A script of bench/pytorch/ (charlm.py unless named) on `threads` threads,
// OpenBLAS's pool limited to them too.
function torchCommand(
  python: string,
  threads: number,
  args: string[],
  file = "charlm.py",
  extraEnv: Record<string, string> = {},
): Deno.Command {
  const script = fileURLToPath(new URL(`../bench/pytorch/${file}`, import.meta.url));
  const env = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([name]) =>
      name !== "OPENBLAS_CORETYPE" && name !== "OPENBLAS_L2_SIZE"
    ),
  );
  return new Deno.Command(python, {
    args: [script, ...args, "--threads", String(threads)],
    clearEnv: true,
    env: {
      ...env,
      ...extraEnv,
      OPENBLAS_NUM_THREADS: String(threads),
      OMP_NUM_THREADS: String(threads),
    },
    stdout: "piped",
    stderr: "piped",
  });
}

const notRun = (python: string, error: unknown) =>
  `PyTorch not run (${python}: ${(error as Error).message.split("\n")[0]})`;

async function runTorch(
  python: string,
  threads: number,
  args: string[],
): Promise<Curve | string> {
  let child: Deno.ChildProcess;
  try {
    child = torchCommand(python, threads, args).spawn();
  } catch (error) {
    return notRun(python, error);
  }
  const errors = new Response(child.stderr).text();
  // One JSON line per evaluation, shown as it comes, then the summary.
  const lines: TorchLine[] = [];
  const take = (line: string) => {
    if (!line.trim()) return;
    const record = JSON.parse(line) as TorchLine;
    lines.push(record);
    if (!record.summary) progress(record.iter, record.tokensSeen, record.validationLoss);
  };
  try {
    let pending = "";
    for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
      pending += text;
      const complete = pending.split("\n");
      pending = complete.pop()!;
      complete.forEach(take);
    }
    take(pending);
  } catch (error) {
    // A line that is not JSON: stop the run, or it would go on training beside the next one.
    child.kill();
    await child.status;
    return `PyTorch not run: bench/pytorch/charlm.py printed ${(error as Error).message}`;
  }
  const { code } = await child.status;
  if (code !== 0) {
    const last = (await errors).trim().split("\n").at(-1);
    return `PyTorch not run: ${last || `${python} exited with code ${code}`}`;
  }
  const summary = lines.find((l) => l.summary)?.summary;
  if (!summary) return "PyTorch not run: bench/pytorch/charlm.py printed no summary";
  return {
    label: `PyTorch ${summary.torch}, ${threads} thread${threads > 1 ? "s" : ""}`,
    tokensPerSecond: summary.tokensPerSecond,
    points: lines.filter((l) => !l.summary),
  };
}

/** What bench/pytorch/charlm.py --time-updates prints. */
interface TorchSpeed {
  msPerUpdate: number;
  torch: string;
}

// The median ms of `SPEED_UPDATES` PyTorch updates, or why there is none.
async function torchSpeed(
  python: string,
  threads: number,
  args: string[],
): Promise<TorchSpeed | string> {
  let output: Deno.CommandOutput;
  try {
    output = await torchCommand(python, threads, [
      ...args,
      "--time-updates",
      String(SPEED_UPDATES),
      "--warmup-updates",
      String(SPEED_WARMUP),
    ]).output();
  } catch (error) {
    return notRun(python, error);
  }
  const text = new TextDecoder().decode(output.stdout).trim();
  const last = text.split("\n").at(-1) ?? "";
  try {
    const speed = (JSON.parse(last) as { speed?: TorchSpeed }).speed;
    if (output.code === 0 && speed && speed.msPerUpdate > 0) return speed;
  } catch {
    // Reported below.
  }
  const error = new TextDecoder().decode(output.stderr).trim().split("\n").at(-1);
  return `PyTorch not timed: ${
    error || `bench/pytorch/charlm.py exited with code ${output.code} and printed '${last}'`
  }`;
}

/** A product shape of the update: A is m×k (or the transpose of k×m), B is k×n. */
interface ProductShape {
  name: string;
  m: number;
  k: number;
  n: number;
  transposed: boolean;
}

/** What bench/pytorch/gemm.py measured, and the OpenBLAS kernel it ran on. */
interface TorchProducts {
  torch: string;
  core: string;
  shapes: { name: string; gflops: number }[];
}

// torch.mm alone on one thread at `shapes`, or why not.
async function torchProducts(
  python: string,
  shapes: ProductShape[],
): Promise<TorchProducts | string> {
  let output: Deno.CommandOutput;
  try {
    const args = shapes.flatMap((s) => [
      "--shape",
      `${s.name}:${s.m}x${s.k}x${s.n}${s.transposed ? ":t" : ""}`,
    ]);
    output = await torchCommand(
      python,
      1,
      args,
      "gemm.py",
      // OpenBLAS names the kernel it picked for this CPU.
      { OPENBLAS_VERBOSE: "2" },
    ).output();
  } catch (error) {
    return notRun(python, error);
  }
  const out = new TextDecoder().decode(output.stdout);
  const err = new TextDecoder().decode(output.stderr);
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (output.code !== 0 || !line) {
    return `PyTorch's products not timed: ${
      err.trim().split("\n").at(-1) || `bench/pytorch/gemm.py exited with code ${output.code}`
    }`;
  }
  const core = /Core: (\S+)/.exec(out + err)?.[1] ?? "unnamed";
  return { core, ...JSON.parse(line) as Omit<TorchProducts, "core"> };
}

/** One contender of the speed rounds and its ms per update, round by round (NaN: not timed). */
interface SpeedRow {
  label: string;
  ours: boolean;
  threads: number;
  ms: number[];
}

// The median of the finite values (of an even count, the mean of the middle two), NaN without any.
function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (!sorted.length) return NaN;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (import.meta.main) {
  const v = parseTaskFlags(TASK, Deno.args, {
    minutes: { type: "string" },
    rounds: { type: "string" },
    threads: { type: "string" },
    "torch-threads": { type: "string" },
    hidden: { type: "string" },
    layers: { type: "string" },
    "batch-size": { type: "string" },
    "seq-len": { type: "string" },
    lr: { type: "string" },
    "eval-every": { type: "string" },
    data: { type: "string" },
    python: { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  const int = (flag: string, text: string | undefined, fallback: number) =>
    numberFlag(TASK, flag, text, fallback, true, 1, 1e6);
  const minutes = numberFlag(TASK, "minutes", v.minutes, 5, false, 0, 600);
  const roundCount = numberFlag(TASK, "rounds", v.rounds, 5, true, 0, 1000);
  const threadList = (flag: string, text: string | undefined) => {
    const list = (text ?? BOTH).split(",").map((t) => Number(t.trim()));
    if (!list.every((t) => Number.isInteger(t) && t >= 1 && t <= 64)) {
      usageError(TASK, `--${flag} must list thread counts like 1,2, got '${text}'`);
    }
    return [...new Set(list)];
  };
  const threads = threadList("torch-threads", v["torch-threads"]);
  const ourThreads = threadList("threads", v.threads);
  const backendName = v.backend ?? "wasm";
  if (backendName !== "wasm" && backendName !== "reference") {
    usageError(TASK, `--backend must be wasm or reference, got '${backendName}'`);
  }
  const options = {
    ...CHAR_DEFAULTS,
    hiddenSize: int("hidden", v.hidden, CHAR_DEFAULTS.hiddenSize),
    numLayers: int("layers", v.layers, CHAR_DEFAULTS.numLayers),
    batchSize: int("batch-size", v["batch-size"], CHAR_DEFAULTS.batchSize),
    seqLen: int("seq-len", v["seq-len"], CHAR_DEFAULTS.seqLen),
    lr: numberFlag(TASK, "lr", v.lr, CHAR_DEFAULTS.lr, false, 1e-9, 10),
    evalEvery: int("eval-every", v["eval-every"], CHAR_DEFAULTS.evalEvery),
    maxIters: 1e8,
    maxMinutes: minutes,
  };
  const data = v.data ?? DEFAULT_CORPUS;
  const python = v.python ?? "/usr/bin/python3";
  const { vocabulary, ids } = CharVocabulary.fromUtf8(await readTextBytes(data));
  const corpus = splitCorpus(vocabulary, ids, 0.1);
  if (backendName === "reference" && ourThreads.some((t) => t > 1)) {
    usageError(TASK, "--threads above 1 is for the wasm backend; give --threads 1 with reference");
  }
  const ourBackend = async (t: number): Promise<Backend> => {
    if (backendName === "reference") return createReferenceBackend();
    const backend = createWasmBackend({ threads: t });
    if (backend.threadNotice) console.error(`${TASK}: 1 thread only: ${backend.threadNotice}`);
    await backend.threadsReady();
    return backend;
  };
  const curves: Curve[] = [];
  // Validation loss by iteration, per thread count.
  const ourLosses: Map<number, number>[] = [];
  for (const t of minutes > 0 ? ourThreads : []) {
    console.error(`${TASK}: training ours (${t} thread${t > 1 ? "s" : ""}) for ${minutes} min …`);
    const ours: CharEvaluation[] = [];
    const backend = await ourBackend(t);
    const result = await trainCharModel(corpus, options, {
      onEvaluation: (evaluation) => {
        ours.push(evaluation);
        progress(evaluation.iter, evaluation.tokensSeen, evaluation.validationLoss);
      },
    }, { backend });
    backend.dispose();
    ourLosses.push(new Map(ours.map((e) => [e.iter, e.validationLoss])));
    curves.push({
      label: `ours, ${backendName}, ${t} thread${t > 1 ? "s" : ""}`,
      tokensPerSecond: result.tokensPerSecond,
      // The training clock of each evaluation: the run's own, evaluations excluded.
      points: ours.map((e) => ({
        seconds: e.tokensSeen / result.tokensPerSecond,
        tokensSeen: e.tokensSeen,
        validationLoss: e.validationLoss,
      })),
    });
  }
  const ourCount = curves.length;
  const notes: string[] = [];
  const torchArgs = [
    "--data",
    data,
    "--hidden",
    String(options.hiddenSize),
    "--layers",
    String(options.numLayers),
    "--batch-size",
    String(options.batchSize),
    "--seq-len",
    String(options.seqLen),
    // The whole schedule, so that PyTorch's run follows ours whatever the defaults.
    "--lr",
    String(options.lr),
    "--warmup",
    String(options.warmup),
    "--decay",
    String(options.decayRate),
    "--decay-after",
    String(options.decayAfter),
    "--clip",
    String(options.clip),
    "--dropout",
    String(options.dropout),
    "--eval-every",
    String(options.evalEvery),
    "--minutes",
    String(minutes),
    "--seed",
    String(options.seed),
  ];
  if (python !== "none") {
    for (const t of minutes > 0 ? threads : []) {
      console.error(
        `${TASK}: training PyTorch (${t} thread${t > 1 ? "s" : ""}) for ${minutes} min …`,
      );
      const curve = await runTorch(python, t, torchArgs);
      if (typeof curve === "string") notes.push(curve);
      else curves.push(curve);
    }
  }
  // Speed, interleaved: every contender a few updates per round, the order
  // turned by one each round, so that a phase of a slow machine falls on all
  // of them alike; ratios are taken within a round.
  const speedRows: SpeedRow[] = [
    ...ourThreads.map((t) => ({
      label: `ours, ${backendName}, ${t} thread${t > 1 ? "s" : ""}`,
      ours: true,
      threads: t,
      ms: [],
    })),
    ...(python === "none" ? [] : threads).map((t) => ({
      label: `PyTorch, ${t} thread${t > 1 ? "s" : ""}`,
      ours: false,
      threads: t,
      ms: [] as number[],
    })),
  ];
  let torchFailed = false;
  // The register tile at the start and at the end of each round, the higher
  // of the two: the ceiling of that round's machine, so that the most ours
  // could reach is taken round by round too, and generously.
  const tileProbe = backendName === "wasm" ? await tileCeilingProbe() : () => NaN;
  const tileNow = () => Math.max(...Array.from({ length: 10 }, tileProbe));
  const tileByRound: number[] = [];
  for (let round = 0; round < roundCount; round++) {
    console.error(`${TASK}: speed round ${round + 1} of ${roundCount} …`);
    const tileAtStart = tileNow();
    for (let turn = 0; turn < speedRows.length; turn++) {
      const row = speedRows[(round + turn) % speedRows.length];
      if (row.ours) {
        const backend = await ourBackend(row.threads);
        const timed = profileCharUpdate(
          backend,
          vocabulary,
          corpus.train,
          options,
          SPEED_UPDATES,
          SPEED_WARMUP,
          false,
        );
        backend.dispose();
        row.ms.push(timed.medianMs);
      } else if (torchFailed) {
        row.ms.push(NaN);
      } else {
        const speed = await torchSpeed(python, row.threads, torchArgs);
        if (typeof speed === "string") {
          torchFailed = true;
          notes.push(speed);
          row.ms.push(NaN);
        } else {
          row.label = `PyTorch ${speed.torch}, ${row.threads} thread${row.threads > 1 ? "s" : ""}`;
          row.ms.push(speed.msPerUpdate);
        }
      }
    }
    tileByRound.push(Math.max(tileAtStart, tileNow()));
  }
  // Round by round: each of ours against the fastest PyTorch setting of that round.
  const torchRows = speedRows.filter((row) => !row.ours);
  const speedRatios = speedRows.filter((row) => row.ours).map((row) => ({
    label: row.label,
    ratios: row.ms.map((ms, round) => Math.min(...torchRows.map((t) => t.ms[round])) / ms),
  }));
  const charsPerUpdate = options.batchSize * options.seqLen;

  // PyTorch's products alone, on one core, at the update's shapes.
  const H = options.hiddenSize, G = { lstm: 4, gru: 3, rnn: 1 }[options.cell] * H;
  const N = options.batchSize * options.seqLen;
  const productShapes: ProductShape[] = [
    { name: "step", m: options.batchSize, k: H, n: G, transposed: false },
    { name: "sequence", m: N, k: H, n: G, transposed: false },
    { name: "gradient", m: G, k: N, n: H, transposed: true },
  ];
  let products: TorchProducts | undefined;
  if (python !== "none" && !torchFailed && roundCount > 0) {
    console.error(`${TASK}: timing PyTorch's matrix products alone …`);
    const timed = await torchProducts(python, productShapes);
    if (typeof timed === "string") notes.push(timed);
    else products = timed;
  }

  // Each kernel's part of one update, on each of our thread counts, against the probes' peaks.
  console.error(`${TASK}: timing the kernels of one update …`);
  const bestOf = async (probe: () => Promise<() => number>) => {
    if (backendName !== "wasm") return NaN;
    const round = await probe();
    return Math.max(...Array.from({ length: 5 }, () => round()));
  };
  const peak = await bestOf(ceilingProbe);
  const tilePeak = await bestOf(tileCeilingProbe);
  const profiles: [number, UpdateProfile][] = [];
  for (const t of ourThreads) {
    const backend = await ourBackend(t);
    profiles.push([t, profileCharUpdate(backend, vocabulary, corpus.train, options, 10, 3)]);
    backend.dispose();
  }
  // Each run ends on its own clock: compare the evaluations at iterations every run reached.
  const shared = [...(ourLosses[0]?.keys() ?? [])].filter((iter) =>
    ourLosses.every((l) => l.has(iter))
  );
  const identical = shared.every((iter) =>
    ourLosses.every((losses) => Object.is(losses.get(iter), ourLosses[0].get(iter)))
  );
  const cpu = cpuDescription();
  // One update's matrix-product operations, as counted from the kernels' shapes.
  const productFlops = (profiles[0]?.[1].kernels ?? []).reduce(
    (sum, k) => sum + (k.gflops === undefined ? 0 : k.gflops * 1e6 * k.msPerUpdate),
    0,
  );
  // The most ours could reach, round by round: the update's products at the
  // round's register tile on every thread, against that round's fastest PyTorch.
  const ceilingRatios = ourThreads.map((t) => ({
    threads: t,
    ratios: tileByRound.map((tileGflops, round) =>
      Math.min(...torchRows.map((row) => row.ms[round])) / (productFlops / (t * tileGflops * 1e6))
    ),
  }));
  const printCeiling = () => {
    if (!tileByRound.some(Number.isFinite) || !(productFlops > 0)) return;
    const pad = 32;
    console.log(
      `\nthe ceiling: one update's matrix products are ${
        (productFlops / 1e9).toFixed(2)
      } GFLOP (counted from the kernels' shapes); at the round's register tile on every thread (the higher of its start and end), the most ours could reach / the fastest PyTorch setting of the round:`,
    );
    console.log(
      `${"tile, one thread, GFLOP/s".padEnd(pad)}${
        tileByRound.map((g) => g.toFixed(1).padStart(9)).join("")
      }${median(tileByRound).toFixed(1).padStart(9)}`,
    );
    for (const { threads: t, ratios } of ceilingRatios) {
      console.log(
        `${`ours at the tile, ${t} thread${t > 1 ? "s" : ""}`.padEnd(pad)}${
          ratios.map((r) => r.toFixed(2).padStart(9)).join("")
        }${median(ratios).toFixed(2).padStart(9)}×`,
      );
    }
    if (ourThreads.some((t) => t > 1)) {
      console.log(
        "(the tile times the threads counts every core as fast as one alone; bench/tile_pair.ts times two at once)",
      );
    }
    console.log(
      `ours' share of that ceiling, the median of the rounds': ${
        ceilingRatios.map(({ threads: t, ratios }) => {
          const achieved = speedRatios[ourThreads.indexOf(t)].ratios;
          const shares = ratios.map((r, round) => achieved[round] / r);
          return `${t} thread${t > 1 ? "s" : ""} ${Math.round(100 * median(shares))} %`;
        }).join(", ")
      }`,
    );
    if (products) {
      const tile = median(tileByRound);
      console.log(
        `\nPyTorch's products alone: torch.mm on 1 thread (OpenBLAS's ${products.core} kernel) against our register tile (${
          tile.toFixed(1)
        } GFLOP/s, the rounds' median):`,
      );
      for (const shape of productShapes) {
        const gflops = products.shapes.find((s) => s.name === shape.name)?.gflops ?? NaN;
        const size = shape.transposed
          ? `${shape.k}×${shape.m}ᵀ · ${shape.k}×${shape.n}`
          : `${shape.m}×${shape.k} · ${shape.k}×${shape.n}`;
        console.log(
          `  ${shape.name.padEnd(10)}${size.padEnd(24)}${gflops.toFixed(1).padStart(7)} GFLOP/s  ${
            (gflops / tile).toFixed(2)
          }× the tile`,
        );
      }
    }
  };
  const marks = [1, 2, 5, 10, 15, 30, 60].filter((m) => m <= minutes);
  if (!marks.includes(minutes)) marks.push(minutes);
  const tokenMarks = [1e6, 2e6, 5e6, 1e7, 2e7, 5e7].filter((n) =>
    curves.every((c) => c.points.some((p) => p.tokensSeen >= n))
  );
  if (v.json) {
    console.log(
      JSON.stringify({
        cpu,
        minutes,
        options,
        curves,
        notes,
        peak,
        tilePeak,
        profiles,
        identical,
        speedRows,
        speedRatios,
        tileByRound,
        productFlops,
        ceilingRatios,
        products,
      }),
    );
  } else {
    console.log(
      `char-LM side by side on ${cpu}, ${navigator.hardwareConcurrency} cores: ${options.numLayers}-layer ${options.cell.toUpperCase()} ${options.hiddenSize}, batch ${options.batchSize} × ${options.seqLen}, Adam ${options.lr} (× ${options.decayRate} per epoch after ${options.decayAfter}), clip ${options.clip}${
        options.dropout > 0 ? `, dropout ${options.dropout}` : ""
      }${minutes > 0 ? `, ${minutes} min each` : ""}`,
    );
    const pad = Math.max(...[...curves, ...speedRows].map((c) => c.label.length));
    if (curves.length) {
      console.log(
        `${"".padEnd(pad)}  chars/s  ${
          marks.map((m) => `${m} min`.padStart(8)).join("")
        }  (best validation loss, nats/char)`,
      );
      for (const c of curves) {
        console.log(
          `${c.label.padEnd(pad)} ${Math.round(c.tokensPerSecond).toString().padStart(8)}  ${
            marks.map((m) => bestBy(c, "seconds", 60 * m).toFixed(4).padStart(8)).join("")
          }`,
        );
      }
      if (tokenMarks.length) {
        console.log(
          `\nbest validation loss by characters seen: ${
            tokenMarks.map((n) => `${n / 1e6}M`).join(", ")
          }`,
        );
        for (const c of curves) {
          console.log(
            `${c.label.padEnd(pad)}  ${
              tokenMarks.map((n) => bestBy(c, "tokensSeen", n).toFixed(4).padStart(8)).join("")
            }`,
          );
        }
      }
      if (ourCount > 1) {
        console.log(
          `\nours on ${ourThreads.join(" and ")} threads: validation losses ${
            identical ? "identical, bit for bit," : "DIFFERENT"
          } at the ${shared.length} evaluations both reached (iterations ${shared[0]}–${
            shared.at(-1)
          })`,
        );
      }
      const torch = curves.slice(ourCount);
      if (torch.length) {
        const bestTorch = Math.max(...torch.map((c) => c.tokensPerSecond));
        const best = torch.find((c) => c.tokensPerSecond === bestTorch)!;
        for (const c of curves.slice(0, ourCount)) {
          console.log(
            `${c.label} / PyTorch's best thread setting (${best.label.split(", ").at(-1)}): ${
              (c.tokensPerSecond / bestTorch).toFixed(2)
            }× the characters per second over the training runs, one after another`,
          );
        }
      }
    }
    if (roundCount > 0) {
      console.log(
        `\nspeed, interleaved: ${roundCount} round${
          roundCount > 1 ? "s" : ""
        }, in each every contender timing ${SPEED_UPDATES} updates after ${SPEED_WARMUP}, the order turned by one each round (ms per update, the median of the round's)`,
      );
      console.log(
        `${"".padEnd(pad)}${
          speedRows[0].ms.map((_, round) => `round ${round + 1}`.padStart(9)).join("")
        }   median  chars/s`,
      );
      for (const row of speedRows) {
        const middle = median(row.ms);
        console.log(
          `${row.label.padEnd(pad)}${row.ms.map((ms) => ms.toFixed(1).padStart(9)).join("")}${
            middle.toFixed(1).padStart(9)
          }${
            (Number.isFinite(middle) ? Math.round(1000 * charsPerUpdate / middle) : NaN).toString()
              .padStart(9)
          }`,
        );
      }
      if (torchRows.some((row) => row.ms.some(Number.isFinite))) {
        console.log(
          "ours / the fastest PyTorch setting of the same round, in characters per second:",
        );
        for (const { label, ratios } of speedRatios) {
          console.log(
            `${label.padEnd(pad)}${ratios.map((r) => r.toFixed(2).padStart(9)).join("")}${
              median(ratios).toFixed(2).padStart(9)
            }×`,
          );
        }
        printCeiling();
      }
    }
    console.log(
      `\none update, kernel by kernel (10 updates after 3; per thread, probe: bench:floor's, ${
        peak.toFixed(1)
      } GFLOP/s; tile: the register tile in L1, ${tilePeak.toFixed(1)} GFLOP/s)`,
    );
    const names = [...new Set(profiles.flatMap(([, p]) => p.kernels.map((k) => k.name)))];
    console.log(
      `${"".padEnd(30)}${
        profiles.map(([t]) =>
          `${t} thread${t > 1 ? "s" : ""}: ms  GFLOP/s  probe  tile`.padStart(40)
        )
          .join("")
      }`,
    );
    for (const name of names) {
      console.log(`${name.padEnd(30)}${
        profiles.map(([t, p]) => {
          const k = p.kernels.find((k) => k.name === name);
          if (!k) return "".padStart(40);
          const speed = k.gflops === undefined ? "" : k.gflops.toFixed(1);
          const share = (ceiling: number) =>
            k.gflops === undefined || !(ceiling > 0)
              ? ""
              : `${Math.round(100 * k.gflops / (ceiling * t))} %`;
          return `${k.msPerUpdate.toFixed(1).padStart(19)}${speed.padStart(9)}${
            share(peak).padStart(7)
          }${share(tilePeak).padStart(6)}`;
        }).join("")
      }`);
    }
    console.log(
      `${"update (median)".padEnd(30)}${
        profiles.map(([, p]) => `${p.medianMs.toFixed(1).padStart(19)}${"".padStart(21)}`).join("")
      }`,
    );
    for (const note of notes) console.log(note);
  }
}
