// Whether the second core costs the first anything before any of our code
// runs: the register-tile probe (bench/ceiling_probe.ts) timed for 6 s alone,
// then in two processes at once, one per core. Run from the repository root:
//
//   deno run --allow-read --allow-env --allow-sys --allow-run bench/tile_pair.ts
import { tileCeilingProbe } from "./ceiling_probe.ts";

const SECONDS = 6;

// The probe's median and best GFLOP/s over SECONDS, starting at `startAt` (ms since the epoch).
async function measure(startAt: number): Promise<{ median: number; best: number }> {
  const probe = await tileCeilingProbe();
  while (Date.now() < startAt) { /* both processes compiled: start together */ }
  const rounds: number[] = [];
  const until = performance.now() + SECONDS * 1000;
  while (performance.now() < until) rounds.push(probe());
  rounds.sort((a, b) => a - b);
  return { median: rounds[rounds.length >> 1], best: rounds[rounds.length - 1] };
}

const show = (label: string, r: { median: number; best: number }) =>
  `${label.padEnd(22)} median ${r.median.toFixed(1)} GFLOP/s, best ${r.best.toFixed(1)}`;

if (Deno.args[0] === "--child") {
  console.log(JSON.stringify(await measure(Number(Deno.args[1]))));
} else {
  console.log(show("one process alone", await measure(0)));
  const startAt = Date.now() + 3000;
  const children = [1, 2].map(() =>
    new Deno.Command(Deno.execPath(), {
      // The probe's own permissions, not the parent's --allow-run.
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        "--allow-sys",
        import.meta.filename!,
        "--child",
        String(startAt),
      ],
      stdout: "piped",
    }).output()
  );
  for (const [i, out] of (await Promise.all(children)).entries()) {
    console.log(show(`two at once, #${i + 1}`, JSON.parse(new TextDecoder().decode(out.stdout))));
  }
}
