import { checkExercise, EXERCISES, formatVerdict } from "../src/lab/exercises/mod.ts";
const SOL = new URL("./fixtures/exercises/solutions/", import.meta.url).pathname;
const MIS = new URL("./fixtures/exercises/mistakes/", import.meta.url).pathname;
for (const mistake of [...Deno.readDirSync(MIS)].map((e) => e.name).sort()) {
  const ex = EXERCISES.find((e) => mistake.startsWith(`${e.id}_`))!;
  const v = await checkExercise(ex, (f) => import(`file://${f === ex.file ? MIS + mistake : SOL + f}`));
  console.log(`##### ${mistake}\n` + formatVerdict(v).filter((l) => !l.includes("✓")).join("\n"));
}
