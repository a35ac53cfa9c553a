// Files that are either wholly old or wholly new: a crash or a full disk while
// saving must never leave half a checkpoint where a good one used to be.

/**
 * Writes `bytes` to `path` through a temporary file beside it, synced to disk
 * and then renamed over `path`. On failure the temporary file is removed and
 * the error Deno raised is rethrown (see {@linkcode fileProblem}).
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from "./atomic_write.ts";
 * import assert from "node:assert/strict";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/a.bin`, new Uint8Array([1, 2, 3]));
 * assert.deepEqual(await Deno.readFile(`${dir}/a.bin`), new Uint8Array([1, 2, 3]));
 * assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["a.bin"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)))
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const temporary = `${path}.tmp-${suffix}`;
  let created = false;
  try {
    const file = await Deno.open(temporary, { write: true, createNew: true });
    created = true;
    try {
      for (let written = 0; written < bytes.length;) {
        written += await file.write(bytes.subarray(written));
      }
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(temporary, path);
  } catch (error) {
    if (created) await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/** A few words on why reading (`"load"`) or writing (`"save"`) a file failed. */
export function fileProblem(error: unknown, action: "load" | "save"): string {
  if (error instanceof Deno.errors.NotFound) {
    return action === "load" ? "file not found" : "its directory does not exist";
  }
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotCapable) {
    return `Deno lacks permission (run with --allow-${action === "load" ? "read" : "write"})`;
  }
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  if (error instanceof Deno.errors.NotADirectory) return "a part of its path is not a directory";
  return error instanceof Error ? error.message : String(error);
}
