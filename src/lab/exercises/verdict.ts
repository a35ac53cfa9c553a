// What `deno task exercise check` reports: the checks that held, or the first
// thing wrong — which output or gradient, at which index, expected against
// got — with a diagnosis when the grader recognises the mistake.

/** One value that differs from what was expected. */
export interface Mismatch {
  /** The output or gradient, e.g. "dV". */
  label: string;
  /** Flat index into it. */
  index: number;
  /** The index as the array's shape reads it, e.g. "[1, 3]". */
  where: string;
  expected: number;
  got: number;
  /** How many entries differ, of how many. */
  differing: number;
  size: number;
}

/** A recognised mistake. */
export interface Diagnosis {
  /** Stable name, e.g. "activated-derivative" (tests pin these). */
  key: string;
  /** One line: what the code does. */
  title: string;
  /** Why it is wrong and what the right thing is. */
  explanation: string;
}

/** The first thing wrong. */
export interface Failure {
  /** What was being checked, e.g. "rnnBackward, loss at step 0 only". */
  check: string;
  /** What went wrong, in one sentence. */
  message: string;
  mismatch?: Mismatch;
  diagnosis?: Diagnosis;
}

/** The grader's answer for one exercise. */
export interface Verdict {
  id: string;
  /** As the lab names it: "0", "A", …, "H–I", "J", "K–L", "M". */
  name: string;
  title: string;
  file: string;
  passed: boolean;
  /** The checks that held, in the order they ran. */
  checks: string[];
  /** Remarks that are not failures (which finite differences were used, …). */
  notes: string[];
  failure?: Failure;
}

/** Thrown inside a check to stop at the first failure. */
export class CheckFailed extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.message);
    this.name = "CheckFailed";
    this.failure = failure;
  }
}

/** Collects what a check found; `fail` stops it. */
export class Grading {
  readonly checks: string[] = [];
  readonly notes: string[] = [];
  /** The student's file being graded (for messages). */
  readonly file: string;

  constructor(file = "") {
    this.file = file;
  }

  /** Records a check that held. */
  pass(text: string): void {
    this.checks.push(text);
  }

  /** Records a remark. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** Stops the check with its first failure. */
  fail(failure: Failure): never {
    throw new CheckFailed(failure);
  }
}

/**
 * Runs a check body and turns what it found into a {@linkcode Verdict}.
 *
 * @example A check that stops at its first failure
 * ```ts
 * import { grade } from "./verdict.ts";
 * import assert from "node:assert/strict";
 *
 * const verdict = await grade({ id: "x", name: "X", title: "X", file: "x.ts" }, (g) => {
 *   g.pass("the first part holds");
 *   g.fail({ check: "the second part", message: "it does not" });
 * });
 * assert.equal(verdict.passed, false);
 * assert.deepEqual(verdict.checks, ["the first part holds"]);
 * ```
 */
export async function grade(
  meta: { id: string; name: string; title: string; file: string },
  body: (g: Grading) => void | Promise<void>,
): Promise<Verdict> {
  const g = new Grading(meta.file);
  try {
    await body(g);
  } catch (error) {
    if (!(error instanceof CheckFailed)) throw error;
    return { ...meta, passed: false, checks: g.checks, notes: g.notes, failure: error.failure };
  }
  return { ...meta, passed: true, checks: g.checks, notes: g.notes };
}

const number = (x: number) =>
  Number.isFinite(x) ? (x === 0 ? "0" : Number(x.toPrecision(8)).toString()) : String(x);

/**
 * The verdict as the lines `deno task exercise check` prints.
 *
 * @example
 * ```ts
 * import { formatVerdict } from "./verdict.ts";
 * import assert from "node:assert/strict";
 *
 * const lines = formatVerdict({
 *   id: "d", name: "D", title: "RNN backward", file: "exercises/d.ts", passed: true,
 *   checks: ["gradients match"], notes: [],
 * });
 * assert.deepEqual(lines.slice(1), ["  ✓ gradients match", "Passed."]);
 * ```
 */
export function formatVerdict(verdict: Verdict): string[] {
  const lines = [`Exercise ${verdict.name} — ${verdict.title} (${verdict.file})`];
  for (const check of verdict.checks) lines.push(`  ✓ ${check}`);
  const { failure } = verdict;
  if (failure) {
    lines.push(`  ✗ ${failure.check}: ${failure.message}`);
    const m = failure.mismatch;
    if (m) {
      const others = m.differing > 1 ? ` (${m.differing} of ${m.size} entries differ)` : "";
      lines.push(
        `      ${m.label}${m.where}: expected ${number(m.expected)}, got ${number(m.got)}${others}`,
      );
    }
    if (failure.diagnosis) {
      lines.push(`    Diagnosis: ${failure.diagnosis.title}`);
      for (const line of wrap(failure.diagnosis.explanation, 92)) lines.push(`      ${line}`);
    }
  }
  for (const note of verdict.notes) {
    wrap(note, 92).forEach((line, i) => lines.push(`${i === 0 ? "  · " : "    "}${line}`));
  }
  lines.push(verdict.passed ? "Passed." : "Not yet.");
  return lines;
}

/** Splits text into lines of at most `width` characters at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}
