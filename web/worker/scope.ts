// The worker's side of the channel, typed by hand: the library is checked
// with Deno's types, which have no DedicatedWorkerGlobalScope, and a worker
// needs only these two members of it.
import type { FromWorker, ToWorker } from "../protocol.ts";

interface WorkerScope {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

/** The worker's global scope. */
export const scope = globalThis as unknown as WorkerScope;

/** Sends one message to the page; `transfer` moves buffers instead of copying them. */
export function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  scope.postMessage(message, transfer);
}

/** A function that sends messages to the page (the runners take one, so tests can listen). */
export type Post = typeof post;

// A message to ourselves queues a task without setTimeout's 4 ms clamp on
// nested timers, which would cost a third of the lab's 10 ms epochs.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

/** Resolves after the events already queued (the page's Pause, say) have run. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
