// One way to run the AssemblyScript compiler from a task: in memory, the
// source read from disk, the binary handed back instead of written.

/** Compiles the AssemblyScript file `entry` with the compiler flags `flags`; returns the wasm. */
export async function compileAssemblyScript(entry: string, flags: string[]): Promise<Uint8Array> {
  // Imported here, not at the top: the compiler reads the environment as it
  // loads, and a task's --help should not need that permission.
  const { default: asc } = await import("assemblyscript/asc");
  let binary: Uint8Array | undefined;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([entry, "--outFile", "out.wasm", ...flags], {
    stderr,
    readFile: async (name: string, baseDir: string) => {
      try {
        return await Deno.readTextFile(`${baseDir}/${name}`);
      } catch {
        return null;
      }
    },
    writeFile: (name: string, contents: Uint8Array | string) => {
      if (name.endsWith(".wasm") && typeof contents !== "string") binary = contents;
    },
    listFiles: () => [],
  });
  if (error || !binary) {
    throw new Error(`AssemblyScript failed (${entry} ${flags.join(" ")}):\n${stderr.toString()}`);
  }
  return binary;
}
