/**
 * The formal languages of the counting study (exercise N): aⁿbⁿ, aⁿbⁿcⁿ,
 * aⁿbᵐcⁿ⁺ᵐ, Dyck-1 and Dyck-2, each with its legal next words.
 *
 * @module
 */
export type { FormalLanguage } from "./language.ts";
export { anbmcnm, anbn, anbncn } from "./counting.ts";
export { dyck1, dyck2 } from "./dyck.ts";
export { languageByName, LANGUAGES } from "./registry.ts";
