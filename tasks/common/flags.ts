// Flag parsing for every task: node:util's parseArgs, with --help printing the
// task's text and a user mistake ending in one line and exit code 2.
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

/** The parsed values of an options table: booleans, strings, or lists for `multiple`. */
export type FlagValues<T extends ParseArgsOptionsConfig> = {
  [K in keyof T]?: T[K] extends { type: "boolean" } ? boolean
    : T[K] extends { multiple: true } ? string[]
    : string;
};

/** Ends the process with a one-line error and a pointer to --help. */
export function usageError(task: string, message: string): never {
  console.error(`${task}: ${message}\nRun 'deno task ${task} --help' for the flags.`);
  Deno.exit(2);
}

/**
 * The most epochs any task trains for: 100 times the lab's longest run (the
 * RNN's 1000), minutes to an hour at the lab's sizes — so that a typo such as
 * `--epochs 1e9` is refused rather than left to run for days.
 */
export const MAX_EPOCHS = 100_000;

/**
 * The number a flag holds, `fallback` when it is absent; anything else than a
 * number (an integer, if asked) ≥ `minimum` and ≤ `maximum` ends in
 * {@linkcode usageError}.
 */
export function numberFlag(
  task: string,
  flag: string,
  text: string | undefined,
  fallback: number,
  integer: boolean,
  minimum: number,
  maximum = Infinity,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (
    text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) ||
    value < minimum || value > maximum
  ) {
    const range = maximum === Infinity
      ? `≥ ${minimum}`
      : `from ${minimum} to ${maximum.toLocaleString("en-US")}`;
    usageError(
      task,
      `--${flag} must be ${integer ? "an integer" : "a number"} ${range}, got '${text}'`,
    );
  }
  return value;
}

/**
 * The number a flag holds, `fallback` when it is absent; anything else than a
 * number > 0 (and ≤ `maximum`) — NaN, a negative number, 0 — ends in
 * {@linkcode usageError} with the same words.
 */
export function positiveNumberFlag(
  task: string,
  flag: string,
  text: string | undefined,
  fallback: number,
  maximum = Infinity,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || !(value > 0) || value > maximum) {
    const range = maximum === Infinity ? "> 0" : `> 0 and ≤ ${maximum.toLocaleString("en-US")}`;
    usageError(task, `--${flag} must be a number ${range}, got '${text}'`);
  }
  return value;
}

// parseArgs takes "-1" after a flag for another flag; a negative number there is
// a value (to be refused by the flag's own check, with its own message).
function joinNegativeValues(args: string[], options: ParseArgsOptionsConfig): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith("--") ? args[i].slice(2) : undefined;
    if (
      name !== undefined && options[name]?.type === "string" && i + 1 < args.length &&
      /^-[\d.]/.test(args[i + 1])
    ) {
      joined.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else {
      joined.push(args[i]);
    }
  }
  return joined;
}

/**
 * Parses `args` against `options` (plus `--help`/`-h`, which prints `help` and
 * exits 0). Unknown flags and positionals are refused with {@linkcode usageError}.
 */
export function parseTaskFlags<T extends ParseArgsOptionsConfig>(
  task: string,
  args: string[],
  options: T,
  help: string,
): FlagValues<T> {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(args, options),
      strict: true,
      allowPositionals: false,
      options: { ...options, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    usageError(task, (error as Error).message);
  }
  if (values.help) {
    console.log(help);
    Deno.exit(0);
  }
  return values as FlagValues<T>;
}
