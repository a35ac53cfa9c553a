// `deno task NAME` runs the task as its child process and passes Ctrl-C and
// SIGTERM on to it; `kill -9` on the `deno task` process cannot be passed on,
// and the child would train on, re-parented. A training task watches for that
// and stops itself.

/**
 * A check to call at every training step: once the `deno task` process that
 * started this one has gone, it ends the task with one line (exit code 1).
 * It looks at the parent at most twice a second. Outside `deno task` (which
 * sets INIT_CWD; the task's --allow-env=INIT_CWD lets it see that) the check
 * does nothing: a task started by hand may outlive its shell. With `onGone`,
 * that is called once instead (to save and stop cleanly).
 */
export function parentWatch(task: string, onGone?: () => void): () => void {
  const granted =
    Deno.permissions.querySync({ name: "env", variable: "INIT_CWD" }).state === "granted";
  if (!granted || Deno.env.get("INIT_CWD") === undefined) return () => {};
  const parent = Deno.ppid;
  let next = 0;
  return () => {
    const now = performance.now();
    if (now < next) return;
    next = now + 500;
    if (Deno.ppid !== parent) {
      // A task with something to save stops through its own path instead.
      if (onGone) {
        next = Infinity;
        return onGone();
      }
      console.error(
        `${task}: stopped: the 'deno task' process that started this run has gone (kill -9?)`,
      );
      Deno.exit(1);
    }
  };
}
