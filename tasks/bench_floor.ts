// deno task bench:floor — how fast could one epoch of the lab's LSTM be, one
// sequence per update, on this machine? Splits the measured epoch into the
// matrix products and the rest, and prices the products at the speed of a bare
// streaming loop (bench/probe/panel.ts) to give a lower bound on the epoch.
import { measureFloor } from "../bench/floor.ts";
import { numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";

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

  const report = await measureFloor(model, rounds);
  const { tokensPerEpoch, meanSteps, epochMs, floorMs, epochPerToken, floorPerToken } = report;
  const rest = report.restMicrosecondsPerToken, productsBest = report.productsAtCeiling;
  const peak = report.ceilingGflops, timed = report.products;
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
        `${tokensPerEpoch} training tokens per epoch (mean sequence ${meanSteps}), ${report.backend}`,
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
