// deno task freestyle — greedy continuation of a prompt by any saved model.
import {
  CheckpointError,
  EOS,
  freestyle,
  getBackend,
  LAB_MODELS,
  loadCheckpoint,
  restoreModel,
} from "../mod.ts";
import { numberFlag, parseTaskFlags, usageError } from "./common/flags.ts";

const HELP = `Usage: deno task freestyle --checkpoint FILE [--prompt "a a a b"] [--max-tokens N]

Loads a checkpoint written with --save by a training task and continues each
prompt greedily (unknown words become UNK; the chosen word is fed back) until
EOS or --max-tokens.
  --checkpoint FILE   the saved model (required)
  --prompt TEXT       words separated by spaces; repeat for several prompts
                      (default: the lab's five prompts)
  --max-tokens N      most words to generate (default 50)
  --backend NAME      wasm (default) or reference
  --json              one JSON line
  --help              show this text`;

const DEFAULT_PROMPTS = ["a a b", "a a a a b", "a a a a a a b", "a", "r n n"];

if (import.meta.main) {
  const values = parseTaskFlags("freestyle", Deno.args, {
    checkpoint: { type: "string" },
    prompt: { type: "string", multiple: true },
    "max-tokens": { type: "string" },
    backend: { type: "string" },
    json: { type: "boolean" },
  }, HELP);
  if (!values.checkpoint) usageError("freestyle", "--checkpoint FILE is required");
  const maxTokens = numberFlag(
    "freestyle",
    "max-tokens",
    values["max-tokens"],
    50,
    true,
    1,
    1_000_000,
  );
  const backendName = values.backend ?? "wasm";
  if (backendName !== "wasm" && backendName !== "reference") {
    usageError("freestyle", `--backend must be 'wasm' or 'reference', got '${backendName}'`);
  }
  const prompts = values.prompt?.length ? values.prompt : DEFAULT_PROMPTS;
  if (prompts.some((prompt) => prompt.trim() === "")) {
    usageError("freestyle", "a --prompt is empty");
  }
  try {
    const checkpoint = await loadCheckpoint(values.checkpoint);
    const { model, vocabulary } = restoreModel(
      checkpoint,
      getBackend(backendName),
      values.checkpoint,
      LAB_MODELS,
    );
    const results = prompts.map((prompt) =>
      freestyle(model, vocabulary, prompt.trim().split(/\s+/), { maxTokens, stopWord: EOS })
    );
    if (values.json) console.log(JSON.stringify({ kind: checkpoint.kind, results }));
    else {
      for (const result of results) {
        console.log(
          `['${result.seen.join("', '")}'] -> ${result.generated.join(" ")}${
            result.stopped ? "" : " …"
          }`,
        );
      }
    }
  } catch (error) {
    if (error instanceof CheckpointError) {
      console.error(`freestyle: ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
}
