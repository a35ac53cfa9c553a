// What a task will write is checked before it trains: a bad --out or --save is
// one line at once, not a stack trace after the work; numbers out of range are
// refused by name; a short run works with the default learning-rate decay.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { decodeSafetensors, encodeSafetensors } from "../../src/io/safetensors.ts";
import { runTask } from "../helpers/run_task.ts";

Deno.test("a bad --out or --save ends the task in one line before any training", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/a_file`;
    await Deno.writeTextFile(file, "");
    await Deno.mkdir(`${dir}/out/lstm_loss.svg`, { recursive: true });
    const cases: [string, string[], RegExp][] = [
      [
        "lstm",
        ["--out", `${file}/sub`],
        /cannot write to --out .*a part of its path is not a directory/,
      ],
      ["lstm", ["--out", `${dir}/out`], /cannot write --out .*lstm_loss\.svg': it is a directory/],
      [
        "lstm",
        ["--save", `${dir}/missing/x.ckpt`],
        /cannot write --save .*its directory does not exist/,
      ],
      ["nn", ["--save", dir], /cannot write --save .*it is a directory/],
      ["compare", ["--out", `${file}/sub`], /cannot write to --out .*not a directory/],
    ];
    for (const [task, args, pattern] of cases) {
      const started = performance.now();
      // 1000 epochs would take many seconds: the refusal must come first.
      const epochs = task === "compare" ? ["--lstm-epochs", "1000"] : ["--epochs", "1000"];
      const { code, stdout, stderr } = await runTask(task, ...epochs, ...args);
      assert.equal(code, 1, `${task} ${args.join(" ")}: exit ${code}\n${stderr}`);
      assert.equal(stdout, "");
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.match(stderr, new RegExp(`^${task}: ${pattern.source}`));
      assert.ok(performance.now() - started < 20_000, "refused only after training");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("without write permission the task says so before training", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", fileURLToPath(new URL("../../tasks/lstm.ts", import.meta.url))],
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output().then((output) => ({
    code: output.code,
    stderr: new TextDecoder().decode(output.stderr),
  }));
  assert.equal(code, 1);
  assert.match(stderr, /^lstm: cannot write to --out 'out': Deno lacks permission/);
});

Deno.test("numbers out of range and negative numbers are refused by the flag's name", async () => {
  const cases: [string, string[], RegExp][] = [
    ["lstm", ["--epochs", "-1"], /--epochs must be an integer from 0 to 100,000, got '-1'/],
    ["lstm", ["--hidden", "100000"], /--hidden must be an integer from 1 to 4,096/],
    ["lstm", ["--max-n", "100000000"], /--max-n must be an integer from 1 to 100,000/],
    ["lstm", ["--extrapolate", "12,100000000"], /--extrapolate takes integers from 1 to 100,000/],
    ["lstm", ["--save", ""], /--save needs a file name/],
    ["lstm", ["--init", "orthogonal"], /--init is for the nn models/],
    ["compare", ["--seed", "1e10"], /--seed must be an integer from 0 to 4,294,967,295/],
    ["compare", ["--seed", ""], /--seed must be an integer/],
    ["dicts", ["--seed", " "], /--seed must be an integer/],
    [
      "freestyle",
      ["--checkpoint", "x", "--max-tokens", "1e9"],
      /--max-tokens must be an integer from 1/,
    ],
    [
      "patterns",
      ["--test", "12..1000000"],
      /--test must look like 1\.\.11 \(1 ≤ low ≤ high ≤ 10,000\)/,
    ],
    ["patterns", ["--seed", "5e9"], /--seed must be an integer from 0 to 4,294,967,295/],
    ["patterns", ["--seed", "1", "--seeds", "3"], /give --seed N .* or --seeds N .*, not both/],
    ["build_kernels", ["--bogus"], /Unknown option '--bogus'/],
  ];
  for (const [task, args, pattern] of cases) {
    const { code, stderr } = await runTask(task, ...args);
    assert.equal(code, 2, `${task} ${args.join(" ")}: exit ${code}\n${stderr}`);
    const name = task === "build_kernels" ? "build:kernels" : task;
    assert.match(stderr.split("\n")[0], new RegExp(`^${name}: ${pattern.source}`));
  }
});

Deno.test("a run shorter than the default learning-rate decay works", async () => {
  const out = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await runTask(
      "nn",
      ...["--epochs", "2", "--hidden", "6", "--extrapolate", "12", "--json", "--out", out],
    );
    assert.equal(code, 0, stderr);
    assert.equal(JSON.parse(stdout).config.decayEpochs, 2);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("export refuses files it cannot turn into a loadable model, in one line, and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ckpt = `${dir}/m.ckpt`, weights = `${dir}/m.safetensors`;
    const trained = await runTask(
      "nn",
      ...["--epochs", "1", "--hidden", "4", "--extrapolate", "12", "--quiet", "--out", dir],
      ...["--save", ckpt],
    );
    assert.equal(trained.code, 0, trained.stderr);
    // A directory as --out is refused before anything is written.
    const toDirectory = await runTask("export", "--checkpoint", ckpt, "--out", dir);
    assert.equal(toDirectory.code, 1);
    assert.match(toDirectory.stderr, /^export: cannot write --out .*: it is a directory\n$/);
    const exported = await runTask("export", "--checkpoint", ckpt, "--out", weights);
    assert.equal(exported.code, 0, exported.stderr);
    const { tensors, metadata } = decodeSafetensors(await Deno.readFile(weights), weights);
    const variants: [string, Parameters<typeof encodeSafetensors>, RegExp][] = [
      [
        "short",
        [tensors, { ...metadata, vocabulary: '["a","EOS","UNK"]' }],
        /has 3 words but its weights take 4/,
      ],
      [
        "notjson",
        [tensors, { ...metadata, vocabulary: "not json" }],
        /vocabulary in its metadata is not JSON/,
      ],
      ["object", [tensors, { ...metadata, vocabulary: '{"a":1}' }], /is not a list of words/],
      [
        "nan",
        [tensors.map((t, i) => i ? t : { ...t, values: t.values.map(() => NaN) }), metadata],
        /holds non-finite values/,
      ],
    ];
    for (const [name, [entries, meta], pattern] of variants) {
      const path = `${dir}/${name}.safetensors`;
      await Deno.writeFile(path, encodeSafetensors(entries, meta));
      const { code, stderr } = await runTask(
        "export",
        "--import",
        path,
        "--out",
        `${dir}/${name}.ckpt`,
      );
      assert.equal(code, 1, `${name}: ${stderr}`);
      assert.equal(stderr.trim().split("\n").length, 1, stderr);
      assert.match(stderr, pattern);
    }
    const left = [...Deno.readDirSync(dir)].map((entry) => entry.name).filter((n) =>
      n.endsWith(".partial")
    );
    assert.deepEqual(left, []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
