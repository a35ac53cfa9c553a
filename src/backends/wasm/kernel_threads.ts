// The helper threads of a wasm backend: Workers running the same compiled
// kernels on the same shared memory. A kernel call that is worth splitting is
// cut into slices of independent rows (row_slices.ts); the calling thread
// posts one slice to each ready helper through its control block, runs the
// first slice itself, then waits for the others. Posting is a few stores and a
// compare-exchange; a helper spins for `spinMs` after each job (a training
// step's next kernel is microseconds away) before it sleeps, and ends itself
// after `idleMs` asleep, so that a backend nobody disposes never keeps a
// process alive. Helpers start on first need, in the background: until one is
// ready, the calling thread runs its slice too. Every slice sums each element
// exactly as the whole call would, so who runs what never changes a result.
import {
  type ControlLayout,
  kernelThreadMain,
  type KernelThreadStart,
} from "./kernel_thread_worker.ts";

const STARTING = 0, READY = 1, JOB = 2, CLOSED = 3, STOP = 4;
const LAYOUT: ControlLayout = {
  blockBytes: 512,
  argsOffset: 64,
  maxArgs: 24,
  textOffset: 256,
  textLength: 128,
};
/** A helper that has not finished a slice in this long has stopped working. */
const STALL_MS = 60_000;

/** Timing of the helpers, for tests and benchmarks. */
export interface KernelThreadTiming {
  /** Spin this long for the next job after one. Default 2 ms. */
  spinMs?: number;
  /** Sleep this long without a job, then end. Default 1000 ms. */
  idleMs?: number;
}

let workerUrl: string | undefined;

// One blob URL for every pool: the worker's program is the same text.
function kernelThreadUrl(): string {
  workerUrl ??= URL.createObjectURL(
    new Blob([`(${kernelThreadMain.toString()})();`], { type: "text/javascript" }),
  );
  return workerUrl;
}

/**
 * Whether this runtime can start kernel threads: Workers, and a memory it can
 * share with them.
 */
export function workersAvailable(): boolean {
  return typeof Worker === "function" && typeof Atomics.waitAsync === "function" &&
    typeof SharedArrayBuffer === "function";
}

/** The kernel threads of one backend: `count` in all, the calling thread and count − 1 helpers. */
export class KernelThreads {
  /** Threads in all, the calling one included. */
  readonly count: number;
  readonly #module: WebAssembly.Module;
  readonly #memory: WebAssembly.Memory;
  readonly #names: readonly string[];
  readonly #control: SharedArrayBuffer;
  readonly #states: Int32Array[];
  readonly #args: Float64Array[];
  readonly #texts: Uint16Array[];
  readonly #workers: (Worker | undefined)[];
  readonly #timing: Required<KernelThreadTiming>;
  #ended = false;
  #slices = 0;

  constructor(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    names: readonly string[],
    count: number,
    timing: KernelThreadTiming = {},
  ) {
    this.count = count;
    this.#module = module;
    this.#memory = memory;
    this.#names = names;
    this.#timing = { spinMs: timing.spinMs ?? 2, idleMs: timing.idleMs ?? 1000 };
    const helpers = count - 1;
    this.#control = new SharedArrayBuffer(Math.max(1, helpers) * LAYOUT.blockBytes);
    this.#states = [];
    this.#args = [];
    this.#texts = [];
    for (let block = 0; block < helpers; block++) {
      const base = block * LAYOUT.blockBytes;
      this.#states.push(new Int32Array(this.#control, base, 4));
      this.#args.push(new Float64Array(this.#control, base + LAYOUT.argsOffset, LAYOUT.maxArgs));
      this.#texts.push(new Uint16Array(this.#control, base + LAYOUT.textOffset, LAYOUT.textLength));
    }
    this.#workers = new Array(helpers).fill(undefined);
  }

  /** How many slices helpers have run so far (the rest ran on the calling thread). */
  get slices(): number {
    return this.#slices;
  }

  /** Helpers ready for a job right now. */
  get ready(): number {
    return this.#states.filter((state) => Atomics.load(state, 0) === READY).length;
  }

  /**
   * Starts every helper that is not running (in the background) and resolves
   * once all are ready, or rejects after `timeoutMs`. Benchmarks call it so
   * that the first timed call already has its helpers.
   */
  async whenReady(timeoutMs = 10_000): Promise<void> {
    for (let helper = 0; helper < this.#workers.length; helper++) this.#ensure(helper);
    const start = performance.now();
    while (this.ready < this.#workers.length) {
      if (this.#ended) throw new Error("The kernel threads were ended");
      if (performance.now() - start > timeoutMs) {
        throw new Error(
          `Only ${this.ready} of ${this.#workers.length} kernel threads started in ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      for (let helper = 0; helper < this.#workers.length; helper++) this.#ensure(helper);
    }
  }

  // Starts helper `index` unless it is starting or running; restarts one that ended.
  #ensure(index: number): void {
    if (this.#ended) return;
    const state = this.#states[index];
    const now = Atomics.load(state, 0);
    const worker = this.#workers[index];
    if (worker && now !== CLOSED) return;
    worker?.terminate();
    Atomics.store(state, 0, STARTING);
    const started = new Worker(kernelThreadUrl(), { type: "module", name: `kernels ${index + 1}` });
    const message: KernelThreadStart = {
      module: this.#module,
      memory: this.#memory,
      control: this.#control,
      block: index,
      names: this.#names,
      layout: LAYOUT,
      ...this.#timing,
    };
    started.postMessage(message);
    this.#workers[index] = started;
  }

  /**
   * Runs `kernel` on each argument list of `slices`: the first on this
   * thread, the others on ready helpers, and any that no helper can take on
   * this thread too; returns when all are done.
   *
   * @param kernel The kernel's index in the names the pool was made with.
   * @param slices One argument list per slice; at most `count`.
   * @param local How this thread runs a slice.
   */
  run(kernel: number, slices: readonly number[][], local: (args: number[]) => void): void {
    const posted: number[] = [];
    const leftover: number[] = [];
    for (let slice = 1; slice < slices.length; slice++) {
      const helper = slice - 1;
      this.#ensure(helper);
      const state = this.#states[helper];
      const args = slices[slice];
      if (!this.#ended && Atomics.load(state, 0) === READY) {
        this.#args[helper].set(args);
        state[1] = kernel;
        state[2] = args.length;
        if (Atomics.compareExchange(state, 0, READY, JOB) === READY) {
          Atomics.notify(state, 0);
          posted.push(slice);
          this.#slices++;
          continue;
        }
      }
      leftover.push(slice);
    }
    let failure: unknown;
    try {
      local(slices[0]);
      for (const slice of leftover) local(slices[slice]);
    } catch (error) {
      failure = error;
    }
    // Wait for every posted slice, even after a local failure: the memory is theirs until then.
    for (const slice of posted) {
      const message = this.#finish(slice - 1);
      if (message !== undefined && failure === undefined) {
        failure = new Error(
          `${this.#names[kernel]} failed on kernel thread ${slice}: ${message}`,
        );
      }
    }
    if (failure !== undefined) throw failure;
  }

  // Waits until helper `index` has finished its job; returns its error's message, if any.
  #finish(index: number): string | undefined {
    const state = this.#states[index];
    const start = performance.now();
    let spins = 0;
    while (Atomics.load(state, 0) === JOB) {
      if (++spins < 20_000) continue;
      if (performance.now() - start > STALL_MS) {
        this.end();
        throw new Error(
          `Kernel thread ${index + 1} did not finish its slice in ${STALL_MS / 1000} s; ` +
            "its threads were ended and the backend goes on with one",
        );
      }
      try {
        Atomics.wait(state, 0, JOB, 10);
      } catch {
        // A page's main thread may not wait; it spins instead.
      }
    }
    if (state[3] === 0) return undefined;
    const text = this.#texts[index];
    let message = "";
    for (let i = 0; i < text.length && text[i] !== 0; i++) message += String.fromCharCode(text[i]);
    return message;
  }

  /** Ends every helper; from then on the calling thread runs every slice. */
  end(): void {
    this.#ended = true;
    for (let index = 0; index < this.#workers.length; index++) {
      const state = this.#states[index];
      Atomics.store(state, 0, STOP);
      Atomics.notify(state, 0);
      this.#workers[index]?.terminate();
      this.#workers[index] = undefined;
    }
  }

  /** Whether {@linkcode end} has been called. */
  get ended(): boolean {
    return this.#ended;
  }
}
