// A save killed half-way leaves a temporary file whose name one .gitignore
// pattern covers, and the next save of the same file removes it — but not a
// temporary another save is still writing, nor anything else in the directory.
import assert from "node:assert/strict";
import { fileURLToPath, pathToFileURL } from "node:url";
import { removeStaleTemporaries, writeFileAtomic } from "../../src/io/atomic_write.ts";

const moduleUrl = new URL("../../src/io/atomic_write.ts", import.meta.url).href;
const names = (dir: string) => [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();

/** Whether a pattern of the repository's .gitignore (one without a slash) matches `name`. */
function ignored(name: string): boolean {
  const gitignore = Deno.readTextFileSync(
    fileURLToPath(new URL("../../.gitignore", import.meta.url)),
  );
  return gitignore.split("\n").map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#") && !line.includes("/"))
    .some((glob) =>
      new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(name)
    );
}

Deno.test("a save killed before its rename leaves one temporary, ignored by git, that the next save removes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const target = `${dir}/model.ckpt`;
    await Deno.writeTextFile(target, "the good checkpoint");
    // A writer that stops for ever just before its data reaches the disk.
    const script = `${dir}/slow_save.ts`;
    await Deno.writeTextFile(
      script,
      `import { writeFileAtomic } from "${moduleUrl}";
      Deno.FsFile.prototype.syncData = () => {
        console.log("writing");
        setInterval(() => {}, 1000);
        return new Promise(() => {});
      };
      await writeFileAtomic(${JSON.stringify(target)}, new Uint8Array(4096).fill(7));`,
    );
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", pathToFileURL(script).href],
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let said = "";
    while (!said.includes("writing")) {
      const { value, done } = await reader.read();
      if (done) break;
      said += value;
    }
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel();
    const left = names(dir).filter((name) => name.startsWith("model.ckpt."));
    assert.equal(left.length, 1, `expected one temporary, found ${left}`);
    assert.match(left[0], /^model\.ckpt\.[0-9a-f]{12}\.partial$/);
    assert.ok(ignored(left[0]), `.gitignore does not cover ${left[0]}`);
    assert.equal(await Deno.readTextFile(target), "the good checkpoint");
    await writeFileAtomic(target, new TextEncoder().encode("the next checkpoint"));
    assert.deepEqual(names(dir), ["model.ckpt", "slow_save.ts"]);
    assert.equal(await Deno.readTextFile(target), "the next checkpoint");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a save removes only its own file's stale temporaries, not one a live save holds", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const stale = ["m.ckpt.0123456789ab.partial", "m.ckpt.tmp-0123456789ab"];
    const kept = ["m.ckpt.notes", "n.ckpt.0123456789ab.partial", "m.ckpt.0123456789ab.partial.txt"];
    for (const name of [...stale, ...kept]) await Deno.writeTextFile(`${dir}/${name}`, "");
    // A temporary that another save is writing: open and locked, as writeFileAtomic holds it.
    const live = "m.ckpt.ba9876543210.partial";
    const held = await Deno.open(`${dir}/${live}`, { write: true, createNew: true });
    await held.lock(true);
    try {
      const removed = await removeStaleTemporaries(`${dir}/m.ckpt`);
      assert.deepEqual(removed.map((path) => path.slice(dir.length + 1)).sort(), stale.sort());
      assert.deepEqual(names(dir), [...kept, live].sort());
    } finally {
      held.close();
    }
    await writeFileAtomic(`${dir}/m.ckpt`, new Uint8Array([1]));
    assert.deepEqual(names(dir), [...kept, "m.ckpt"].sort());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
