// The student's RNN and LSTM, wrapped as SequenceModels, train exactly as the
// library's models do when the student's code is right: the library's own
// solutions, written as the exercises ask, reproduce the library's runs.
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../../mod.ts";
import {
  type LabConfig,
  LSTM_LAB_DEFAULTS,
  RNN_LAB_DEFAULTS,
  runLab,
} from "../../../src/lab/experiment.ts";
import { LSTM } from "../../../src/lab/models/lstm.ts";
import { RNN } from "../../../src/lab/models/rnn.ts";
import {
  studentLstm,
  type StudentLstmFunctions,
  studentRnn,
  type StudentRnnFunctions,
} from "../../../src/lab/exercises/mod.ts";
import * as rnnForward from "../../fixtures/exercises/solutions/c_rnn_forward.ts";
import * as rnnBackward from "../../fixtures/exercises/solutions/d_rnn_backward.ts";
import * as lstmForward from "../../fixtures/exercises/solutions/hi_lstm_forward.ts";
import * as lstmBackward from "../../fixtures/exercises/solutions/j_lstm_backward.ts";

const backend = createReferenceBackend();
const rnnCode = { ...rnnForward, ...rnnBackward } as unknown as StudentRnnFunctions;
const lstmCode = { ...lstmForward, ...lstmBackward } as unknown as StudentLstmFunctions;

function both(config: LabConfig, kind: "rnn" | "lstm") {
  const run = (student: boolean) =>
    runLab(
      backend,
      config,
      (b, vocabularySize, random) => {
        const sizes = { vocabularySize, hiddenSize: config.hiddenSize };
        const model = student
          ? kind === "rnn" ? studentRnn(b, sizes, rnnCode) : studentLstm(b, sizes, lstmCode)
          : kind === "rnn"
          ? new RNN(b, sizes)
          : new LSTM(b, sizes);
        model.initialize(random);
        return model;
      },
      {},
      { extrapolate: [12] },
    );
  return { student: run(true), library: run(false) };
}

function assertSameRun({ student, library }: ReturnType<typeof both>, tolerance: number) {
  student.history.forEach((epoch, i) => {
    const reference = library.history[i];
    for (const key of ["trainLoss", "validationLoss", "meanGradientNorm"] as const) {
      assert.ok(
        Math.abs(epoch[key] - reference[key]) <= tolerance * Math.abs(reference[key]),
        `epoch ${i + 1} ${key}: ${epoch[key]} against ${reference[key]}`,
      );
    }
  });
  for (const split of ["train", "validation", "test"] as const) {
    const [a, b] = [student.metrics[split], library.metrics[split]];
    assert.ok(Math.abs(a.meanTokenNll - b.meanTokenNll) <= tolerance, split);
    assert.equal(a.deterministicAccuracy, b.deterministicAccuracy, split);
  }
  assert.deepEqual(student.freestyle, library.freestyle);
  assert.deepEqual(student.extrapolation, library.extrapolation);
}

// 80 of the lab's sequences keep these fast; the task test runs the lab's whole data set.
const SMALL = { sequences: 80 };

Deno.test("the student's LSTM (the solutions of H–I and J) trains as the library's LSTM: 3 epochs agree to 1e-12", () => {
  assertSameRun(both({ ...LSTM_LAB_DEFAULTS, ...SMALL, epochs: 3 }, "lstm"), 1e-12);
});

Deno.test("the student's RNN (the solutions of C and D) trains as the library's RNN: 5 epochs agree to 1e-12", () => {
  assertSameRun(both({ ...RNN_LAB_DEFAULTS, ...SMALL, epochs: 5 }, "rnn"), 1e-12);
});

Deno.test("the student's models take padded batches: --batch-size 16 gives the library's batched run", () => {
  assertSameRun(
    both({ ...LSTM_LAB_DEFAULTS, ...SMALL, epochs: 2, batchSize: 16, lr: 0.5 }, "lstm"),
    1e-9,
  );
});

Deno.test("a student's backward that returns the wrong shapes is refused in words", () => {
  const model = studentRnn(backend, { vocabularySize: 4, hiddenSize: 3 }, {
    ...rnnCode,
    rnnBackward: () => ({ U: new Float64Array(2) }),
  });
  model.forward({
    steps: 1,
    size: 1,
    inputs: Int32Array.of(0),
    targets: Int32Array.of(1),
    lengths: [1],
  });
  assert.throws(() => model.backward(), /returned 2 values for U, which has 12/);
});
