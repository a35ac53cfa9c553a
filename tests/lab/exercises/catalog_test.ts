// The exercises' catalog holds together: every exercise has a blank and a
// solution exporting the functions it lists, names accepted by the task
// resolve, hints come graded, and every pointer into the library's source
// finds the function it names.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { EXERCISES, findExercise, sourceExcerpt } from "../../../src/lab/exercises/mod.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

Deno.test("each exercise's blank and solution export exactly the functions the catalog lists", async () => {
  assert.deepEqual(EXERCISES.map((e) => e.name), [
    "0",
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "G",
    "H–I",
    "J",
    "K–L",
    "M",
  ]);
  for (const exercise of EXERCISES) {
    for (const folder of ["exercises/.blanks", "tests/fixtures/exercises/solutions"]) {
      const module = await import(`file://${ROOT}${folder}/${exercise.file}`);
      const functions = Object.keys(module).filter((name) => typeof module[name] === "function");
      assert.deepEqual(
        functions.sort(),
        [...exercise.exports].sort(),
        `${folder}/${exercise.file}`,
      );
    }
    assert.ok(exercise.hints.length >= 3, `${exercise.id}: three hints or more`);
  }
});

Deno.test("every name the task accepts finds its exercise: ids, the lab's letters, aliases and file names", () => {
  for (const exercise of EXERCISES) {
    for (
      const name of [exercise.id, exercise.id.toUpperCase(), ...exercise.aliases, exercise.file]
    ) {
      assert.equal(findExercise(name)?.id, exercise.id, name);
    }
  }
  assert.equal(findExercise("i")?.id, "hi");
  assert.equal(findExercise("K")?.id, "kl");
});

Deno.test("every solution pointer names a function, method or constant that its library file has", async () => {
  for (const exercise of EXERCISES) {
    for (const ref of exercise.solution) {
      const source = await Deno.readTextFile(`${ROOT}${ref.file}`);
      const excerpt = sourceExcerpt(source, ref.symbol);
      assert.ok(excerpt, `${exercise.id}: ${ref.file} has no ${ref.symbol}`);
      const name = ref.symbol.split(".").at(-1)!;
      assert.match(
        excerpt.split("\n").find((line) => !/^\s*(\/\/|\/\*\*|\*)/.test(line))!,
        new RegExp(name),
      );
      assert.match(excerpt.trimEnd(), /}\)?;?$/, `${ref.symbol} is cut at its closing brace`);
    }
  }
});
