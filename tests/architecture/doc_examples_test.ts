// Every value mod.ts exports — function, class, constant, namespace — carries
// a running @example in its JSDoc (deno test --doc runs them all); types and
// interfaces are described, not run.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const mod = fileURLToPath(new URL("../../mod.ts", import.meta.url));

interface DocSymbol {
  name: string;
  declarations: { kind: string; jsDoc?: { tags?: { kind: string }[] } }[];
}

Deno.test("every value mod.ts exports has a running @example", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", mod],
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const doc = JSON.parse(new TextDecoder().decode(stdout));
  const symbols: DocSymbol[] =
    Object.values(doc.nodes as Record<string, { symbols: DocSymbol[] }>)[0]
      .symbols;
  assert.ok(symbols.length > 100, `only ${symbols.length} exports found`);
  const missing = symbols.filter((symbol) =>
    symbol.declarations.some((d) => !["interface", "typeAlias"].includes(d.kind)) &&
    !symbol.declarations.some((d) => d.jsDoc?.tags?.some((tag) => tag.kind === "example"))
  ).map((symbol) => symbol.name);
  assert.deepEqual(missing, []);
});
