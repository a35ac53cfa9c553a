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
 * The number a flag holds, `fallback` when it is absent; anything else than a
 * number (an integer, if asked) ≥ `minimum` ends in {@linkcode usageError}.
 */
export function numberFlag(
  task: string,
  flag: string,
  text: string | undefined,
  fallback: number,
  integer: boolean,
  minimum: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (
    text.trim() === "" || !Number.isFinite(value) || (integer && !Number.isInteger(value)) ||
    value < minimum
  ) {
    usageError(
      task,
      `--${flag} must be ${integer ? "an integer" : "a number"} ≥ ${minimum}, got '${text}'`,
    );
  }
  return value;
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
      args,
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
