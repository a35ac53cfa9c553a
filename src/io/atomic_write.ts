// Files that are either wholly old or wholly new: a crash or a full disk while
// saving must never leave half a checkpoint where a good one used to be, and
// the temporary file a killed save leaves behind goes at the next save.

/** How every temporary file ends, so that one ignore pattern (`*.partial`) covers them. */
export const TEMPORARY_SUFFIX = ".partial";

/**
 * A fresh temporary name beside `path`: `path.<12 hex digits>.partial`.
 *
 * @example
 * ```ts
 * import { temporaryPath } from "./atomic_write.ts";
 * import assert from "node:assert/strict";
 * assert.match(temporaryPath("out/model.ckpt"), /^out\/model\.ckpt\.[0-9a-f]{12}\.partial$/);
 * ```
 */
export function temporaryPath(path: string): string {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(6)))
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  return `${path}.${hex}${TEMPORARY_SUFFIX}`;
}

// A path's directory and file name, without node:path (mod.ts imports only its own files).
function splitPath(path: string): [string, string] {
  const at = Deno.build.os === "windows"
    ? Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"))
    : path.lastIndexOf("/");
  return at < 0 ? [".", path] : [path.slice(0, at + 1), path.slice(at + 1)];
}

/**
 * Removes the temporary files that interrupted writes of `path` left beside
 * it (this module's `path.<hex>.partial`, and the `path.tmp-<hex>` of earlier
 * versions). A temporary that a write still in progress holds locked stays;
 * nothing else is touched. Without permission to list the directory, nothing
 * is removed.
 *
 * @returns The paths removed.
 */
export async function removeStaleTemporaries(path: string): Promise<string[]> {
  const [dir, name] = splitPath(path);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(
    `^${escaped}\\.(?:[0-9a-f]{12}\\${TEMPORARY_SUFFIX}|tmp-[0-9a-f]{12})$`,
  );
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.isFile || !pattern.test(entry.name)) continue;
    const candidate = dir === "." ? entry.name : `${dir}${entry.name}`;
    let file: Deno.FsFile;
    try {
      file = await Deno.open(candidate, { read: true });
    } catch {
      continue;
    }
    try {
      // A live writer holds an exclusive lock until it has renamed its file.
      if (await file.tryLock(true)) {
        await Deno.remove(candidate);
        removed.push(candidate);
      }
    } catch {
      // Locks unsupported here, or the file went away: leave it to its writer.
    } finally {
      file.close();
    }
  }
  return removed;
}

/**
 * Writes `bytes` to `path` through a temporary file beside it, locked while
 * it is written, synced to disk and then renamed over `path`. Temporaries
 * that an earlier, interrupted write of `path` left are removed first (see
 * {@linkcode removeStaleTemporaries}). On failure the temporary file is
 * removed and the error Deno raised is rethrown (see {@linkcode fileProblem}).
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
  await removeStaleTemporaries(path);
  const temporary = temporaryPath(path);
  let file: Deno.FsFile | undefined;
  let renamed = false;
  try {
    file = await Deno.open(temporary, { write: true, createNew: true });
    await file.lock(true);
    for (let written = 0; written < bytes.length;) {
      written += await file.write(bytes.subarray(written));
    }
    await file.syncData();
    // Renamed while still locked: until then a cleaner must leave it alone.
    await Deno.rename(temporary, path);
    renamed = true;
  } catch (error) {
    if (file && !renamed) await Deno.remove(temporary).catch(() => {});
    throw error;
  } finally {
    file?.close();
  }
}

/**
 * A few words on why reading (`"load"`) or writing (`"save"`) a file failed.
 *
 * @example Deno refuses system paths without --allow-all, whatever else is granted
 * ```ts
 * import { fileProblem } from "./atomic_write.ts";
 * import assert from "node:assert/strict";
 *
 * const refused = new Deno.errors.NotCapable('Requires all access to "/proc/x", run again with the --allow-all flag');
 * assert.match(fileProblem(refused, "save"), /system path, which Deno writes only with --allow-all/);
 * assert.equal(fileProblem(new Deno.errors.NotFound("x"), "load"), "file not found");
 * ```
 */
export function fileProblem(error: unknown, action: "load" | "save"): string {
  if (error instanceof Deno.errors.NotFound) {
    return action === "load" ? "file not found" : "its directory does not exist";
  }
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.NotCapable) {
    const kind = /Requires (\w+) access/.exec(error.message)?.[1] ??
      (action === "load" ? "read" : "write");
    // Deno's own rule, not a missing flag: /proc, /sys and /dev need --allow-all.
    if (kind === "all") {
      return `it is a system path, which Deno ${
        action === "load" ? "reads" : "writes"
      } only with --allow-all (--allow-${action === "load" ? "read" : "write"} is not enough)`;
    }
    return `Deno lacks permission (run with --allow-${kind})`;
  }
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  if (error instanceof Deno.errors.NotADirectory) return "a part of its path is not a directory";
  return error instanceof Error ? error.message : String(error);
}
