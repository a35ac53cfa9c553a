// deno task test — the test suite: `deno test` with the permissions the tests
// need and the JSDoc examples (--doc), further arguments passed on. --help
// describes the project's suite instead of printing deno test's own help.
// (Not named test.ts: deno test would take that for a test module.)

/** The command `deno task test` runs, before any arguments given to it. */
export const DENO_TEST = [
  "test",
  "--allow-read",
  "--allow-write",
  "--allow-net=127.0.0.1",
  "--allow-run",
  "--allow-env",
  "--doc",
];

const HELP = `Usage: deno task test [FILE|DIR …] [deno test flags]

Runs the test suite (tests/, and every JSDoc @example under --doc) as
  deno ${DENO_TEST.join(" ")} [arguments]
Arguments go on to deno test unchanged, e.g.
  deno task test tests/nn/              one directory
  deno task test --filter "checkpoint"  tests whose name matches
The tests that need PyTorch (/usr/bin/python3 with torch) are ignored where it
is not installed. The run ends with deno test's "ok | N passed | N failed"
line, which .ci/run reads.
  --help    show this text (deno test --help: deno test's own flags)`;

if (import.meta.main) {
  if (Deno.args.includes("--help") || Deno.args.includes("-h")) {
    console.log(HELP);
    Deno.exit(0);
  }
  const child = new Deno.Command(Deno.execPath(), { args: [...DENO_TEST, ...Deno.args] }).spawn();
  // Stopping this process stops the tests too (Ctrl-C reaches both anyway).
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, () => child.kill(signal));
  Deno.exit((await child.status).code);
}
