// Reading a corpus from disk: the bytes, or one error naming the file and
// what is wrong with it (missing, a directory, unreadable, empty).
import { fileProblem } from "./atomic_write.ts";

/** Thrown when a text file cannot be used; the message names the file. */
export class TextFileError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`Cannot read '${path}': ${problem}`);
    this.name = "TextFileError";
  }
}

/**
 * The bytes of `path`, at least one of them.
 *
 * @example A missing file is one line naming it
 * ```ts
 * import { readTextBytes } from "./text_file.ts";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(readTextBytes("no/such.txt"), /Cannot read 'no\/such.txt': file not found/);
 * ```
 */
export async function readTextBytes(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) throw new TextFileError(path, "it is a directory, not a text file");
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof TextFileError) throw error;
    throw new TextFileError(path, fileProblem(error, "load"));
  }
  if (bytes.length === 0) throw new TextFileError(path, "the file is empty");
  return bytes;
}
