// The grader, run only on files no student edits: the pristine blanks
// (exercises/.blanks/), the library's solutions written as the exercises ask
// (tests/fixtures/exercises/solutions/) and seeded mistakes, one change each
// (tests/fixtures/exercises/mistakes/). Never exercises/*.ts itself.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  checkExercise,
  type Exercise,
  EXERCISES,
  findExercise,
  formatVerdict,
  type ModuleLoader,
  type Verdict,
} from "../../../src/lab/exercises/mod.ts";

const dir = (path: string) => fileURLToPath(new URL(`../../../${path}/`, import.meta.url));
const BLANKS = dir("exercises/.blanks");
const SOLUTIONS = dir("tests/fixtures/exercises/solutions");
const MISTAKES = dir("tests/fixtures/exercises/mistakes");

const from = (folder: string): ModuleLoader => (file) => import(`file://${folder}${file}`);

/** The exercise's own file from `mistake`, every other file from the solutions. */
const withMistake = (exercise: Exercise, mistake: string): ModuleLoader => (file) =>
  file === exercise.file ? import(`file://${MISTAKES}${mistake}`) : from(SOLUTIONS)(file);

const report = (verdict: Verdict) => formatVerdict(verdict).join("\n");

/** Each seeded mistake and the diagnosis it must get. */
const MISTAKE_TABLE: [string, string][] = [
  ["0_forward_difference.ts", "forward-difference"],
  ["0_divided_by_h.ts", "divided-by-h"],
  ["0_x_not_restored.ts", "x-not-restored"],
  ["0_ignores_h.ts", "ignores-h"],
  ["a_unk_missing.ts", "unk-missing"],
  ["a_ascending.ts", "ascending"],
  ["a_ties_alphabetical.ts", "ties-alphabetical"],
  ["a_unknown_word.ts", "unknown-not-unk"],
  ["b_column_major.ts", "column-major-draws"],
  ["b_no_qr.ts", "no-qr"],
  ["b_draw_order.ts", "draw-order"],
  ["b_u_transposed.ts", "u-transposed"],
  ["c_lab_softmax.ts", "lab-softmax-overflow"],
  ["c_lab_loss.ts", "lab-loss-mean"],
  ["c_mean_over_steps.ts", "mean-over-steps"],
  ["c_v_transposed.ts", "v-transposed"],
  ["c_state_not_copied.ts", "state-not-copied"],
  ["d_lab_solution.ts", "lab-solution"],
  ["d_activated_derivative.ts", "activated-derivative"],
  ["d_off_by_one.ts", "off-by-one-in-time"],
  ["d_off_by_one_crash.ts", "off-by-one-in-time"],
  ["d_no_bptt.ts", "no-bptt"],
  ["d_mean_over_steps.ts", "mean-over-steps"],
  ["d_clip_per_tensor.ts", "clip-per-tensor"],
  ["d_clip_scales_up.ts", "clip-scales-up"],
  ["e_gradient_ascent.ts", "gradient-ascent"],
  ["e_no_clipping.ts", "no-clipping"],
  ["e_once_per_epoch.ts", "once-per-epoch"],
  ["e_loss_sum.ts", "loss-sum"],
  ["f_no_feedback.ts", "no-feedback"],
  ["f_unknown_word.ts", "unknown-not-unk"],
  ["f_eos_dropped.ts", "eos-dropped"],
  ["g_batch_major.ts", "batch-major"],
  ["g_pad_zero.ts", "pad-with-zero"],
  ["g_last_batch_dropped.ts", "last-batch-dropped"],
  ["hi_z_swapped.ts", "z-swapped"],
  ["hi_no_tanh_c.ts", "no-tanh-c"],
  ["hi_init_order.ts", "draw-order"],
  ["hi_cache_without_initial.ts", "cache-without-initial-state"],
  ["j_defect_1.ts", "lab-defect-1-no-bptt"],
  ["j_defect_2.ts", "lab-defect-2-activated-derivatives"],
  ["j_defect_3.ts", "lab-defect-3-forget-gate"],
  ["j_defect_4.ts", "lab-defect-4-one-step-off"],
  ["j_defect_4_crash.ts", "lab-defect-4-one-step-off"],
  ["j_dc_not_carried.ts", "dc-not-carried"],
  ["kl_no_zero_grad.ts", "no-zero-grad"],
  ["kl_linear_bias.ts", "linear-bias"],
  ["kl_zero_grad_after_backward.ts", "zero-grad-after-backward"],
  ["m_bhn_outside.ts", "bhn-outside-reset"],
  ["m_update_swapped.ts", "update-swapped"],
  ["m_activated_derivatives.ts", "activated-derivatives"],
  ["m_no_direct_path.ts", "no-direct-path"],
];

Deno.test("every exercise's blank fails its check with a clear first message", async () => {
  for (const exercise of EXERCISES) {
    const verdict = await checkExercise(exercise, from(BLANKS));
    assert.equal(verdict.passed, false, report(verdict));
    if (exercise.id === "j") continue;
    assert.match(verdict.failure!.message, /is not written yet: it throws "TODO"/, report(verdict));
  }
});

Deno.test("the handed-out LSTM backward (exercise J's blank) is diagnosed as the lab's code with all four defects, defect 1 first", async () => {
  const verdict = await checkExercise(findExercise("j")!, from(BLANKS));
  assert.equal(verdict.failure?.diagnosis?.key, "lab-defect-1-no-bptt", report(verdict));
  assert.ok(verdict.notes.some((note) => note.includes("defects 1, 2, 3 and 4")), report(verdict));
  assert.ok(verdict.failure?.mismatch, "the failure shows an entry, expected against got");
});

Deno.test("the library's solutions, written as the exercises ask, pass every check", async () => {
  for (const exercise of EXERCISES) {
    const verdict = await checkExercise(exercise, from(SOLUTIONS));
    assert.equal(verdict.passed, true, report(verdict));
    assert.ok(verdict.checks.length >= 1);
  }
});

Deno.test("with exercise 0 solved, the gradient checks use the student's own numericGradient", async () => {
  for (const id of ["d", "j", "m"]) {
    const verdict = await checkExercise(findExercise(id)!, from(SOLUTIONS));
    assert.ok(
      verdict.checks.some((check) => check.startsWith("your numericGradient (exercise 0) ")),
      report(verdict),
    );
  }
  const blank0 = (file: string) =>
    file === "0_gradient_check.ts" ? from(BLANKS)(file) : from(SOLUTIONS)(file);
  const verdict = await checkExercise(findExercise("d")!, blank0);
  assert.ok(
    verdict.passed &&
      verdict.checks.some((check) => check.startsWith("the grader's numericGradient")),
    report(verdict),
  );
});

Deno.test("each seeded mistake gets its diagnosis, with the first wrong value where there is one", async () => {
  const seen = new Set<string>();
  for (const [mistake, key] of MISTAKE_TABLE) {
    const exercise = EXERCISES.find((e) => mistake.startsWith(`${e.id}_`))!;
    const verdict = await checkExercise(exercise, withMistake(exercise, mistake));
    assert.equal(verdict.passed, false, `${mistake} passed:\n${report(verdict)}`);
    assert.equal(verdict.failure?.diagnosis?.key, key, `${mistake}:\n${report(verdict)}`);
    seen.add(exercise.id);
  }
  assert.deepEqual(
    [...seen].sort(),
    EXERCISES.map((e) => e.id).sort(),
    "every exercise has seeded mistakes",
  );
});

Deno.test("each of the four defects of the lab's LSTM backward, injected alone, is named as that defect", async () => {
  const exercise = findExercise("j")!;
  for (const number of [1, 2, 3, 4]) {
    const verdict = await checkExercise(exercise, withMistake(exercise, `j_defect_${number}.ts`));
    assert.match(
      verdict.failure?.diagnosis?.key ?? "",
      new RegExp(`^lab-defect-${number}-`),
      report(verdict),
    );
    assert.match(
      verdict.failure!.diagnosis!.title,
      new RegExp(`^defect ${number} of the lab's backward`),
    );
    assert.equal(
      verdict.notes.filter((note) => note.includes("defects")).length,
      0,
      "one defect: no list",
    );
  }
});

Deno.test("an exercise that calls an earlier one still blank says which file to finish first", async () => {
  const folder = await Deno.makeTempDir({ prefix: "exercises_" });
  try {
    await Deno.copyFile(`${SOLUTIONS}hi_lstm_forward.ts`, `${folder}/hi_lstm_forward.ts`);
    await Deno.copyFile(`${SOLUTIONS}c_rnn_forward.ts`, `${folder}/c_rnn_forward.ts`);
    await Deno.copyFile(`${BLANKS}b_rnn_init.ts`, `${folder}/b_rnn_init.ts`);
    const verdict = await checkExercise(findExercise("h")!, from(`${folder}/`));
    assert.match(
      verdict.failure!.message,
      /^`initLstm` calls code in b_rnn_init\.ts that is not written yet/,
      report(verdict),
    );
  } finally {
    await Deno.remove(folder, { recursive: true });
  }
});
