// The grader's shared tools: call the student's function (a "TODO" is not yet
// written, anything else thrown is reported as it is), compare its outputs
// with the expected ones entry by entry, and recognise a mistake by the
// prediction of a suspect that the outputs match.
import type { Diagnosis, Grading, Mismatch } from "./verdict.ts";

/** |got − expected| ≤ atol + rtol |expected|. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * Float64 maths done in another order: well above rounding (1e-15 relative),
 * far below any mistake's effect on the probes.
 */
export const TOLERANCE: Tolerance = { atol: 1e-10, rtol: 1e-7 };

/** Whether `got` is within `tol` of `expected` (NaN never is). */
export function close(got: number, expected: number, tol: Tolerance = TOLERANCE): boolean {
  return Math.abs(got - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Whether `value` is an array of numbers (a typed array or a plain one), of `length` if given. */
export function isNumbers(value: unknown, length?: number): value is ArrayLike<number> {
  const ok = ArrayBuffer.isView(value) && !(value instanceof DataView) ||
    Array.isArray(value) && value.every((v) => typeof v === "number");
  return ok && (length === undefined || (value as ArrayLike<number>).length === length);
}

/** "[r, c]" for a flat index into a row-major shape, "[i]" for a vector. */
export function indexText(index: number, shape: readonly number[]): string {
  if (shape.length <= 1) return `[${index}]`;
  const parts: number[] = [];
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    parts.unshift(rest % shape[d]);
    rest = Math.floor(rest / shape[d]);
  }
  return `[${parts.join(", ")}]`;
}

/** The first entry of `got` that is not close to `expected`, or null. Both must have one length. */
export function firstMismatch(
  label: string,
  expected: ArrayLike<number>,
  got: ArrayLike<number>,
  shape: readonly number[] = [expected.length],
  tol: Tolerance = TOLERANCE,
): Mismatch | null {
  let first = -1, differing = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!close(got[i], expected[i], tol)) {
      differing++;
      if (first < 0) first = i;
    }
  }
  if (first < 0) return null;
  return {
    label,
    index: first,
    where: indexText(first, shape),
    expected: expected[first],
    got: got[first],
    differing,
    size: expected.length,
  };
}

/** Every entry of `got` close to `expected` (same lengths). */
export function sameValues(
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance = TOLERANCE,
): boolean {
  if (got.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (!close(got[i], expected[i], tol)) return false;
  return true;
}

/** An expected output: its values and shape. */
export interface Expected {
  values: ArrayLike<number>;
  shape: readonly number[];
}

/** Shape text such as "(5×4)". */
export function shapeText(shape: readonly number[]): string {
  return `(${shape.join("×")})`;
}

/**
 * Fails unless `got` has every field of `expected` as numbers of the right
 * length; returns the fields, narrowed.
 */
export function requireFields(
  g: Grading,
  check: string,
  got: unknown,
  expected: Record<string, Expected>,
  what = "the result",
): Record<string, ArrayLike<number>> {
  if (typeof got !== "object" || got === null) {
    g.fail({ check, message: `${what} is ${got === null ? "null" : typeof got}, not an object` });
  }
  const fields = got as Record<string, unknown>;
  for (const [name, { values, shape }] of Object.entries(expected)) {
    const value = fields[name];
    if (!isNumbers(value)) {
      g.fail({
        check,
        message: `${what} has no array of numbers \`${name}\` ${shapeText(shape)}${
          value === undefined ? "" : ` (found ${Array.isArray(value) ? "an array" : typeof value})`
        }`,
      });
    }
    if (value.length !== values.length) {
      g.fail({
        check,
        message: `\`${name}\` has ${value.length} values, but ${
          shapeText(shape)
        } holds ${values.length}`,
      });
    }
  }
  return fields as Record<string, ArrayLike<number>>;
}

/** The first field (in `expected`'s order) with an entry that differs, or null. */
export function firstFieldMismatch(
  got: Record<string, ArrayLike<number>>,
  expected: Record<string, Expected>,
  tol: Tolerance = TOLERANCE,
): Mismatch | null {
  for (const [name, { values, shape }] of Object.entries(expected)) {
    const found = firstMismatch(name, values, got[name], shape, tol);
    if (found) return found;
  }
  return null;
}

/** Whether every field of `predicted` is matched by `got`. */
export function matchesAll(
  got: Record<string, ArrayLike<number>>,
  predicted: Record<string, ArrayLike<number>>,
  tol: Tolerance = TOLERANCE,
): boolean {
  return Object.entries(predicted).every(([name, values]) =>
    isNumbers(got[name], values.length) && sameValues(got[name], values, tol)
  );
}

/**
 * Runs `use` on a copy of `list` that records which indices are read, and
 * returns them (as property names: "-1" for list[-1]), whatever `use` throws.
 */
export function indicesRead<T>(list: T[], use: (watched: T[]) => unknown): Set<string> {
  const read = new Set<string>();
  const watched = new Proxy([...list], {
    get(target, key, receiver) {
      if (typeof key === "string" && /^-?\d+$/.test(key)) read.add(key);
      return Reflect.get(target, key, receiver);
    },
  });
  try {
    use(watched);
  } catch {
    // What was read before the error is what counts.
  }
  return read;
}

/** A known mistake, and how to tell that the student's code makes it. */
export interface Suspect {
  diagnosis: Diagnosis;
  /** True when the student's outputs behave as this mistake predicts. */
  test(): boolean;
}

/** The first suspect whose test holds (a throwing test does not hold). */
export function identify(suspects: readonly Suspect[]): Diagnosis | undefined {
  for (const suspect of suspects) {
    try {
      if (suspect.test()) return suspect.diagnosis;
    } catch {
      // A prediction that cannot even be computed on this output is not this mistake.
    }
  }
  return undefined;
}

/**
 * Calls the student's function; "TODO" means it is not written yet, and any
 * other error is reported as thrown.
 */
export function call<T>(
  g: Grading,
  check: string,
  name: string,
  run: () => T,
  diagnose?: (error: unknown) => Diagnosis | undefined,
): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message === "TODO") {
      // Thrown from another exercise's file (one this file imports): that one comes first.
      const thrownIn = /file:\/\/\S*?([^/\s]+\.ts):\d+/.exec((error as Error).stack ?? "")?.[1];
      const own = g.file.split("/").at(-1);
      g.fail({
        check,
        message: thrownIn && own && thrownIn !== own
          ? `\`${name}\` calls code in ${thrownIn} that is not written yet (it throws "TODO"): that exercise comes first`
          : `\`${name}\` is not written yet: it throws "TODO"`,
      });
    }
    const kind = error instanceof Error ? error.name : "a value";
    g.fail({
      check,
      message: `\`${name}\` threw ${kind}: ${message}`,
      diagnosis: diagnose?.(error),
    });
  }
}

/** The exported function `name` of the student's module, or a failure naming the file. */
export function exported<F extends (...args: never[]) => unknown>(
  g: Grading,
  module: Record<string, unknown>,
  file: string,
  name: string,
): F {
  const value = module[name];
  if (typeof value !== "function") {
    g.fail({
      check: "exports",
      message: `${file} does not export a function \`${name}\`${
        value === undefined ? "" : ` (it exports a ${typeof value})`
      }`,
    });
  }
  return value as F;
}

/** Float64Array copies of every field (so that the student's code cannot change the grader's). */
export function copyArrays<T extends object>(arrays: T): T {
  const copy: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(arrays)) {
    copy[name] = Float64Array.from(values as ArrayLike<number>);
  }
  return copy as T;
}

/** Flat Float64Array of a list of vectors (T × n → T·n). */
export function flat(rows: readonly ArrayLike<number>[]): Float64Array {
  const width = rows.length ? rows[0].length : 0;
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, t) => {
    for (let k = 0; k < width; k++) out[t * width + k] = row[k];
  });
  return out;
}

/** A seeded stream of uniform numbers in [0, 1) (a small LCG: probes only, not the lab's data). */
export function probeRandom(seed: number): () => number {
  let state = (seed * 2654435761 + 12345) >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** n values uniform in ±scale from a probe stream. */
export function probeArray(random: () => number, n: number, scale: number): Float64Array {
  return Float64Array.from({ length: n }, () => (2 * random() - 1) * scale);
}
