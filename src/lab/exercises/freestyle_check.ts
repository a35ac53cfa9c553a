// Exercise F's checks: freestyle against the library's freestyle on a model
// whose next word depends on everything it was fed, so that feeding too
// little, too much or the wrong tokens shows in what it generates.
import type { Backend } from "../../core/backend.ts";
import { Vocabulary } from "../../data/vocabulary.ts";
import { freestyle as libraryFreestyle } from "../../generate/freestyle.ts";
import type { SequenceModel } from "../../models/model.ts";
import type { CheckContext } from "./context.ts";
import { call, exported, identify } from "./diagnosis.ts";
import type { Grading } from "./verdict.ts";

const WORDS = ["a", "b", "EOS", "UNK"];
const WORD_TO_IDX: Record<string, number> = Object.fromEntries(WORDS.map((w, i) => [w, i]));

interface FakeState {
  fed: number[];
  tensors: never[];
}

// The next word is a function of every token fed so far; after `stopAfter`
// tokens it says EOS (never, when stopAfter is Infinity). Records every feed.
function fakeModel(stopAfter: number) {
  const log = { states: 0, feeds: [] as unknown[] };
  const model = {
    backend: { free() {} } as unknown as Backend,
    createState(): FakeState {
      log.states++;
      return { fed: [], tensors: [] };
    },
    step(state: FakeState, token: number): Float64Array {
      log.feeds.push(token);
      state.fed.push(token);
      const p = new Float64Array(4).fill(0.1);
      if (!Number.isInteger(token) || token < 0 || token > 3) return p.fill(NaN);
      const score = state.fed.reduce((s, t, i) => s + (t + 1) * (i + 2), 0);
      p[state.fed.length >= stopAfter ? 2 : score % 2] = 0.7;
      return p;
    },
  };
  return { model, log };
}

function expected(prompt: string[], stopAfter: number, maxLength: number): string[] {
  const { model } = fakeModel(stopAfter);
  return libraryFreestyle(model as unknown as SequenceModel, new Vocabulary(WORDS), prompt, {
    stopWord: "EOS",
    maxTokens: maxLength,
  }).generated;
}

type Freestyle = (
  model: ReturnType<typeof fakeModel>["model"],
  prompt: string[],
  wordToIdx: Record<string, number>,
  idxToWord: string[],
  maxLength?: number,
) => unknown;

const text = (words: unknown) => {
  if (!Array.isArray(words)) return String(words);
  const shown = words.slice(0, 10).map((w) => `'${w}'`).join(", ");
  return words.length > 10 ? `[${shown}, … (${words.length} words)]` : `[${shown}]`;
};

/** The checks of exercise F. */
export function checkFreestyle(ctx: CheckContext, g: Grading): void {
  const freestyle = exported<Freestyle>(g, ctx.module, ctx.file, "freestyle");
  const cases: [string[], number, number][] = [
    [["a", "a", "b"], 7, 50],
    [["r", "n", "n"], 6, 50],
    [["a", "b"], Infinity, 7],
  ];
  for (const [prompt, stopAfter, maxLength] of cases) {
    const check = `freestyle(${text(prompt)}, maxLength ${maxLength})`;
    const { model, log } = fakeModel(stopAfter);
    const got = call(
      g,
      check,
      "freestyle",
      () => freestyle(model, [...prompt], { ...WORD_TO_IDX }, [...WORDS], maxLength),
    );
    const want = expected(prompt, stopAfter, maxLength);
    if (Array.isArray(got) && got.join(" ") === want.join(" ")) continue;
    const words = Array.isArray(got) ? got : [];
    const unknown = log.feeds.find((token) =>
      !(Number.isInteger(token) && (token as number) >= 0 && (token as number) < 4)
    );
    g.fail({
      check,
      message: `it generated ${text(got)}; expected ${text(want)}`,
      diagnosis: identify([
        {
          test: () =>
            unknown !== undefined ||
            prompt.includes("r") && !log.feeds.slice(0, 3).every((t) => t === 3),
          diagnosis: {
            key: "unknown-not-unk",
            title: `an unknown prompt word is fed as ${
              String(unknown ?? "something other than UNK")
            }`,
            explanation:
              "'r' and 'n' are not in the vocabulary: wordToIdx['r'] is undefined. Feed wordToIdx['UNK'] for a word the vocabulary lacks.",
          },
        },
        {
          test: () => log.states !== 1,
          diagnosis: {
            key: "state-per-step",
            title: `createState() was called ${log.states} times`,
            explanation:
              "One state carries the whole prompt and continuation: create it once, then feed every token into it.",
          },
        },
        {
          test: () => want.at(-1) === "EOS" && words.join(" ") === want.slice(0, -1).join(" "),
          diagnosis: {
            key: "eos-dropped",
            title: "the final EOS is left out",
            explanation: "The generated words include the EOS that ended them (the lab prints it).",
          },
        },
        {
          test: () => log.feeds.length === prompt.length && words.length > 1,
          diagnosis: {
            key: "no-feedback",
            title: "the generated words are not fed back in",
            explanation:
              "After choosing a word, give it to model.step: the next prediction must see it, or every step repeats the first guess.",
          },
        },
        {
          test: () => Math.abs(words.length - want.length) === 1 && !want.includes("EOS"),
          diagnosis: {
            key: "max-length-off-by-one",
            title: `${words.length} words where maxLength allows ${maxLength}`,
            explanation: "Generate until maxLength words (or EOS), exactly.",
          },
        },
      ]),
    });
  }
  g.pass(
    "freestyle feeds the prompt (unknown words as UNK), then its own greedy choices, until EOS",
  );
  g.pass("freestyle stops after maxLength words when no EOS comes");
}
