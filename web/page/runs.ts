// Words with runs written as powers, as the lab writes its strings: a a a b → "a³ b".

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** Words with runs written as powers: a a a b → "a³ b". */
export function runs(words: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    let j = i;
    while (j < words.length && words[j] === words[i]) j++;
    const count = j - i;
    const power = count > 1 ? [...String(count)].map((d) => SUPERSCRIPT[Number(d)]).join("") : "";
    out.push(words[i] + power);
    i = j;
  }
  return out.join(" ");
}
