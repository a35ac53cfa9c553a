// The README's side-by-side table of PyTorch and the nn API, taken from
// README.md and run as written: construction rows once, the per-step rows as
// a loop over one a^n b^n sequence, importing mod.ts by URL as a user would.
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { readmeText, ROOT, tableRows } from "./readme_text.ts";

/** The right-hand column's statements, one row per entry. */
function toolkitRows(): string[] {
  return tableRows(readmeText(), "PyTorch (the lab)").map((cells) => {
    const code = /`([^`]+)`/.exec(cells[1]);
    if (!code) throw new Error(`a row of the nn table has no code: ${cells.join(" | ")}`);
    return code[1];
  });
}

const perStep = (row: string) => /\.(forward|backward|zeroGrad|step)\(/.test(row);

Deno.test("the README's nn table, copied as it stands and run as a loop, lowers the loss", async () => {
  const rows = toolkitRows();
  const names = new Set(
    rows.flatMap((row) => row.split(";").map((s) => /^\s*(\w+) =/.exec(s)?.[1]))
      .filter((name): name is string => name !== undefined),
  );
  // a a a b b b EOS with a = 0, b = 1, EOS = 2 (vocabulary of 4, as the table's sizes).
  const inputs = [0, 0, 0, 1, 1, 1], targetsList = [0, 0, 1, 1, 1, 2];
  const oneHot = inputs.flatMap((token) => [0, 1, 2, 3].map((k) => (k === token ? 1 : 0)));
  const script = `
    import { getBackend, nn } from "${pathToFileURL(`${ROOT}mod.ts`).href}";
    const backend = getBackend("wasm");
    const batch = 1;
    const x = backend.tensor([${inputs.length}, 4], [${oneHot.join(", ")}]);
    const targets = [${targetsList.join(", ")}];
    let ${[...names].join(", ")};
    ${rows.filter((row) => !perStep(row)).join(";\n    ")};
    export const losses = [];
    for (let step = 0; step < 20; step++) {
      ${rows.filter(perStep).join(";\n      ")};
      losses.push(l);
    }
  `;
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/readme_table.js`;
    await Deno.writeTextFile(path, script);
    const { losses } = await import(pathToFileURL(path).href) as { losses: number[] };
    assert.equal(losses.length, 20);
    const [first, last] = [losses[0], losses[19]];
    assert.ok(Math.abs(first - Math.log(4)) < 0.2, `the first loss ${first} is not near ln 4`);
    assert.ok(last < 0.7 * first, `the loss went from ${first} to ${last} in 20 steps:\n${losses}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
