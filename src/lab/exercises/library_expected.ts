// The expected answers, from the library's own code on the Float64 reference
// backend: the lab's RNN and LSTM (src/lab/models/), the GRU cell kernels.
// The grader's plain versions (plain_*.ts) stand in only where the library
// keeps an intermediate to itself (hidden states, the LSTM's gates).
// T = steps, H = hidden, K = vocabulary, I = input.
import { createReferenceBackend } from "../../backends/reference_backend.ts";
import { makeBatch } from "../../models/sequence_batch.ts";
import { zeroGradients } from "../../models/model.ts";
import { LSTM } from "../models/lstm.ts";
import { RNN } from "../models/rnn.ts";
import { RNN_NAMES } from "./student_models.ts";
import { LSTM_ARRAY_NAMES, type LstmArrays } from "./plain_lstm.ts";
import type { RnnArrays } from "./plain_rnn.ts";
import type { GruArrays, GruStepGradients } from "./plain_gru.ts";

const backend = createReferenceBackend();

/** The library model's loss, probabilities (T·K) and gradients for one sequence. */
export interface LibraryRun<P> {
  loss: number;
  probabilities: Float64Array;
  grads: P;
}

function run<P>(
  model: RNN | LSTM,
  names: readonly string[],
  params: Record<string, Float64Array>,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): LibraryRun<P> {
  model.parameters.forEach((parameter, i) => parameter.value.data.set(params[names[i]]));
  zeroGradients(model);
  const batch = makeBatch([{
    words: [],
    inputs: Int32Array.from(inputs),
    targets: Int32Array.from(targets),
  }]);
  const loss = model.forward(batch);
  const probabilities = Float64Array.from(model.probabilities.data);
  model.backward();
  const grads: Record<string, Float64Array> = {};
  model.parameters.forEach((parameter, i) => {
    grads[names[i]] = Float64Array.from(parameter.grad.data);
  });
  model.dispose();
  return { loss, probabilities, grads: grads as P };
}

/** The lab's RNN (`RNN.forward`, `RNN.backward`) on one sequence. */
export function libraryRnn(
  params: RnnArrays,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): LibraryRun<RnnArrays> {
  const model = new RNN(backend, {
    vocabularySize: params.bOut.length,
    hiddenSize: params.bHidden.length,
  });
  return run(model, RNN_NAMES, { ...params }, inputs, targets);
}

/** The lab's LSTM (`LSTM.forward`, `LSTM.backward`) on one sequence. */
export function libraryLstm(
  params: LstmArrays,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): LibraryRun<LstmArrays> {
  const model = new LSTM(backend, {
    vocabularySize: params.bv.length,
    hiddenSize: params.bf.length,
  });
  return run(model, LSTM_ARRAY_NAMES, { ...params }, inputs, targets);
}

/** One GRU step through the library's cell kernels: h' and, given dh', every gradient. */
export function libraryGruStep(
  params: GruArrays,
  x: Float64Array,
  hPrev: Float64Array,
  dh: Float64Array,
): { h: Float64Array; grads: GruStepGradients } {
  const H = hPrev.length, I = x.length;
  const t = (shape: number[], values?: ArrayLike<number>) => {
    const tensor = backend.tensor(shape);
    if (values) tensor.data.set(values);
    return tensor;
  };
  const Wih = t([3 * H, I], params.Wih), Whh = t([3 * H, H], params.Whh);
  const bih = t([3 * H], params.bih), bhh = t([3 * H], params.bhh);
  const xs = t([I], x), hs = t([H], hPrev);
  const gi = t([1, 3 * H]), gh = t([1, 3 * H]);
  backend.matVecForward(backend.view(gi, 0, [3 * H]), Wih, xs, bih);
  backend.matVecForward(backend.view(gh, 0, [3 * H]), Whh, hs, bhh);
  const h = t([1, H]), gates = t([1, 3 * H]);
  backend.gruCellForward(h, gates, gi, gh, t([1, H], hPrev));
  const dgi = t([1, 3 * H]), dgh = t([1, 3 * H]), dhPrev = t([1, H]);
  backend.gruCellBackward(dgi, dgh, dhPrev, t([1, H], dh), gates, gh, t([1, H], hPrev));
  const dWih = t([3 * H, I]), dWhh = t([3 * H, H]), dx = t([I]);
  const dgiRow = backend.view(dgi, 0, [3 * H]), dghRow = backend.view(dgh, 0, [3 * H]);
  backend.outerAccumulate(dWih, dgiRow, xs);
  backend.outerAccumulate(dWhh, dghRow, hs);
  backend.matVecTransposedAccumulate(dx, Wih, dgiRow);
  backend.matVecTransposedAccumulate(backend.view(dhPrev, 0, [H]), Whh, dghRow);
  const copy = (tensor: { data: ArrayLike<number> }) => Float64Array.from(tensor.data);
  return {
    h: copy(h),
    grads: {
      Wih: copy(dWih),
      Whh: copy(dWhh),
      bih: copy(dgi),
      bhh: copy(dgh),
      x: copy(dx),
      hPrev: copy(dhPrev),
    },
  };
}
