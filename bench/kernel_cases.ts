// The kernel benchmark cases, shared by bench/kernels_bench.ts (which times
// them) and tasks/bench.ts (which turns the times into rates).
// Lab shapes: hidden H = 50, 4 input symbols, so an LSTM's gate matrix is
// (4H, 4 + H) = 200×54; 22-step sequences of 4-way logits.
// Char-model shapes: H = 512, 65 symbols, batch 32, so the LSTM's stacked
// weights are (65 + 512, 4H) = 577×2048.
// R = rows, C = columns; matrix products read M×K×N: C (M, N) sums over K.
import { type Backend, shapeSize, type Tensor } from "../mod.ts";

/** What {@linkcode KernelCase.work} counts: flops (a multiply-add is 2), or elements. */
export type WorkUnit = "flop" | "element";

/** One kernel at one shape. */
export interface KernelCase {
  /** The {@linkcode Backend} method timed. */
  readonly kernel: string;
  /** A label without spaces: `200x54`, `32x577x2048` (M×K×N), `10000`. */
  readonly shape: string;
  /** Flops per call, or elements of the largest input per call. */
  readonly work: number;
  /** Flops for matrix kernels (bias additions not counted), elements for the rest. */
  readonly unit: WorkUnit;
  /** Matrix kernels are also timed on the plain-SIMD build. */
  readonly matrix: boolean;
  /** Not timed on the reference backend, whose Float64 loops would take seconds per call. */
  readonly wasmOnly?: boolean;
  /** Allocates and fills the inputs once; returns the call to time (results are discarded). */
  setup(backend: Backend, random: () => number): () => void;
}

/** A generator of uniform numbers in [0, 1) (mulberry32): the same inputs for every backend. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bench name `kernel shape [backend]`, e.g. `matVecForward 200x54 [wasm relaxed-simd]`. */
export function benchName(c: KernelCase, backend: string): string {
  return `${c.kernel} ${c.shape} [${backend}]`;
}

/** Splits a {@linkcode benchName} back into its parts; null for any other name. */
export function parseBenchName(
  name: string,
): { kernel: string; shape: string; backend: string } | null {
  const match = /^(\S+) (\S+) \[(.+)\]$/.exec(name);
  return match ? { kernel: match[1], shape: match[2], backend: match[3] } : null;
}

// A tensor of uniform values in [-range, range).
function filled(backend: Backend, shape: number[], random: () => number, range = 1): Tensor {
  const values = new Float64Array(shapeSize(shape));
  for (let i = 0; i < values.length; i++) values[i] = range * (2 * random() - 1);
  return backend.tensor(shape, values);
}

function flopCase(
  kernel: string,
  dims: number[],
  setup: KernelCase["setup"],
): KernelCase {
  const work = 2 * shapeSize(dims);
  return { kernel, shape: dims.join("x"), work, unit: "flop", matrix: true, setup };
}

function elementCase(
  kernel: string,
  dims: number[],
  setup: KernelCase["setup"],
): KernelCase {
  const work = shapeSize(dims);
  return { kernel, shape: dims.join("x"), work, unit: "element", matrix: false, setup };
}

// y = W x + b. y: (R), W: (R, C), x: (C), b: (R)
const matVecForward = (R: number, C: number) =>
  flopCase("matVecForward", [R, C], (be, random) => {
    const [W, x, b, y] = [
      filled(be, [R, C], random),
      filled(be, [C], random),
      filled(be, [R], random),
      be.tensor([R]),
    ];
    return () => be.matVecForward(y, W, x, b);
  });

// y += Wᵀ d. y: (C), W: (R, C), d: (R)
const matVecTransposedAccumulate = (R: number, C: number) =>
  flopCase("matVecTransposedAccumulate", [R, C], (be, random) => {
    const [W, d, y] = [filled(be, [R, C], random), filled(be, [R], random), be.tensor([C])];
    return () => be.matVecTransposedAccumulate(y, W, d);
  });

// W += d xᵀ. W: (R, C), d: (R), x: (C)
const outerAccumulate = (R: number, C: number) =>
  flopCase("outerAccumulate", [R, C], (be, random) => {
    const [W, d, x] = [
      filled(be, [R, C], random),
      filled(be, [R], random),
      filled(be, [C], random),
    ];
    return () => be.outerAccumulate(W, d, x);
  });

// C = A B + bias. C: (M, N), A: (M, K), B: (K, N), bias: (N)
const matMulForward = (M: number, K: number, N: number) =>
  flopCase("matMulForward", [M, K, N], (be, random) => {
    const A = filled(be, [M, K], random);
    const B = filled(be, [K, N], random);
    const [bias, C] = [filled(be, [N], random), be.tensor([M, N])];
    return () => be.matMulForward(C, A, B, bias);
  });

// C += Aᵀ B. C: (M, N), A: (K, M), B: (K, N)
const matMulTransposedAAccumulate = (M: number, K: number, N: number) =>
  flopCase("matMulTransposedAAccumulate", [M, K, N], (be, random) => {
    const [A, B, C] = [filled(be, [K, M], random), filled(be, [K, N], random), be.tensor([M, N])];
    return () => be.matMulTransposedAAccumulate(C, A, B);
  });

// C += A Bᵀ. C: (M, N), A: (M, K), B: (N, K)
const matMulTransposedBAccumulate = (M: number, K: number, N: number) =>
  flopCase("matMulTransposedBAccumulate", [M, K, N], (be, random) => {
    const [A, B, C] = [filled(be, [M, K], random), filled(be, [N, K], random), be.tensor([M, N])];
    return () => be.matMulTransposedBAccumulate(C, A, B);
  });

// C += A B. C: (M, N), A: (M, K), B: (K, N)
const matMulAccumulate = (M: number, K: number, N: number) =>
  flopCase("matMulAccumulate", [M, K, N], (be, random) => {
    const [A, B, C] = [filled(be, [M, K], random), filled(be, [K, N], random), be.tensor([M, N])];
    return () => be.matMulAccumulate(C, A, B);
  });

// C += A B[:, :n]: the LSTM's gradient through the h part of z = [h; x].
// C: (M, n), A: (M, K), B: (K, width)
const matMulAccumulateColumns = (M: number, K: number, n: number, width: number) =>
  flopCase("matMulAccumulateColumns", [M, K, n], (be, random) => {
    const [A, B, C] = [
      filled(be, [M, K], random),
      filled(be, [K, width], random),
      be.tensor([M, n]),
    ];
    return () => be.matMulAccumulateColumns(C, A, B);
  });

// A whole sequence through a layer's time loop, forward then backward: T
// steps of a batch of B, hidden H (and I inputs for the LSTM). Flops count the
// products: 2 per step for the RNN (V h, dpre V), 2 for the LSTM (W z, dpre W[:, :H]).
const rnnSequence = (T: number, B: number, H: number): KernelCase => ({
  kernel: "rnnSequenceForward+Backward",
  shape: `${T}x${B}x${H}`,
  work: 2 * 2 * T * B * H * H,
  unit: "flop",
  matrix: false,
  setup: (be, random) => {
    const h = be.tensor([T * B, H]), V = filled(be, [H, H], random, 0.2);
    const dPre = be.tensor([T * B, H]), dh = be.tensor([T * B, H]);
    const inputs = filled(be, [T * B, H], random);
    return () => {
      be.copy(h, inputs);
      be.rnnSequenceForward(h, V, B);
      be.zero(dPre);
      be.copy(dh, inputs);
      be.rnnSequenceBackward(dPre, dh, h, V, B);
    };
  },
});

const lstmSequence = (T: number, B: number, H: number, I: number): KernelCase => ({
  kernel: "lstmSequenceForward+Backward",
  shape: `${T}x${B}x${H}x${I}`,
  work: 2 * T * B * 4 * H * ((H + I) + H),
  unit: "flop",
  matrix: false,
  setup: (be, random) => {
    const rows = T * B;
    const t = (width: number) => be.tensor([rows, width]);
    const [h, c, tanhC, gates, z, dPre, dh] = [
      t(H),
      t(H),
      t(H),
      t(4 * H),
      t(H + I),
      t(4 * H),
      t(H),
    ];
    const W = filled(be, [4 * H, H + I], random, 0.2), dc = be.tensor([B, H]);
    const inputs = filled(be, [rows, H + I], random);
    return () => {
      be.copy(z, inputs);
      be.zero(gates);
      be.lstmSequenceForward(h, c, tanhC, gates, z, W, B);
      be.zero(dc);
      be.copy(dh, h);
      be.lstmSequenceBackward(dPre, dc, dh, gates, tanhC, c, W, B);
    };
  },
});

// Activations over n floats: x in [-3, 3), y its activation (set up by a
// forward call), dy the incoming gradient, dx the gradient accumulated into.
const activationCases = (n: number): KernelCase[] => {
  const inputs = (be: Backend, random: () => number) => {
    const [x, dy] = [filled(be, [n], random, 3), filled(be, [n], random)];
    return { x, dy, y: be.tensor([n]), dx: be.tensor([n]) };
  };
  return [
    elementCase("tanhForward", [n], (be, random) => {
      const { x, y } = inputs(be, random);
      return () => be.tanhForward(y, x);
    }),
    elementCase("tanhBackward", [n], (be, random) => {
      const { x, y, dy, dx } = inputs(be, random);
      be.tanhForward(y, x);
      return () => be.tanhBackward(dx, y, dy);
    }),
    elementCase("sigmoidForward", [n], (be, random) => {
      const { x, y } = inputs(be, random);
      return () => be.sigmoidForward(y, x);
    }),
    elementCase("sigmoidBackward", [n], (be, random) => {
      const { x, y, dy, dx } = inputs(be, random);
      be.sigmoidForward(y, x);
      return () => be.sigmoidBackward(dx, y, dy);
    }),
  ];
};

// Row-wise softmax family. logits, probs, dLogits: (R, C); targets: R integers in [0, C).
const softmaxCases = (R: number, C: number): KernelCase[] => {
  const inputs = (be: Backend, random: () => number) => {
    const logits = filled(be, [R, C], random, 3);
    const targets = Int32Array.from({ length: R }, () => Math.floor(random() * C));
    return { logits, targets, probs: be.tensor([R, C]), dLogits: be.tensor([R, C]) };
  };
  return [
    elementCase("softmaxForward", [R, C], (be, random) => {
      const { logits, probs } = inputs(be, random);
      return () => be.softmaxForward(probs, logits);
    }),
    elementCase("logSoftmaxForward", [R, C], (be, random) => {
      const { logits, probs } = inputs(be, random);
      return () => be.logSoftmaxForward(probs, logits);
    }),
    elementCase("crossEntropyForward", [R, C], (be, random) => {
      const { logits, probs, targets } = inputs(be, random);
      return () => be.crossEntropyForward(probs, logits, targets);
    }),
    elementCase("crossEntropyBackward", [R, C], (be, random) => {
      const { logits, probs, dLogits, targets } = inputs(be, random);
      be.crossEntropyForward(probs, logits, targets);
      return () => be.crossEntropyBackward(dLogits, probs, targets, 1 / R);
    }),
  ];
};

// LSTM cell: preact, gates, dPreact: (B, 4H); h, c, tanhC, cPrev, dh, dc, dcPrev: (B, H).
// The backward case starts from gates that a forward call produced.
const lstmCases = (batch: number, H: number): KernelCase[] => {
  const inputs = (be: Backend, random: () => number) => {
    const preact = filled(be, [batch, 4 * H], random, 2);
    const cPrev = filled(be, [batch, H], random);
    const [h, c, tanhC, gates] = [[batch, H], [batch, H], [batch, H], [batch, 4 * H]].map((s) =>
      be.tensor(s)
    );
    be.lstmCellForward(h, c, tanhC, gates, preact, cPrev);
    return { h, c, tanhC, gates, preact, cPrev };
  };
  return [
    elementCase("lstmCellForward", [batch, 4 * H], (be, random) => {
      const { h, c, tanhC, gates, preact, cPrev } = inputs(be, random);
      return () => be.lstmCellForward(h, c, tanhC, gates, preact, cPrev);
    }),
    elementCase("lstmCellBackward", [batch, 4 * H], (be, random) => {
      const { tanhC, gates, cPrev } = inputs(be, random);
      const [dh, dc] = [filled(be, [batch, H], random), filled(be, [batch, H], random)];
      const [dPreact, dcPrev] = [be.tensor([batch, 4 * H]), be.tensor([batch, H])];
      return () => be.lstmCellBackward(dPreact, dcPrev, dh, dc, gates, tanhC, cPrev);
    }),
  ];
};

// GRU cell: gi, gh, gates, dgi, dgh: (B, 3H); h, hPrev, dh, dhPrev: (B, H).
const gruCases = (batch: number, H: number): KernelCase[] => {
  const inputs = (be: Backend, random: () => number) => {
    const gi = filled(be, [batch, 3 * H], random, 2);
    const gh = filled(be, [batch, 3 * H], random, 2);
    const hPrev = filled(be, [batch, H], random);
    const [h, gates] = [be.tensor([batch, H]), be.tensor([batch, 3 * H])];
    be.gruCellForward(h, gates, gi, gh, hPrev);
    return { h, gates, gi, gh, hPrev };
  };
  return [
    elementCase("gruCellForward", [batch, 3 * H], (be, random) => {
      const { h, gates, gi, gh, hPrev } = inputs(be, random);
      return () => be.gruCellForward(h, gates, gi, gh, hPrev);
    }),
    elementCase("gruCellBackward", [batch, 3 * H], (be, random) => {
      const { gates, gh, hPrev } = inputs(be, random);
      const dh = filled(be, [batch, H], random);
      const [dgi, dgh, dhPrev] = [
        be.tensor([batch, 3 * H]),
        be.tensor([batch, 3 * H]),
        be.tensor([batch, H]),
      ];
      return () => be.gruCellBackward(dgi, dgh, dhPrev, dh, gates, gh, hPrev);
    }),
  ];
};

// Clipping and optimizer updates over n parameters. scale multiplies by −1 so
// repeated calls neither overflow nor decay into subnormals; clipGradNorm's
// buffers (n − 2200, 200 and 2000 floats) are over the limit only on the first
// call, so what is timed is the norm plus the comparison.
const optimizerCases = (n: number): KernelCase[] => [
  elementCase("sumSquares", [n], (be, random) => {
    const x = filled(be, [n], random);
    return () => be.sumSquares(x);
  }),
  elementCase("scale", [n], (be, random) => {
    const x = filled(be, [n], random);
    return () => be.scale(x, -1);
  }),
  elementCase("clipGradNorm", [n], (be, random) => {
    const grads = [n - 2200, 200, 2000].map((size) => filled(be, [size], random));
    return () => be.clipGradNorm(grads, 1);
  }),
  elementCase("sgdStep", [n], (be, random) => {
    const [param, grad, velocity] = [
      filled(be, [n], random),
      filled(be, [n], random),
      be.tensor([n]),
    ];
    const options = { lr: 1e-3, momentum: 0.9 };
    return () => be.sgdStep(param, grad, velocity, options);
  }),
  elementCase("adamStep", [n], (be, random) => {
    const [param, grad, m, v] = [
      filled(be, [n], random),
      filled(be, [n], random),
      be.tensor([n]),
      be.tensor([n]),
    ];
    const options = { lr: 1e-3, step: 10 };
    return () => be.adamStep(param, grad, m, v, options);
  }),
];

// The char-LM of `deno task charlm train` (2-layer LSTM 256, 66 symbols,
// batch 32 × 64 steps, so R = 2048 rows), wasm only: its weight gradients
// dW += dPreᵀ z, input projections x W_ihᵀ, input gradients dG W_ih, one
// time step's product and its cell, and one layer's whole time loop.
const charLmCases = (): KernelCase[] =>
  [
    matMulTransposedAAccumulate(1024, 2048, 256),
    matMulTransposedAAccumulate(66, 2048, 256),
    matMulTransposedBAccumulate(2048, 256, 1024),
    matMulTransposedBAccumulate(2048, 256, 66),
    matMulAccumulate(2048, 1024, 256),
    matMulTransposedBAccumulate(32, 256, 1024),
    matMulForward(32, 512, 1024),
    matMulAccumulate(512, 512, 512),
    matMulTransposedAAccumulate(512, 512, 512),
    matMulTransposedBAccumulate(512, 512, 512),
    ...lstmCases(32, 256),
    lstmSequence(64, 32, 256, 0),
  ].map((c) => ({ ...c, wasmOnly: true }));

/** Every case, lab shapes first, then the char model's. */
export const KERNEL_CASES: readonly KernelCase[] = [
  matVecForward(200, 54),
  matVecTransposedAccumulate(200, 54),
  outerAccumulate(200, 54),
  ...activationCases(10_000),
  ...softmaxCases(22, 4),
  ...lstmCases(1, 50),
  ...gruCases(1, 50),
  ...optimizerCases(13_000),
  // One lab sequence (12 steps) through each layer's fused time loop, and the
  // LSTM's backward product through z's h part.
  rnnSequence(12, 1, 50),
  lstmSequence(12, 1, 50, 4),
  matMulAccumulateColumns(1, 200, 50, 54),
  matMulAccumulate(32, 50, 50),
  // Char model: one 512-hidden step, then batch 32 through the 577×2048 gate
  // weights forward (x W), backward to the weights (xᵀ dG) and to the inputs (dG Wᵀ).
  matVecForward(1024, 512),
  matMulForward(32, 577, 2048),
  matMulTransposedAAccumulate(577, 32, 2048),
  matMulTransposedBAccumulate(32, 2048, 577),
  matMulForward(512, 512, 512),
  ...charLmCases(),
];

/** The case a bench row belongs to, by kernel and shape. */
export function findCase(kernel: string, shape: string): KernelCase | undefined {
  return KERNEL_CASES.find((c) => c.kernel === kernel && c.shape === shape);
}
