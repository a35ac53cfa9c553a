// deno task exercise — the lab as exercises: list, check, hint, solution,
// reset, and train the student's own RNN or LSTM. The grading is the
// library's (src/lab/exercises/); this file reads the command line, the
// student's files and the progress file, and prints.
import { fileURLToPath } from "node:url";
import { getBackend } from "../mod.ts";
import { LSTM_LAB_DEFAULTS, RNN_LAB_DEFAULTS, runLab } from "../src/lab/experiment.ts";
import {
  checkExercise,
  type Exercise,
  EXERCISES,
  findExercise,
  formatVerdict,
  sourceExcerpt,
  studentLstm,
  type StudentLstmFunctions,
  studentRnn,
  type StudentRnnFunctions,
} from "../src/lab/exercises/mod.ts";
import { TrainingDivergedError } from "../src/train/train.ts";
import { ExerciseFolder } from "./common/exercise_files.ts";
import { parseTaskFlags, usageError } from "./common/flags.ts";
import { runTrainingTask } from "./common/run_training_task.ts";
import { trainingFlagsHelp } from "./common/training_flags.ts";

const TASK = "exercise";
const ROOT = fileURLToPath(new URL("../", import.meta.url));

const HELP = `Usage: deno task exercise COMMAND [NAME] [flags]

The lab as exercises. Each file in exercises/ is one exercise, in the lab's
order, with the maths in a comment and "TODO" where you write; J is the lab's
own LSTM backward pass, with its four mistakes, for you to repair. The grader
runs your functions on seeded inputs against the library's implementation and
finite differences (your own, from exercise 0, once it passes) and explains
the first thing that is wrong.

Commands:
  list            the exercises, their files, which pass and the hints used
  check NAME      grade one exercise (NAME: 0, a … g, h or i, j, k or l, m; or all)
  hint NAME       the next hint (one more each time; they get more specific)
  solution NAME   where the library implements it, and its code
  reset NAME      restore the blank (your version goes to exercises/.backup/)
  train rnn|lstm  train your RNN (exercises C, D) or LSTM (H–I, J) on the lab's
                  data and print deno task rnn's / lstm's report; it takes their
                  flags (deno task exercise train lstm --help), and runs on the
                  reference backend unless --backend says otherwise

Flags:
  --dir DIR       the exercises' folder (default exercises)
  --help          show this text`;

const TRAIN = {
  rnn: { defaults: RNN_LAB_DEFAULTS, needs: ["c", "d"], what: "RNN" },
  lstm: { defaults: LSTM_LAB_DEFAULTS, needs: ["hi", "j"], what: "LSTM" },
} as const;

function exerciseNamed(name: string | undefined, command: string): Exercise {
  if (name === undefined) usageError(TASK, `${command} needs the name of an exercise (0, a … m)`);
  const exercise = findExercise(name);
  if (!exercise) {
    usageError(
      TASK,
      `there is no exercise '${name}'; the exercises are ${EXERCISES.map((e) => e.id).join(", ")}`,
    );
  }
  return exercise;
}

async function check(folder: ExerciseFolder, name: string | undefined): Promise<void> {
  const exercises = name?.toLowerCase() === "all" ? EXERCISES : [exerciseNamed(name, "check")];
  let allPassed = true;
  for (const exercise of exercises) {
    const verdict = await checkExercise(exercise, folder.loader(), (file) => folder.path(file));
    const entry = await folder.updateProgress(exercise.id, {
      passed: verdict.passed,
      checked: new Date().toISOString(),
      digest: await folder.digest(folder.path(exercise.file)),
    });
    for (const line of formatVerdict(verdict)) console.log(line);
    if (!verdict.passed && exercises.length === 1) {
      console.log(
        `Stuck? deno task exercise hint ${exercise.id} (${
          entry.hints ?? 0
        } of ${exercise.hints.length} hints used)`,
      );
    }
    allPassed &&= verdict.passed;
    if (exercises.length > 1) console.log("");
  }
  const progress = await folder.readProgress();
  const passing = EXERCISES.filter((e) => progress.exercises[e.id]?.passed).length;
  console.log(`${passing} of ${EXERCISES.length} exercises pass.`);
  for (const [kind, { needs }] of Object.entries(TRAIN)) {
    if (
      exercises.some((e) => needs.includes(e.id as never)) &&
      needs.every((id) => progress.exercises[id]?.passed)
    ) {
      console.log(`Your ${kind.toUpperCase()} is complete: deno task exercise train ${kind}`);
    }
  }
  if (!allPassed) Deno.exit(1);
}

async function list(folder: ExerciseFolder): Promise<void> {
  const progress = await folder.readProgress();
  const rows = [["exercise", "file", "status", "hints", "what"]];
  for (const exercise of EXERCISES) {
    const entry = progress.exercises[exercise.id] ?? {};
    const path = folder.path(exercise.file);
    const digest = await folder.digest(path);
    let status = entry.passed === undefined ? "not checked" : entry.passed ? "passed" : "not yet";
    if (digest === undefined) status = "missing (reset restores it)";
    else if (entry.digest && entry.digest !== digest) status += ", edited since";
    if (entry.solutionShown) status += ", solution seen";
    rows.push([
      exercise.name,
      path,
      status,
      `${entry.hints ?? 0} of ${exercise.hints.length}`,
      exercise.title,
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) {
    console.log(
      row.map((cell, c) => c < row.length - 1 ? cell.padEnd(widths[c]) : cell).join("  "),
    );
  }
  const passing = EXERCISES.filter((e) => progress.exercises[e.id]?.passed).length;
  console.log(
    `${passing} of ${EXERCISES.length} exercises pass. deno task exercise check NAME grades one.`,
  );
}

async function hint(folder: ExerciseFolder, name: string | undefined): Promise<void> {
  const exercise = exerciseNamed(name, "hint");
  const given = (await folder.readProgress()).exercises[exercise.id]?.hints ?? 0;
  const count = Math.min(given + 1, exercise.hints.length);
  await folder.updateProgress(exercise.id, { hints: count });
  console.log(`Exercise ${exercise.name} — ${exercise.title}`);
  exercise.hints.slice(0, count).forEach((text, i) => {
    console.log(
      `Hint ${i + 1} of ${exercise.hints.length}${i === count - 1 ? " (new)" : ""}: ${text}`,
    );
  });
  if (count === exercise.hints.length) {
    console.log(
      `That is the last hint. deno task exercise solution ${exercise.id} shows the library's implementation.`,
    );
  }
}

async function solution(folder: ExerciseFolder, name: string | undefined): Promise<void> {
  const exercise = exerciseNamed(name, "solution");
  console.log(`Exercise ${exercise.name} — ${exercise.title}: the library's implementation`);
  for (const ref of exercise.solution) {
    const source = await Deno.readTextFile(`${ROOT}${ref.file}`);
    const excerpt = sourceExcerpt(source, ref.symbol);
    console.log(`\n── ${ref.file}, ${ref.symbol}: ${ref.note}`);
    console.log(excerpt ?? `(not found in ${ref.file}; the file is worth reading as it is)`);
  }
  const own = `tests/fixtures/exercises/solutions/${exercise.file}`;
  console.log(`\n── ${own}: the same, written as this exercise asks`);
  console.log((await Deno.readTextFile(`${ROOT}${own}`)).trimEnd());
  await folder.updateProgress(exercise.id, { solutionShown: true });
}

async function reset(folder: ExerciseFolder, name: string | undefined): Promise<void> {
  const exercise = exerciseNamed(name, "reset");
  const path = folder.path(exercise.file);
  const { backup, unchanged } = await folder.reset(exercise.file);
  if (unchanged) {
    console.log(`${path} is the blank already; nothing to do.`);
    return;
  }
  await folder.updateProgress(exercise.id, { passed: undefined, digest: undefined });
  console.log(`Restored ${path} from the blank${backup ? `; your version is in ${backup}` : ""}.`);
}

async function train(folder: ExerciseFolder, kind: string | undefined, args: string[]) {
  if (kind !== "rnn" && kind !== "lstm") {
    usageError(
      TASK,
      `train needs rnn or lstm, got ${kind === undefined ? "nothing" : `'${kind}'`}`,
    );
  }
  const task = `${TASK} train ${kind}`;
  const { defaults, needs, what } = TRAIN[kind];
  const [forward, backward] = needs.map((id) => findExercise(id)!);
  const help = `Usage: deno task exercise train ${kind} [flags]

Trains your ${what} — ${kind}Forward from exercises/${forward.file} and
${kind}Backward from exercises/${backward.file} — as deno task ${kind} trains the
library's: the same seeded data, initialisation, clipped SGD and report. Your
code runs in Float64; the parameters live on the backend (here reference unless
--backend says otherwise). With correct exercises it reproduces
deno task ${kind} --backend reference.

${
    trainingFlagsHelp(defaults).replace(/\n {2}--save FILE[^\n]*/, "").replace(
      "wasm (default, f32 SIMD) or reference (f64 TypeScript)",
      "reference (default here, f64) or wasm (f32 SIMD)",
    )
  }
  --dir DIR         the exercises' folder (default exercises)`;
  if (args.includes("--help") || args.includes("-h")) {
    console.log(help);
    Deno.exit(0);
  }
  if (args.some((arg) => arg === "--save" || arg.startsWith("--save="))) {
    usageError(
      task,
      `--save is for deno task ${kind}: a checkpoint of your code is not a model the library can load`,
    );
  }
  for (const id of needs) {
    const exercise = findExercise(id)!;
    const verdict = await checkExercise(exercise, folder.loader(), (file) => folder.path(file));
    if (!verdict.passed) {
      for (const line of formatVerdict(verdict)) console.error(line);
      console.error(
        `${task}: your ${what} needs exercises ${
          needs.map((n) => findExercise(n)!.name).join(" and ")
        } to pass first`,
      );
      Deno.exit(1);
    }
  }
  const [first, second] = await Promise.all(
    needs.map((id) => folder.loader()(findExercise(id)!.file)),
  );
  const code = { ...first, ...second };
  const withBackend = args.some((arg) => arg === "--backend" || arg.startsWith("--backend="))
    ? args
    : ["--backend", "reference", ...args];
  if (!args.includes("--json")) {
    console.log(`Your ${what}, on the library's data, initialisation, trainer and metrics:`);
  }
  await runTrainingTask(task, withBackend, defaults, help, (flags, callbacks) => {
    try {
      return runLab(
        getBackend(flags.backend),
        flags.config,
        (backend, vocabularySize, random) => {
          const sizes = { vocabularySize, hiddenSize: flags.config.hiddenSize };
          const model = kind === "rnn"
            ? studentRnn(backend, sizes, code as unknown as StudentRnnFunctions)
            : studentLstm(backend, sizes, code as unknown as StudentLstmFunctions);
          model.initialize(random);
          return model;
        },
        callbacks,
        { extrapolate: flags.extrapolate },
      );
    } catch (error) {
      if (error instanceof TrainingDivergedError || error instanceof RangeError) throw error;
      throw new RangeError(
        `your code threw ${error instanceof Error ? `${error.name}: ${error.message}` : error}`,
      );
    }
  }, `exercise_${kind}`);
}

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  const name = rest[0] !== undefined && !rest[0].startsWith("-") ? rest[0] : undefined;
  const flagArgs = name === undefined ? rest : rest.slice(1);
  if (command === undefined || command === "--help" || command === "-h") {
    console.log(HELP);
    Deno.exit(0);
  }
  // --dir is every command's; train passes the rest on to the training flags.
  const dirAt = flagArgs.findIndex((arg) => arg === "--dir" || arg.startsWith("--dir="));
  let dir = "exercises";
  const others = [...flagArgs];
  if (dirAt >= 0) {
    const [flag] = others.splice(dirAt, flagArgs[dirAt] === "--dir" ? 2 : 1);
    dir = flag === "--dir" ? flagArgs[dirAt + 1] ?? "" : flag.slice("--dir=".length);
    if (dir === "") usageError(TASK, "--dir needs a folder");
  }
  const folder = new ExerciseFolder(dir);
  if (command === "train") {
    await train(folder, name, others);
  } else {
    parseTaskFlags(TASK, others, {}, HELP);
    if (command === "list") await list(folder);
    else if (command === "check") await check(folder, name);
    else if (command === "hint") await hint(folder, name);
    else if (command === "solution") await solution(folder, name);
    else if (command === "reset") await reset(folder, name);
    else {usageError(
        TASK,
        `unknown command '${command}'; the commands are list, check, hint, solution, reset, train`,
      );}
  }
}
