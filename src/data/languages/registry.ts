// The languages of the counting study, by name, in the order reports list them.
import { anbmcnm, anbn, anbncn } from "./counting.ts";
import { dyck1, dyck2 } from "./dyck.ts";
import type { FormalLanguage } from "./language.ts";

/** Every language, in the order reports list them. */
export const LANGUAGES: readonly FormalLanguage[] = [anbn, anbncn, anbmcnm, dyck1, dyck2];

/**
 * The language called `name`, or a RangeError listing the names there are.
 *
 * @example
 * ```ts
 * import { languageByName } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(languageByName("anbncn").title, "aⁿbⁿcⁿ");
 * assert.throws(() => languageByName("abc"), /choose one of anbn, anbncn/);
 * ```
 */
export function languageByName(name: string): FormalLanguage {
  const language = LANGUAGES.find((candidate) => candidate.name === name);
  if (!language) {
    throw new RangeError(
      `Unknown language '${name}': choose one of ${LANGUAGES.map((l) => l.name).join(", ")}`,
    );
  }
  return language;
}
