// The epoch floor of bench:floor, measured: the lab's epoch one sequence per
// update, each matrix product of a token timed alone, and the ceiling of a bare
// streaming loop (bench/ceiling_probe.ts); products priced at that ceiling.
import { type Backend, getBackend } from "../mod.ts";
import { ceilingProbe } from "./ceiling_probe.ts";
import { labTrainer } from "./lab_speed.ts";

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

/** What bench:floor prints: the ceiling, each product now and at the ceiling, the epoch and its floor. */
export interface FloorReport {
  model: "lstm" | "nn";
  backend: string;
  ceilingGflops: number;
  tokensPerEpoch: number;
  meanSteps: number;
  products: { name: string; microseconds: number; gflops: number; atCeiling: number }[];
  epochMs: number;
  epochPerToken: number;
  floorPerToken: number;
  restMicrosecondsPerToken: number;
  productsAtCeiling: number;
  floorMs: number;
}

/**
 * Times `rounds` interleaved rounds (an epoch, the probe, each product) and
 * keeps the best of each: a spell of load on this shared machine then spoils
 * one round of everything, not the whole of one measurement.
 */
export async function measureFloor(model: "lstm" | "nn", rounds: number): Promise<FloorReport> {
  const backend = getBackend("wasm");
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

  return {
    model,
    backend: backend.description,
    ceilingGflops: peak,
    tokensPerEpoch,
    meanSteps,
    products: timed,
    epochMs,
    epochPerToken,
    floorPerToken,
    restMicrosecondsPerToken: rest,
    productsAtCeiling: productsBest,
    floorMs,
  };
}
