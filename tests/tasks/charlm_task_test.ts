// deno task charlm as a user runs it: resume gives the run that never
// stopped (after --max-iters and after Ctrl-C), a kill while checkpoints are
// written leaves a loadable one, and every bad input is one line and an exit code.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { createReferenceBackend } from "../../mod.ts";
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint } from "../../src/io/checkpoint.ts";
import { MODELS } from "../../src/models/registry.ts";
import { modelCheckpoint } from "../../src/models/model_checkpoint.ts";
import { Vocabulary } from "../../src/data/vocabulary.ts";
import { restoreCharModel } from "../../src/train/char_checkpoint.ts";
import { runTask } from "../helpers/run_task.ts";

const SMALL = ["--hidden", "12", "--layers", "2", "--dropout", "0.2", "--batch-size", "3"];
const SHORT = [...SMALL, "--seq-len", "8", "--warmup", "2", "--sample-length", "20"];
const TEXT =
  "To be, or not to be, that is the question:\nWhether 'tis nobler in the mind to suffer\n"
    .repeat(12);

async function corpus(dir: string, text = TEXT): Promise<string> {
  const path = `${dir}/corpus.txt`;
  await Deno.writeTextFile(path, text);
  return path;
}

// The per-update losses of a --json run.
function losses(stdout: string): number[] {
  return stdout.trim().split("\n").map((line) => JSON.parse(line)).filter((l) => l.step)
    .map((l) => l.step.loss);
}

async function weights(path: string): Promise<number[][]> {
  const { model } = restoreCharModel(await loadCheckpoint(path), createReferenceBackend(), path);
  return model.parameters.map((p) => [...p.value.data]);
}

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await run(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const backend of ["reference", "wasm"]) {
  Deno.test(`charlm: 10 updates straight equal 5, --resume, and 5 more, on ${backend}`, () =>
    withDir(async (dir) => {
      const data = await corpus(dir);
      const common = ["--data", data, ...SHORT, "--backend", backend, "--json", "--log-every", "1"];
      const train = (out: string, ...more: string[]) =>
        runTask(
          "charlm",
          "train",
          ...common,
          "--out",
          `${dir}/${out}`,
          "--eval-every",
          "5",
          ...more,
        );
      const straight = await train("a", "--max-iters", "10");
      assert.equal(straight.code, 0, straight.stderr);
      const first = await train("b", "--max-iters", "5");
      assert.equal(first.code, 0, first.stderr);
      const second = await train("b", "--max-iters", "10", "--resume", `${dir}/b/last.ckpt`);
      assert.equal(second.code, 0, second.stderr);
      const resumed = [...losses(first.stdout), ...losses(second.stdout)];
      const expected = losses(straight.stdout);
      assert.equal(expected.length, 10);
      const [w1, w2] = [await weights(`${dir}/a/last.ckpt`), await weights(`${dir}/b/last.ckpt`)];
      if (backend === "reference") {
        assert.deepEqual(resumed, expected);
        assert.deepEqual(w2, w1);
      } else {
        resumed.forEach((loss, i) =>
          assert.ok(Math.abs(loss - expected[i]) <= 1e-6, `update ${i + 1}`)
        );
        w2.flat().forEach((w, i) => assert.ok(Math.abs(w - w1.flat()[i]) <= 1e-6));
      }
    }));
}

Deno.test("charlm: Ctrl-C saves a checkpoint that resumes into the run that never stopped", () =>
  withDir(async (dir) => {
    const data = await corpus(dir);
    const common = [
      "--data",
      data,
      ...SHORT,
      "--backend",
      "reference",
      "--json",
      "--log-every",
      "1",
    ];
    const script = fileURLToPath(new URL("../../tasks/charlm.ts", import.meta.url));
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        script,
        "train",
        ...common,
        "--out",
        `${dir}/b`,
        "--eval-every",
        "1000",
        "--max-iters",
        "100000",
      ],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    // Interrupt once a few updates are done.
    const errors = new Response(child.stderr).text();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let out = "";
    while ((out.match(/"step"/g) ?? []).length < 3) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    child.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    const { code } = await child.status;
    const message = await errors;
    assert.equal(code, 130, message);
    const stopped = Number(/interrupted at iteration (\d+)/.exec(message)?.[1] ?? NaN);
    assert.ok(stopped >= 3, message);
    const before = losses(out);
    assert.equal(before.length, stopped);
    const target = String(stopped + 4);
    const resumed = await runTask(
      "charlm",
      "train",
      ...common,
      "--out",
      `${dir}/b`,
      "--eval-every",
      "1000",
      "--max-iters",
      target,
      "--resume",
      `${dir}/b/last.ckpt`,
    );
    assert.equal(resumed.code, 0, resumed.stderr);
    const straight = await runTask(
      "charlm",
      "train",
      ...common,
      "--out",
      `${dir}/a`,
      "--eval-every",
      "1000",
      "--max-iters",
      target,
    );
    assert.deepEqual([...before, ...losses(resumed.stdout)], losses(straight.stdout));
  }));

Deno.test("charlm: a training process killed while it writes checkpoints leaves one that loads", () =>
  withDir(async (dir) => {
    const data = await corpus(dir);
    const script = fileURLToPath(new URL("../../tasks/charlm.ts", import.meta.url));
    for (const delay of [600, 900, 1300]) {
      const child = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write",
          script,
          "train",
          "--data",
          data,
          ...SHORT,
          "--out",
          `${dir}/k`,
          "--eval-every",
          "1",
          "--max-iters",
          "100000",
          "--quiet",
        ],
        stdout: "null",
        stderr: "null",
      }).spawn();
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await child.status;
      const names = [...Deno.readDirSync(`${dir}/k`)].map((e) => e.name);
      if (!names.includes("last.ckpt")) continue; // killed before the first save
      const bytes = await Deno.readFile(`${dir}/k/last.ckpt`);
      const restored = restoreCharModel(
        decodeCheckpoint(bytes, "last.ckpt"),
        createReferenceBackend(),
        "last.ckpt",
      );
      assert.ok(restored.trainer!.step >= 1);
    }
  }));

Deno.test("charlm: every bad input is one line naming the problem, and a non-zero exit", () =>
  withDir(async (dir) => {
    const good = await corpus(dir);
    await Deno.writeFile(`${dir}/empty.txt`, new Uint8Array());
    await Deno.writeFile(`${dir}/binary.bin`, Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 0, 0, 1));
    await Deno.writeFile(`${dir}/latin1.txt`, Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a));
    await Deno.writeTextFile(`${dir}/short.txt`, "tiny");
    await Deno.writeFile(`${dir}/corrupt.ckpt`, crypto.getRandomValues(new Uint8Array(300)));
    const other = `${dir}/other.txt`;
    await Deno.writeTextFile(other, "completely different alphabet: ЖЗИЙКЛМН ".repeat(40));
    const nn = MODELS.build("nn-lstm", createReferenceBackend(), {
      vocabularySize: 4,
      hiddenSize: 4,
    });
    await Deno.writeFile(
      `${dir}/nn.ckpt`,
      encodeCheckpoint(modelCheckpoint(nn, new Vocabulary(["a", "b", "EOS", "UNK"]))),
    );
    const trained = await runTask(
      "charlm",
      "train",
      "--data",
      good,
      ...SHORT,
      "--out",
      `${dir}/t`,
      "--max-iters",
      "2",
      "--eval-every",
      "2",
      "--quiet",
    );
    assert.equal(trained.code, 0, trained.stderr);
    const train = (...args: string[]) =>
      runTask("charlm", "train", ...SHORT, "--out", `${dir}/o`, "--max-iters", "1", ...args);
    const cases: [Promise<{ code: number; stderr: string }>, number, RegExp][] = [
      [train("--data", `${dir}/missing.txt`), 1, /Cannot read '.*missing.txt': file not found/],
      [train("--data", dir), 1, /it is a directory, not a text file/],
      [train("--data", `${dir}/empty.txt`), 1, /the file is empty/],
      [
        train("--data", `${dir}/binary.bin`),
        1,
        /invalid UTF-8 at byte 4: a NUL byte \(is this a binary file\?\)/,
      ],
      [train("--data", `${dir}/latin1.txt`), 1, /invalid UTF-8 at byte 3/],
      [
        train("--data", `${dir}/short.txt`),
        1,
        /fewer than one batch needs: 3 streams × 8 steps \+ 1 = 25/,
      ],
      [
        train("--data", good, "--hidden", "0"),
        2,
        /--hidden must be an integer from 1 to 4,096, got '0'/,
      ],
      [train("--data", good, "--hidden", "1e9"), 2, /--hidden must be an integer from 1 to 4,096/],
      [train("--data", good, "--lr", "nan"), 2, /--lr must be a number/],
      [train("--data", good, "--max-iters", "1e12"), 2, /--max-iters must be an integer from 1 to/],
      [train("--data", good, "--frobnicate"), 2, /Unknown option '--frobnicate'/],
      [train("--data", good, "--model", "transformer"), 2, /--model must be lstm, gru or rnn/],
      [train("--data", good, "--threads", "0"), 2, /--threads must be an integer from 1 to 256/],
      [
        train("--data", good, "--threads", "2", "--backend", "reference"),
        2,
        /--threads is for the wasm backend; the reference backend has one thread/,
      ],
      [
        train("--data", good, "--resume", `${dir}/nn.ckpt`),
        1,
        /it holds a 'nn-lstm' model, not a character model/,
      ],
      [
        train("--data", good, "--resume", `${dir}/corrupt.ckpt`),
        1,
        /Cannot load checkpoint '.*corrupt.ckpt'/,
      ],
      [
        train("--data", other, "--resume", `${dir}/t/last.ckpt`),
        1,
        /its vocabulary \(\d+ symbols\) is not this text's/,
      ],
      [
        train("--data", good, "--resume", `${dir}/t/last.ckpt`, "--hidden", "16"),
        1,
        /trained with other hiddenSize \(hiddenSize 12\); give the same flags/,
      ],
      [runTask("charlm", "sample", "--checkpoint", `${dir}/nn.ckpt`), 1, /not a character model/],
      [
        runTask("charlm", "sample", "--checkpoint", `${dir}/t/last.ckpt`, "--prime", "ЖЗ"),
        1,
        /Every character of the prime is unknown to this model \("Ж", "З"\)/,
      ],
      [runTask("charlm", "sample"), 2, /sample needs --checkpoint FILE/],
      [runTask("charlm", "fly"), 2, /unknown command 'fly': expected train or sample/],
      [
        train(
          "--data",
          good,
          "--model",
          "rnn",
          "--optimizer",
          "adam",
          "--lr",
          "10",
          "--clip",
          "0",
          "--max-iters",
          "40",
          "--eval-every",
          "10",
        ),
        1,
        /Training diverged: the best validation loss is [\d.]+ nats per character, more than 2× a uniform guess's .*Likely causes/,
      ],
    ];
    for (const [running, code, message] of cases) {
      const result = await running;
      assert.equal(result.code, code, `${message}: exit ${result.code}\n${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /^\s+at /m, "no stack trace");
      assert.ok(result.stderr.trim().split("\n").length <= 2, result.stderr);
    }
  }));

Deno.test("charlm sample streams valid text, reports unknown prime characters once, and is seeded", () =>
  withDir(async (dir) => {
    const data = await corpus(dir);
    const trained = await runTask(
      "charlm",
      "train",
      "--data",
      data,
      ...SHORT,
      "--out",
      dir,
      "--max-iters",
      "3",
      "--eval-every",
      "3",
      "--quiet",
    );
    assert.equal(trained.code, 0, trained.stderr);
    const sample = (...args: string[]) =>
      runTask("charlm", "sample", "--checkpoint", `${dir}/best.ckpt`, "--length", "50", ...args);
    const [a, b, c] = [
      await sample("--seed", "4", "--prime", "To ✓✓"),
      await sample("--seed", "4"),
      await sample("--seed", "5"),
    ];
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /does not know "✓" of the prime; read as UNK/);
    assert.equal([...b.stdout.replace(/\n$/, "")].length, 50);
    assert.equal(b.stdout, (await sample("--seed", "4")).stdout, "the same seed, the same text");
    assert.notEqual(b.stdout, c.stdout);
    const greedy = await sample("--temperature", "0", "--seed", "1");
    assert.equal(greedy.stdout, (await sample("--temperature", "0", "--seed", "2")).stdout);
  }));

Deno.test("charlm keeps best, last and char-rnn's checkpoints named by iteration and validation loss", () =>
  withDir(async (dir) => {
    const data = await corpus(dir);
    const run = (out: string, ...more: string[]) =>
      runTask(
        "charlm",
        "train",
        "--data",
        data,
        ...SHORT,
        "--out",
        `${dir}/${out}`,
        "--max-iters",
        "6",
        "--eval-every",
        "3",
        "--quiet",
        ...more,
      );
    assert.equal((await run("a")).code, 0);
    const names = (out: string) => [...Deno.readDirSync(`${dir}/${out}`)].map((e) => e.name).sort();
    const named = (out: string) => names(out).filter((n) => n.startsWith("charlm_iter"));
    assert.deepEqual(named("a").map((n) => n.replace(/val\d\.\d{4}/, "valX")), [
      "charlm_iter3_valX.ckpt",
      "charlm_iter6_valX.ckpt",
    ]);
    assert.ok(names("a").includes("best.ckpt") && names("a").includes("last.ckpt"));
    assert.ok(names("a").includes("charlm_loss.svg"));
    assert.equal((await run("b", "--save-every", "2")).code, 0);
    assert.deepEqual(named("b").map((n) => n.replace(/val\d\.\d{4}/, "valX")), [
      "charlm_iter2_valnone.ckpt",
      "charlm_iter4_valX.ckpt",
      "charlm_iter6_valX.ckpt",
    ]);
    // The name's loss is the checkpoint's own latest validation loss.
    const six = named("b").at(-1)!;
    const { metadata } = await loadCheckpoint(`${dir}/b/${six}`);
    const history = metadata.history as { validationLoss: number }[];
    assert.equal(six, `charlm_iter6_val${history.at(-1)!.validationLoss.toFixed(4)}.ckpt`);
  }));
