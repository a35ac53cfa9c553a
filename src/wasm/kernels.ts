// Loads the committed kernel binaries. The relaxed-SIMD build (fused
// multiply-add) is preferred where the runtime validates it; otherwise the
// plain SIMD build, which every current engine runs.
import { decodeBase64 } from "./base64.ts";
import { relaxedSimdBase64, simdBase64 } from "./kernels_wasm.generated.ts";

/** Which compiled variant of the kernels to run. */
export type KernelBuild = "simd" | "relaxed-simd";

/** The functions exported by kernels/index.ts. Pointers are byte offsets. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  matVecForward(y: number, W: number, x: number, b: number, rows: number, columns: number): void;
  matVecTransposedAccumulate(y: number, W: number, d: number, rows: number, columns: number): void;
  outerAccumulate(W: number, d: number, x: number, rows: number, columns: number): void;
  matMulForward(
    C: number,
    A: number,
    B: number,
    bias: number,
    M: number,
    K: number,
    N: number,
  ): void;
  matMulAccumulate(C: number, A: number, B: number, M: number, K: number, N: number): void;
  matMulAccumulateColumns(
    C: number,
    A: number,
    B: number,
    M: number,
    K: number,
    n: number,
    N: number,
  ): void;
  matMulTransposedAAccumulate(
    C: number,
    A: number,
    B: number,
    M: number,
    K: number,
    N: number,
  ): void;
  matMulTransposedBAccumulate(
    C: number,
    A: number,
    B: number,
    scratch: number,
    M: number,
    K: number,
    N: number,
  ): void;
  transpose(out: number, input: number, rows: number, columns: number): void;
  tanhForward(y: number, x: number, n: number): void;
  tanhBackward(dx: number, y: number, dy: number, n: number): void;
  sigmoidForward(y: number, x: number, n: number): void;
  sigmoidBackward(dx: number, y: number, dy: number, n: number): void;
  softmaxForward(probs: number, logits: number, rows: number, columns: number): void;
  logSoftmaxForward(out: number, logits: number, rows: number, columns: number): void;
  crossEntropyForward(
    probs: number,
    logits: number,
    targets: number,
    rows: number,
    columns: number,
  ): number;
  crossEntropyBackward(
    dLogits: number,
    probs: number,
    targets: number,
    rows: number,
    columns: number,
    scale: number,
  ): void;
  lstmCellForward(
    h: number,
    c: number,
    tanhC: number,
    gates: number,
    preact: number,
    cPrev: number,
    batch: number,
    hidden: number,
  ): void;
  lstmCellBackward(
    dPreact: number,
    dcPrev: number,
    dh: number,
    dc: number,
    gates: number,
    tanhC: number,
    cPrev: number,
    batch: number,
    hidden: number,
  ): void;
  gruCellForward(
    h: number,
    gates: number,
    gi: number,
    gh: number,
    hPrev: number,
    batch: number,
    hidden: number,
  ): void;
  gruCellBackward(
    dgi: number,
    dgh: number,
    dhPrev: number,
    dh: number,
    gates: number,
    gh: number,
    hPrev: number,
    batch: number,
    hidden: number,
  ): void;
  rnnSequenceForward(
    h: number,
    V: number,
    scratch: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  rnnSequenceBackward(
    dPreact: number,
    dh: number,
    h: number,
    V: number,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  lstmSequenceForward(
    h: number,
    c: number,
    tanhC: number,
    gates: number,
    z: number,
    W: number,
    c0: number,
    scratch: number,
    steps: number,
    batch: number,
    hidden: number,
    width: number,
    peephole: number,
  ): void;
  lstmSequenceBackward(
    dPreact: number,
    dc: number,
    dh: number,
    gates: number,
    tanhC: number,
    c: number,
    W: number,
    c0: number,
    dh0: number,
    steps: number,
    batch: number,
    hidden: number,
    width: number,
    peephole: number,
    dPeephole: number,
  ): void;
  sumSquares(x: number, n: number): number;
  scaleInPlace(x: number, n: number, s: number): void;
  sgdStep(
    param: number,
    grad: number,
    velocity: number,
    n: number,
    lr: number,
    momentum: number,
    weightDecay: number,
    gradScale: number,
    zeroGrad: boolean,
  ): void;
  adamStep(
    param: number,
    grad: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    biasCorrection1: number,
    biasCorrection2Sqrt: number,
    gradScale: number,
    zeroGrad: boolean,
  ): void;
}

const binaries: Record<KernelBuild, string> = {
  "simd": simdBase64,
  "relaxed-simd": relaxedSimdBase64,
};
const modules = new Map<KernelBuild, WebAssembly.Module>();
let relaxedSupported: boolean | undefined;

/**
 * Whether this runtime validates the relaxed-SIMD build (Deno does; Node 20 does not).
 *
 * @example The default build follows it
 * ```ts
 * import { defaultKernelBuild, relaxedSimdSupported } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultKernelBuild(), relaxedSimdSupported() ? "relaxed-simd" : "simd");
 * ```
 */
export function relaxedSimdSupported(): boolean {
  relaxedSupported ??= WebAssembly.validate(decodeBase64(relaxedSimdBase64) as BufferSource);
  return relaxedSupported;
}

/**
 * The best build this runtime can run.
 *
 * @example Pin a backend to the build it would pick anyway
 * ```ts
 * import { defaultKernelBuild } from "./kernels.ts";
 * import { createWasmBackend } from "../wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createWasmBackend({ build: defaultKernelBuild() });
 * const probs = backend.tensor([2]);
 * backend.softmaxForward(probs, backend.tensor([2], [0, 0]));
 * assert.deepEqual([...probs.data], [0.5, 0.5]);
 * ```
 */
export function defaultKernelBuild(): KernelBuild {
  return relaxedSimdSupported() ? "relaxed-simd" : "simd";
}

/** A fresh instance of the kernels, with its own memory. */
export function instantiateKernels(build: KernelBuild): KernelExports {
  let module = modules.get(build);
  if (!module) {
    const bytes = decodeBase64(binaries[build]) as BufferSource;
    if (!WebAssembly.validate(bytes)) {
      throw new Error(
        `This runtime cannot run the ${build} WebAssembly kernels; use the reference backend instead`,
      );
    }
    module = new WebAssembly.Module(bytes);
    modules.set(build, module);
  }
  return new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
}
