// What a task writes — plots, checkpoints, exported weights — is checked before
// the work that produces it: a path that cannot be written should cost one
// line at the start, not a stack trace after minutes of training.
import { dirname } from "node:path";
import { fileProblem, writeFileAtomic } from "../../src/io/atomic_write.ts";
import { usageError } from "./flags.ts";

function fail(task: string, message: string): never {
  console.error(`${task}: ${message}`);
  Deno.exit(1);
}

function writable(path: string): boolean {
  return Deno.permissions.querySync({ name: "write", path }).state === "granted";
}

// The file's information, or undefined when there is nothing at `path`.
async function statIfExists(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Makes the directory `--flag` names (with its parents), or ends the task with one line. */
export async function prepareDirectory(task: string, flag: string, dir: string): Promise<void> {
  if (dir.trim() === "") usageError(task, `--${flag} needs a directory name`);
  if (!writable(dir)) {
    fail(
      task,
      `cannot write to --${flag} '${dir}': Deno lacks permission (run with --allow-write)`,
    );
  }
  let problem: string | undefined;
  try {
    const existing = await statIfExists(dir);
    if (existing && !existing.isDirectory) problem = "it is a file, not a directory";
    else await Deno.mkdir(dir, { recursive: true });
  } catch (error) {
    problem = fileProblem(error, "save");
  }
  if (problem) fail(task, `cannot write to --${flag} '${dir}': ${problem}`);
}

/**
 * Ends the task with one line unless a file can be written at `path`: not a
 * directory, its directory there, and write permission granted.
 */
export async function checkWritableFile(task: string, flag: string, path: string): Promise<void> {
  if (path.trim() === "") usageError(task, `--${flag} needs a file name`);
  const problem = async (): Promise<string | undefined> => {
    if (!writable(path)) return "Deno lacks permission (run with --allow-write)";
    try {
      const target = await statIfExists(path);
      if (target?.isDirectory) return "it is a directory";
      const parent = await statIfExists(dirname(path));
      if (!parent) return "its directory does not exist";
      if (!parent.isDirectory) return "a part of its path is not a directory";
    } catch (error) {
      return fileProblem(error, "save");
    }
    return undefined;
  };
  const reason = await problem();
  if (reason) fail(task, `cannot write --${flag} '${path}': ${reason}`);
}

/** Writes a task's output file atomically, or ends the task with one line. */
export async function writeOutput(task: string, path: string, data: string | Uint8Array) {
  try {
    await writeFileAtomic(path, typeof data === "string" ? new TextEncoder().encode(data) : data);
  } catch (error) {
    fail(task, `cannot write '${path}': ${fileProblem(error, "save")}`);
  }
}
