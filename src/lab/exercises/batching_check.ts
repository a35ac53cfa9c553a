// Exercise G's checks: makeBatch and makeBatches against the library's
// (src/models/sequence_batch.ts), and the usual layout and padding mistakes.
import {
  makeBatch as libraryBatch,
  makeBatches as libraryBatches,
  type SequenceBatch,
} from "../../models/sequence_batch.ts";
import type { CheckContext } from "./context.ts";
import { call, exported, identify, isNumbers } from "./diagnosis.ts";
import type { Grading } from "./verdict.ts";

type Sequence = { inputs: number[]; targets: number[] };
type Batch = {
  steps: number;
  size: number;
  inputs: ArrayLike<number>;
  targets: ArrayLike<number>;
  lengths: number[];
};

const SEQUENCES: Sequence[] = [
  { inputs: [0, 0, 1], targets: [0, 1, 2] },
  { inputs: [0], targets: [2] },
  { inputs: [0, 0, 1, 1], targets: [0, 1, 1, 2] },
];

const encoded = (s: Sequence) => ({
  words: [],
  inputs: Int32Array.from(s.inputs),
  targets: Int32Array.from(s.targets),
});
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => v === b[i]);

function batchMajor(sequences: Sequence[], pad: number): number[][] {
  const steps = Math.max(...sequences.map((s) => s.inputs.length));
  return ["inputs", "targets"].map((field) =>
    sequences.flatMap((s) =>
      Array.from({ length: steps }, (_, t) => s[field as "inputs"][t] ?? pad)
    )
  );
}

function compareBatch(
  g: Grading,
  check: string,
  got: unknown,
  want: SequenceBatch,
  sequences: Sequence[],
): void {
  const b = got as Batch;
  if (typeof got !== "object" || got === null || !isNumbers(b.inputs) || !isNumbers(b.targets)) {
    g.fail({ check, message: "it must return { steps, size, inputs, targets, lengths }" });
  }
  if (b.steps !== want.steps || b.size !== want.size) {
    g.fail({
      check,
      message:
        `steps ${b.steps} and size ${b.size}; expected steps ${want.steps} (the longest sequence) and size ${want.size}`,
    });
  }
  if (
    same(b.inputs, want.inputs) && same(b.targets, want.targets) &&
    same(b.lengths ?? [], want.lengths)
  ) return;
  const [majorInputs, majorTargets] = batchMajor(sequences, -1);
  const zeroPadded = (field: "inputs" | "targets") =>
    Array.from(want[field], (v) => (v === -1 ? 0 : v));
  g.fail({
    check,
    message: `inputs [${Array.from(b.inputs).join(", ")}], targets [${
      Array.from(b.targets).join(", ")
    }]; expected inputs [${Array.from(want.inputs).join(", ")}], targets [${
      Array.from(want.targets).join(", ")
    }], lengths [${want.lengths.join(", ")}]`,
    diagnosis: identify([
      {
        test: () => same(b.inputs, majorInputs) && same(b.targets, majorTargets),
        diagnosis: {
          key: "batch-major",
          title: "batch-major: sequence b's steps are contiguous (row b·T + t)",
          explanation:
            "The batch is time-major — row t·B + b — so that step t of every sequence sits together and one matrix product advances all B sequences at once.",
        },
      },
      {
        test: () => same(b.inputs, zeroPadded("inputs")) || same(b.targets, zeroPadded("targets")),
        diagnosis: {
          key: "pad-with-zero",
          title: "padded with 0, which is the word 'a'",
          explanation:
            "Pad with PAD = −1: a target of −1 adds nothing to the loss, a target of 0 trains the model to say 'a'.",
        },
      },
      {
        test: () => same(b.inputs, want.inputs) && same(b.targets, want.targets),
        diagnosis: {
          key: "lengths",
          title: `lengths is [${b.lengths}]`,
          explanation: "lengths holds each sequence's own number of steps, in the batch's order.",
        },
      },
    ]),
  });
}

/** The checks of exercise G. */
export function checkBatching(ctx: CheckContext, g: Grading): void {
  const makeBatch = exported<(s: Sequence[]) => unknown>(g, ctx.module, ctx.file, "makeBatch");
  const makeBatches = exported<(s: Sequence[], size: number) => unknown>(
    g,
    ctx.module,
    ctx.file,
    "makeBatches",
  );
  const check = "makeBatch of sequences of 3, 1 and 4 steps";
  const got = call(g, check, "makeBatch", () => makeBatch(SEQUENCES.map((s) => ({ ...s }))));
  compareBatch(g, check, got, libraryBatch(SEQUENCES.map(encoded)), SEQUENCES);
  g.pass("makeBatch pads to the longest sequence with −1 and interleaves time-major (row t·B + b)");
  const five = [...SEQUENCES, SEQUENCES[0], SEQUENCES[1]];
  const batchesCheck = "makeBatches of 5 sequences, batchSize 2";
  const batches = call(
    g,
    batchesCheck,
    "makeBatches",
    () => makeBatches(five.map((s) => ({ ...s })), 2),
  );
  const want = libraryBatches(five.map(encoded), 2);
  if (!Array.isArray(batches) || batches.length !== want.length) {
    g.fail({
      check: batchesCheck,
      message: `it made ${
        Array.isArray(batches) ? batches.length : "no list of"
      } batches; expected ${want.length} (2, 2, 1)`,
      diagnosis: Array.isArray(batches) && batches.length === 2
        ? {
          key: "last-batch-dropped",
          title: "the last, smaller batch is dropped",
          explanation:
            "Every sequence trains: 5 sequences in batches of 2 are 2 + 2 + 1 (the lab's 204 in 32s: six of 32 and one of 12).",
        }
        : undefined,
    });
  }
  want.forEach((batch, i) =>
    compareBatch(g, `${batchesCheck}, batch ${i}`, batches[i], batch, five.slice(2 * i, 2 * i + 2))
  );
  g.pass(
    "makeBatches cuts the sequences in order into batches of at most batchSize, the last one smaller",
  );
}
