// The grader's plain Float64 models — the witnesses for hidden states and
// gates, and, with a mistake switched on, its suspects — equal the library's
// own models when no mistake is switched on; every switch changes the result.
import assert from "node:assert/strict";
import { assertClose } from "../../helpers/assert_close.ts";
import { flat } from "../../../src/lab/exercises/diagnosis.ts";
import {
  libraryGruStep,
  libraryLstm,
  libraryRnn,
} from "../../../src/lab/exercises/library_expected.ts";
import { lstmProbe } from "../../../src/lab/exercises/lstm_forward_check.ts";
import {
  type LabDefects,
  LSTM_ARRAY_NAMES,
  plainLstmBackward,
  plainLstmForward,
} from "../../../src/lab/exercises/plain_lstm.ts";
import {
  plainRnnBackward,
  plainRnnForward,
  type RnnArrays,
} from "../../../src/lab/exercises/plain_rnn.ts";
import { plainGruBackward, plainGruForward } from "../../../src/lab/exercises/plain_gru.ts";
import { rnnProbe } from "../../../src/lab/exercises/rnn_forward_check.ts";
import { probeArray, probeRandom } from "../../../src/lab/exercises/diagnosis.ts";

const TIGHT = { atol: 1e-14, rtol: 1e-12 };

Deno.test("plainRnnForward and plainRnnBackward equal the library's RNN (loss, probabilities, all five gradients)", () => {
  for (const targets of [[1, 1, 0, 2, 1, 3], [1, -1, -1, -1, -1, 2]]) {
    const probe = rnnProbe(3, [0, 1, 1, 0, 2, 3], targets);
    const forward = plainRnnForward(probe.params, probe.inputs, probe.targets);
    const library = libraryRnn(probe.params, probe.inputs, probe.targets);
    assertClose([forward.loss], [library.loss], TIGHT, "loss");
    assertClose(flat(forward.probabilities), library.probabilities, TIGHT, "probabilities");
    const grads = plainRnnBackward(probe.params, probe.inputs, probe.targets, forward);
    for (const name of Object.keys(grads) as (keyof RnnArrays)[]) {
      assertClose(grads[name], library.grads[name], TIGHT, `d${name}`);
    }
  }
});

Deno.test("plainLstmForward and plainLstmBackward equal the library's LSTM; each of the lab's defects changes the gradients", () => {
  const params = lstmProbe(5);
  const inputs = [0, 0, 1, 3, 1, 2], targets = [0, 1, 1, 2, 0, 3];
  const cache = plainLstmForward(params, inputs, targets);
  const library = libraryLstm(params, inputs, targets);
  assertClose([cache.loss], [library.loss], TIGHT, "loss");
  assertClose(flat(cache.probabilities), library.probabilities, TIGHT, "probabilities");
  const grads = plainLstmBackward(cache, targets, params);
  for (const name of LSTM_ARRAY_NAMES) {
    assertClose(grads[name], library.grads[name], TIGHT, `d${name}`);
  }
  const flags: (keyof LabDefects)[] = [
    "noBptt",
    "activatedDerivatives",
    "forgetWithoutDerivative",
    "oneStepOff",
    "dcNotCarried",
    "dhNotCarried",
  ];
  for (const flag of flags) {
    const wrong = plainLstmBackward(cache, targets, params, { [flag]: true });
    assert.ok(
      LSTM_ARRAY_NAMES.some((name) =>
        wrong[name].some((v, i) => Math.abs(v - grads[name][i]) > 1e-6)
      ),
      `${flag} changes nothing`,
    );
  }
});

Deno.test("plainGruForward and plainGruBackward equal the library's GRU cell kernels", () => {
  const random = probeRandom(9);
  const I = 3, H = 4;
  const params = {
    Wih: probeArray(random, 3 * H * I, 0.8),
    Whh: probeArray(random, 3 * H * H, 0.8),
    bih: probeArray(random, 3 * H, 0.6),
    bhh: probeArray(random, 3 * H, 0.6),
  };
  const x = probeArray(random, I, 1),
    hPrev = probeArray(random, H, 1),
    dh = probeArray(random, H, 1);
  const step = plainGruForward(params, x, hPrev);
  const library = libraryGruStep(params, x, hPrev, dh);
  assertClose(step.h, library.h, TIGHT, "h'");
  const grads = plainGruBackward(params, step, dh);
  for (const name of ["Wih", "Whh", "bih", "bhh", "x", "hPrev"] as const) {
    assertClose(grads[name], library.grads[name], TIGHT, `d${name}`);
  }
});
