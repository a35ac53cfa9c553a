// deno task bench:floor — how fast could one epoch of the lab's LSTM be, one
// sequence per update, on this machine? Splits the measured epoch into the
// matrix products and the rest, and prices the products at the speed of a bare
// streaming loop (bench/probe/panel.ts) to give a lower bound on the epoch.
import { type Backend, getBackend } from "../mod.ts";
import { ceilingProbe } from "../bench/ceiling_probe.ts";
import { numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";
import { labTrainer } from "../bench/lab_speed.ts";

const HELP = `Usage: deno task bench:floor [--model lstm|nn] [--pytorch-ms MS] [--rounds N] [--json]

A lower bound on the epoch time of the lab's LSTM (or of the nn model, with
Adam) trained one sequence per update on the wasm backend, hidden 50, seed 42:
  1. the ceiling: bench/probe/panel.ts, the inner loop of a product with one
     vector and nothing else (one broadcast, eight loads and eight fused
     multiply-adds per row of W), compiled here and timed in GFLOP/s;
  2. the products a training token needs, each timed alone at the lab's shapes;
  3. a whole epoch, timed as in bench:lab;
  4. the floor: every product at the ceiling (or at its own speed where that is
     higher) plus everything else — cells, output layer, clipping, optimizer,
     the TypeScript around the calls — at today's cost.
  --model NAME       lstm (the lab's LSTM, SGD; default) or nn (nn.LSTM + Linear, Adam)
  --pytorch-ms MS    PyTorch's ms per epoch from bench:lab: also print what 40× it needs
  --rounds N         rounds (default 20): each times one epoch, one pass of the
                     probe and 2,000 calls of each product; the best of each is kept
  --json             one JSON line
  --help             show this text`;

// The lab's sizes: hidden 50; a, b, EOS and UNK.
const H = 50;
const LAB_VOCABULARY_SIZE = 4;

/** One product of a training step, timed alone. */
interface Product {
  name: string;
  /** Multiply-adds per training token. */
  multiplyAdds: number;
  /** Builds the inputs once; returns the call and how many tokens one call covers. */
  setup(backend: Backend, steps: number): { call: () => void; tokens: number };
}

const filled = (backend: Backend, shape: number[]) =>
  backend.tensor(
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => Math.sin(i)),
  );

// What one token costs in products: the gate product forward, the gradient back
// through the recurrent input, and the token's share of the weight gradient.
function products(model: "lstm" | "nn", inputs: number): Product[] {
  const width = model === "lstm" ? H + inputs : H;
  const list: Product[] = [
    {
      name: `gates forward, W z (${4 * H}×${width})`,
      multiplyAdds: 4 * H * width,
      setup: (backend) => {
        const W = filled(backend, [4 * H, width]), z = filled(backend, [width]);
        const y = backend.tensor([4 * H]);
        return { call: () => backend.matVecForward(y, W, z), tokens: 1 };
      },
    },
    {
      name: `back through h, Wᵀ dpre (${4 * H}×${H})`,
      multiplyAdds: 4 * H * H,
      setup: (backend) => {
        const W = filled(backend, [4 * H, H]), d = filled(backend, [4 * H]);
        const y = backend.tensor([H]);
        return { call: () => backend.matVecTransposedAccumulate(y, W, d), tokens: 1 };
      },
    },
    {
      name: `weight gradient, dpreᵀ z (${4 * H}×T·T×${width})`,
      multiplyAdds: 4 * H * width,
      setup: (backend, steps) => {
        const dW = backend.tensor([4 * H, width]);
        const dPre = filled(backend, [steps, 4 * H]), z = filled(backend, [steps, width]);
        return { call: () => backend.matMulTransposedAAccumulate(dW, dPre, z), tokens: steps };
      },
    },
  ];
  if (model === "nn") {
    // nn.LSTM keeps the input's weights apart: x W_ihᵀ forward, their gradient
    // and the gradient with respect to the input backward.
    list.push(
      {
        name: `input forward, x W_ihᵀ (T×${inputs}·${inputs}×${4 * H})`,
        multiplyAdds: 4 * H * inputs,
        setup: (backend, steps) => {
          const x = filled(backend, [steps, inputs]), W = filled(backend, [4 * H, inputs]);
          const gates = backend.tensor([steps, 4 * H]);
          return { call: () => backend.matMulTransposedBAccumulate(gates, x, W), tokens: steps };
        },
      },
      {
        name: `input weight gradient (${4 * H}×T·T×${inputs})`,
        multiplyAdds: 4 * H * inputs,
        setup: (backend, steps) => {
          const dW = backend.tensor([4 * H, inputs]);
          const dPre = filled(backend, [steps, 4 * H]), x = filled(backend, [steps, inputs]);
          return { call: () => backend.matMulTransposedAAccumulate(dW, dPre, x), tokens: steps };
        },
      },
      {
        name: `input gradient (T×${4 * H}·${4 * H}×${inputs})`,
        multiplyAdds: 4 * H * inputs,
        setup: (backend, steps) => {
          const dx = backend.tensor([steps, inputs]);
          const dPre = filled(backend, [steps, 4 * H]), W = filled(backend, [4 * H, inputs]);
          return { call: () => backend.matMulAccumulate(dx, dPre, W), tokens: steps };
        },
      },
    );
  }
  return list;
}

/** µs per token of one round of `calls` calls. */
function timeRound(call: () => void, tokens: number, calls = 2000): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) call();
  return (performance.now() - start) * 1000 / calls / tokens;
}

if (import.meta.main) {
  const task = "bench:floor";
  const values = parseTaskFlags(task, Deno.args, {
    model: { type: "string" },
    "pytorch-ms": { type: "string" },
    rounds: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  const model = values.model === undefined || values.model === "lstm"
    ? "lstm"
    : values.model === "nn"
    ? "nn"
    : usageError(task, `--model must be lstm or nn, got '${values.model}'`);
  const rounds = numberFlag(task, "rounds", values.rounds, 20, true, 1, 1000);
  const pytorchMs = values["pytorch-ms"] === undefined
    ? undefined
    : numberFlag(task, "pytorch-ms", values["pytorch-ms"], 0, false, 1);

  const backend = getBackend("wasm");
  // Every measurement once per round, interleaved, and the best of each kept:
  // a spell of load on this shared machine then spoils one round of everything,
  // not the whole of one measurement.
  const trainer = labTrainer(model, "wasm", 1);
  const tokensPerEpoch = trainer.trainTokens;
  const meanSteps = Math.round(tokensPerEpoch / trainer.trainSequences);
  const probe = await ceilingProbe();
  const parts = products(model, LAB_VOCABULARY_SIZE).map((product) => {
    const { call, tokens } = product.setup(backend, meanSteps);
    timeRound(call, tokens);
    return { product, call, tokens, best: Infinity };
  });
  let epochSeconds = Infinity, peak = 0;
  for (let round = 0; round < rounds; round++) {
    epochSeconds = Math.min(epochSeconds, trainer.epoch());
    peak = Math.max(peak, probe());
    for (const part of parts) part.best = Math.min(part.best, timeRound(part.call, part.tokens));
  }
  trainer.dispose();
  const timed = parts.map(({ product, best }) => ({
    name: product.name,
    microseconds: best,
    gflops: 2 * product.multiplyAdds / best / 1e3,
    atCeiling: Math.min(best, 2 * product.multiplyAdds / peak / 1e3),
  }));
  const epochMs = 1000 * epochSeconds;
  const epochPerToken = epochMs * 1000 / tokensPerEpoch;
  const productsNow = timed.reduce((total, part) => total + part.microseconds, 0);
  const productsBest = timed.reduce((total, part) => total + part.atCeiling, 0);
  const rest = epochPerToken - productsNow;
  const floorPerToken = productsBest + rest;
  const floorMs = floorPerToken * tokensPerEpoch / 1000;
  const needed = pytorchMs === undefined ? undefined : pytorchMs / 40;

  if (values.json) {
    console.log(JSON.stringify({
      model,
      ceilingGflops: peak,
      tokensPerEpoch,
      meanSteps,
      products: timed,
      epochMs,
      restMicrosecondsPerToken: rest,
      floorMs,
      maxSpeedUp: epochMs / floorMs,
      ...(needed === undefined ? {} : { pytorchMs, fortyTimesPytorchMs: needed }),
    }));
  } else {
    const label = model === "lstm" ? "the lab's LSTM, SGD" : "the nn model, Adam";
    console.log(
      `Epoch floor for ${label}: hidden 50, seed 42, one sequence per update, ` +
        `${tokensPerEpoch} training tokens per epoch (mean sequence ${meanSteps}), ${backend.description}`,
    );
    console.log(
      `Ceiling: bench/probe/panel.ts, a bare loop of broadcast, load and fused multiply-add: ` +
        `${peak.toFixed(1)} GFLOP/s`,
    );
    console.log(
      `${"per training token".padEnd(46)} ${"now µs".padStart(8)} ${"GFLOP/s".padStart(8)} ${
        "at ceiling µs".padStart(14)
      }`,
    );
    for (const part of timed) {
      console.log(
        `${part.name.padEnd(46)} ${part.microseconds.toFixed(3).padStart(8)} ${
          part.gflops.toFixed(1).padStart(8)
        } ${part.atCeiling.toFixed(3).padStart(14)}`,
      );
    }
    console.log(
      `${"everything else (whole epoch − products)".padEnd(46)} ${rest.toFixed(3).padStart(8)} ${
        "".padStart(8)
      } ${rest.toFixed(3).padStart(14)}`,
    );
    console.log(
      `${"one token, measured in a whole epoch".padEnd(46)} ${
        epochPerToken.toFixed(3).padStart(8)
      } ${"".padStart(8)} ${floorPerToken.toFixed(3).padStart(14)}`,
    );
    console.log(
      `Epoch: ${
        epochMs.toFixed(2)
      } ms, the fastest of ${rounds} epochs; floor with every product ` +
        `at the ceiling: ${floorMs.toFixed(2)} ms, at most ${
          (epochMs / floorMs).toFixed(2)
        }× faster than now.`,
    );
    if (needed !== undefined) {
      console.log(
        `40× PyTorch's ${pytorchMs} ms needs ${needed.toFixed(2)} ms per epoch ` +
          `(${(needed * 1000 / tokensPerEpoch).toFixed(3)} µs per token): ` +
          (floorMs > needed
            ? `${(100 * (floorMs / needed - 1)).toFixed(0)} % below the floor; everything else ` +
              `would also have to fall from ${rest.toFixed(3)} to ${
                (needed * 1000 / tokensPerEpoch - productsBest).toFixed(3)
              } µs per token.`
            : `above the floor, within reach of faster products.`),
      );
    }
  }
}
