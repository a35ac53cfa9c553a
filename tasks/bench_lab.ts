// deno task bench:lab — training speed of the lab's RNN and LSTM, side by side
// with the NumPy implementations in bench/numpy/ when NumPy is installed.
import {
  matrixVectorPeak,
  type ModelName,
  MULTIPLY_ADDS_PER_TOKEN,
  type Row,
  timeOurs,
  timePython,
} from "../bench/lab_speed.ts";
import { MAX_EPOCHS, numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";

const HELP =
  `Usage: deno task bench:lab [--model rnn|lstm|nn] [--epochs N] [--numpy PYTHON] [--json]

Trains the lab's RNN (lr 1e-3) and LSTM (lr 0.1) — hidden 50, seed 42, clipped
SGD — and the nn model (nn.LSTM + Linear, Adam) for N epochs per configuration:
wasm one sequence per update, wasm with --batch-size 32 (in order, and with
--batching length), and
reference, each after five untimed warm-up epochs, and prints ms per epoch and
training tokens per second. With NumPy available it also runs, one BLAS thread,
bench/numpy/rnn_lab.py, lstm_lab.py (gates stacked, one product per step) and
lstm_lab_style.py (the lab's own code structure, backward corrected), and with
PyTorch bench/pytorch/lstm_lab.py twice (tensors built once; and --lab-loop, the
notebook's loop), and prints every speed-up over them.
  --model NAME     rnn, lstm or nn (the nn API's LSTM with Adam; default: all three)
  --epochs N       epochs timed per configuration (default 30)
  --numpy PYTHON   the Python with NumPy (default /usr/bin/python3; 'none' to skip)
  --json           one JSON line
  --help           show this text`;

if (import.meta.main) {
  const values = parseTaskFlags("bench:lab", Deno.args, {
    epochs: { type: "string" },
    model: { type: "string" },
    numpy: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  const epochs = numberFlag("bench:lab", "epochs", values.epochs, 30, true, 1, MAX_EPOCHS);
  const models: ModelName[] = values.model === undefined
    ? ["rnn", "lstm", "nn"]
    : values.model === "rnn" || values.model === "lstm" || values.model === "nn"
    ? [values.model]
    : usageError("bench:lab", `--model must be rnn, lstm or nn, got '${values.model}'`);
  const python = values.numpy ?? "/usr/bin/python3";
  const peak = matrixVectorPeak();
  const results = [];
  const notes: string[] = [];
  for (const name of models) {
    // Progress on stderr: a model's configurations and baselines take a while.
    console.error(`bench:lab: timing ${name} (wasm, reference, then the Python baselines) …`);
    const rows: Row[] = [
      timeOurs(name, "wasm", 1, epochs),
      timeOurs(name, "wasm", 32, epochs),
      timeOurs(name, "wasm", 32, epochs, "length"),
      timeOurs(name, "reference", 1, Math.max(1, Math.round(epochs / 10))),
    ];
    const pythonEpochs = Math.max(3, Math.round(epochs / 6));
    const numpy = name === "nn"
      ? "(the nn model is compared with PyTorch's nn.LSTM + Adam)"
      : python === "none"
      ? "NumPy skipped"
      : await timePython(
        name === "lstm" ? "lstm NumPy, gates stacked" : `${name} NumPy`,
        `numpy/${name}_lab.py`,
        python,
        pythonEpochs,
      );
    if (typeof numpy !== "string") rows.push(numpy);
    if (name === "lstm" && python !== "none") {
      // The issue's baseline: the lab's own code structure (a product per gate
      // per step), its backward pass corrected.
      const labStyle = await timePython(
        "lstm NumPy, lab's code",
        "numpy/lstm_lab_style.py",
        python,
        pythonEpochs,
      );
      if (typeof labStyle === "string") notes.push(labStyle);
      else rows.push(labStyle);
    }
    if (name !== "rnn" && python !== "none") {
      // The lab's framework version (nn.LSTM, one thread), when PyTorch is installed:
      // SGD as the from-scratch LSTM, Adam as the nn model; with the tensors
      // built once, and with the lab's own loop, which encodes every sequence
      // inside it.
      const optimizer = name === "nn" ? ["--optimizer", "adam", "--lr", "0.01"] : [];
      for (const [label, extra] of [["PyTorch", []], ["PyTorch, lab's loop", ["--lab-loop"]]]) {
        const torch = await timePython(
          `${name} ${label}`,
          "pytorch/lstm_lab.py",
          python,
          pythonEpochs,
          [...optimizer, ...extra],
        );
        if (typeof torch === "string") notes.push(torch);
        else rows.push(torch);
      }
    }
    results.push({ name, rows, numpy });
  }
  if (values.json) {
    console.log(JSON.stringify({
      epochs,
      matrixVectorPeakGflops: peak,
      results: results.map(({ name, rows, numpy }) => ({
        model: name,
        rows,
        numpy: typeof numpy === "string" ? numpy : "ok",
      })),
    }));
  } else {
    for (const { name, rows, numpy } of results) {
      // The speed-up is over NumPy, or over PyTorch where there is no NumPy version.
      const torchRow = rows.find((row) => row.configuration.includes("PyTorch"));
      const baselineRow = typeof numpy === "string" ? torchRow : numpy;
      const baseline = baselineRow?.tokensPerSecond;
      const baselineName = typeof numpy === "string" ? "PyTorch" : "NumPy";
      console.log(
        `${name.toUpperCase()} training speed, lab settings (hidden 50, seed 42, ${epochs} timed epochs):`,
      );
      for (const row of rows) {
        const speedUp = baseline
          ? `  ${(row.tokensPerSecond / baseline).toFixed(1)}x ${baselineName}`
          : "";
        const rate = row.gflops === undefined
          ? ""
          : `  ${row.gflops.toFixed(1)} GFLOP/s (${
            (100 * row.gflops / peak).toFixed(0)
          }% of W x alone)`;
        console.log(
          `${row.configuration.padEnd(46)} ${row.msPerEpoch.toFixed(2).padStart(9)} ms/epoch ${
            Math.round(row.tokensPerSecond).toString().padStart(9)
          } tokens/s${rate}${speedUp}`,
        );
      }
      if (typeof numpy === "string") console.log(numpy);
      // Every ratio of ours (wasm) over every Python baseline, by training tokens per second.
      const python = rows.filter((row) => row.gflops === undefined);
      for (const ours of rows.filter((row) => row.configuration.includes("wasm"))) {
        const ratios = python.map((row) =>
          `${(ours.tokensPerSecond / row.tokensPerSecond).toFixed(1)}x ${
            row.configuration.replace(/ \(bench.*$/, "").replace(`${name} `, "")
          }`
        );
        if (ratios.length) console.log(`  ${ours.configuration}: ${ratios.join("; ")}`);
      }
    }
    for (const note of notes) console.log(note);
    console.log(
      `W x alone: the 200x54 matrix-vector kernel by itself runs at ${peak.toFixed(1)} GFLOP/s. ` +
        `The GFLOP/s above count the products a real token needs (${MULTIPLY_ADDS_PER_TOKEN.rnn}, ` +
        `${MULTIPLY_ADDS_PER_TOKEN.lstm} and ${MULTIPLY_ADDS_PER_TOKEN.nn} multiply-adds per token for the RNN, ` +
        `the LSTM and the nn LSTM; padding excluded); their weight gradients are matrix products, ` +
        `which run faster than W x, so a training rate can pass 100 % of it.`,
    );
  }
}
