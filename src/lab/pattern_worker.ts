// A worker of the counting study (runPatternStudy): receives one run at a
// time (the language by name, since functions do not cross threads), trains
// and tests it on its own backend, and posts progress and the result back.
import { getBackend } from "../backends/get_backend.ts";
import { languageByName } from "./data/languages/mod.ts";
import { type PatternConfig, runPattern } from "./patterns.ts";

/** One job as the study sends it. */
export interface PatternJob {
  index: number;
  backend: "wasm" | "reference";
  config: Omit<PatternConfig, "language"> & { language: string };
}

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<PatternJob>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = ({ data: { index, backend, config } }) => {
  try {
    const result = runPattern(
      // The other workers have the other cores.
      getBackend(backend, 1),
      { ...config, language: languageByName(config.language) },
      (report) => scope.postMessage({ kind: "epoch", index, epoch: report.epoch }),
    );
    scope.postMessage({ kind: "result", index, result });
  } catch (error) {
    scope.postMessage({ kind: "error", index, message: (error as Error).message ?? String(error) });
  }
};
