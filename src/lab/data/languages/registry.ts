// The languages of the counting study, by name, in the order reports list them.
import { anbmcnm, anbn, anbncn } from "./counting.ts";
import { dyck1, dyck2 } from "./dyck.ts";
import type { FormalLanguage } from "./language.ts";

/**
 * Every language, in the order reports list them.
 *
 * @example Each language's samples end with EOS and are legal at every step
 * ```ts
 * import { LANGUAGES } from "./registry.ts";
 * import { NumpyRandom } from "../../../data/numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * for (const language of LANGUAGES) {
 *   const words = language.sample(new NumpyRandom(0), 3);
 *   assert.equal(words.at(-1), "EOS");
 *   language.legalNext(words).forEach((legal, t) => assert.ok(legal.has(words[t + 1])));
 * }
 * ```
 */
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
