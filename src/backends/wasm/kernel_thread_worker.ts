// The body of a kernel thread: a Worker that instantiates the kernels on the
// backend's shared memory and runs the slices of kernel calls it is handed
// through a control block of shared memory (kernel_threads.ts lays it out).
// It is started from its own source text (a blob URL), so it must not
// reference anything outside itself: a bundled page and a module imported by
// URL start it the same way, with no file to find and no permission to ask.

/** Where things are in one thread's control block, as kernel_threads.ts writes them. */
export interface ControlLayout {
  /** Bytes per thread. */
  readonly blockBytes: number;
  /** Byte offset of the Float64 arguments within a block, and how many fit. */
  readonly argsOffset: number;
  readonly maxArgs: number;
  /** Byte offset of the UTF-16 text of the last error, and its length in characters. */
  readonly textOffset: number;
  readonly textLength: number;
}

/** What the creating thread posts to a kernel thread to start it. */
export interface KernelThreadStart {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  /** Which block of `control` is this thread's. */
  readonly block: number;
  /** The kernel names, by the index a job gives. */
  readonly names: readonly string[];
  readonly layout: ControlLayout;
  /** How long to spin for the next job after one (cheap to wake), then how long to sleep before ending. */
  readonly spinMs: number;
  readonly idleMs: number;
}

/**
 * A kernel thread's whole program, run as the Worker's script text by
 * `(${kernelThreadMain})()`. The states of word 0 of its block: 0 starting,
 * 1 ready, 2 a job is posted, 3 ended on its own after `idleMs` without work,
 * 4 told to stop. Words 1 and 2 hold the job's kernel index and argument
 * count, word 3 whether the last job threw.
 */
export function kernelThreadMain(): void {
  const READY = 1, JOB = 2, CLOSED = 3;
  const scope = globalThis as unknown as {
    onmessage: ((event: MessageEvent<KernelThreadStart>) => void) | null;
    close(): void;
  };
  scope.onmessage = async (event) => {
    scope.onmessage = null;
    const { module, memory, control, block, names, layout, spinMs, idleMs } = event.data;
    const base = block * layout.blockBytes;
    const state = new Int32Array(control, base, 4);
    const args = new Float64Array(control, base + layout.argsOffset, layout.maxArgs);
    const text = new Uint16Array(control, base + layout.textOffset, layout.textLength);
    let kernels: ((...values: number[]) => unknown)[];
    try {
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
      kernels = names.map((name) => exports[name] as (...values: number[]) => unknown);
    } catch {
      // The creating thread runs every slice itself when its helpers end.
      Atomics.store(state, 0, CLOSED);
      scope.close();
      return;
    }
    Atomics.store(state, 0, READY);
    Atomics.notify(state, 0);
    for (;;) {
      let now = Atomics.load(state, 0);
      const spinUntil = performance.now() + spinMs;
      while (now === READY && performance.now() < spinUntil) now = Atomics.load(state, 0);
      if (now === READY) {
        // Asleep on the event loop, not blocking it, so that terminate() always works.
        const waiting = Atomics.waitAsync(state, 0, READY, idleMs);
        const outcome = waiting.async ? await waiting.value : waiting.value;
        if (Atomics.load(state, 0) === READY) {
          if (
            outcome === "timed-out" && Atomics.compareExchange(state, 0, READY, CLOSED) === READY
          ) break;
          continue;
        }
        now = Atomics.load(state, 0);
      }
      if (now !== JOB) break;
      try {
        kernels[state[1]](...args.subarray(0, state[2]));
        state[3] = 0;
      } catch (error) {
        const message = String(error instanceof Error ? error.message : error);
        const length = Math.min(message.length, layout.textLength - 1);
        for (let i = 0; i < length; i++) text[i] = message.charCodeAt(i);
        text[length] = 0;
        state[3] = 1;
      }
      Atomics.store(state, 0, READY);
      Atomics.notify(state, 0);
    }
    scope.close();
  };
}
