// The exercises in the lab's order: each with its file under exercises/,
// its checks, its hints (given one more at a time) and where the library
// implements the same thing.
import { checkBatching } from "./batching_check.ts";
import type { Check } from "./context.ts";
import { checkFreestyle } from "./freestyle_check.ts";
import { checkGradientCheck } from "./gradient_check.ts";
import { checkGruCell } from "./gru_cell_check.ts";
import { checkLstmBackward } from "./lstm_backward_check.ts";
import { checkLstmForward } from "./lstm_forward_check.ts";
import { checkNnTraining } from "./nn_training_check.ts";
import { checkRnnBackward } from "./rnn_backward_check.ts";
import { checkRnnForward } from "./rnn_forward_check.ts";
import { checkRnnInit } from "./rnn_init_check.ts";
import { checkSgd } from "./sgd_check.ts";
import { checkVocabulary } from "./vocabulary_check.ts";

/** A place in the library's source: a file and a function, method (`Class.method`) or constant. */
export interface SourceRef {
  file: string;
  symbol: string;
  /** What this piece is, next to the exercise. */
  note: string;
}

/** One exercise. */
export interface Exercise {
  /** "0", "a", …, "hi", "j", "kl", "m". */
  id: string;
  /** As the lab names it: "0", "A", …, "H–I", "J", "K–L", "M". */
  name: string;
  /** Other names `deno task exercise` accepts ("h", "i", "rnn-forward", …). */
  aliases: readonly string[];
  title: string;
  /** The student's file, inside exercises/. */
  file: string;
  /** The functions the file must export. */
  exports: readonly string[];
  /** Whether the check witnesses gradients with finite differences (exercise 0's, once it passes). */
  usesFiniteDifferences: boolean;
  check: Check;
  /** Graded hints: the first a nudge, the last nearly the answer. */
  hints: readonly string[];
  /** The library's implementation of the same thing. */
  solution: readonly SourceRef[];
}

/** Every exercise, in the lab's order. */
export const EXERCISES: readonly Exercise[] = [
  {
    id: "0",
    name: "0",
    aliases: ["gradient-check", "finite-differences"],
    title: "a finite-difference gradient check",
    file: "0_gradient_check.ts",
    exports: ["numericGradient"],
    usesFiniteDifferences: false,
    check: checkGradientCheck,
    hints: [
      "Loop over i. For each, remember x[i], move it by +h, call f(), move it to −h, call f() again, and put the remembered value back.",
      "The central difference is (f(x + h e_i) − f(x − h e_i)) / (2h): the two points are 2h apart. A one-sided difference (f(x + h) − f(x)) / h is only accurate to O(h).",
      "const saved = x[i]; x[i] = saved + h; const plus = f(); x[i] = saved - h; const minus = f(); x[i] = saved; gradient[i] = (plus - minus) / (2 * h);",
    ],
    solution: [
      {
        file: "src/lab/exercises/finite_differences.ts",
        symbol: "centralDifferences",
        note: "the grader's own central differences (the same as the test suite's numericGradient)",
      },
    ],
  },
  {
    id: "a",
    name: "A",
    aliases: ["vocabulary", "one-hot"],
    title: "the vocabulary and one-hot vectors",
    file: "a_vocabulary.ts",
    exports: ["sequencesToDicts", "oneHotEncode", "oneHotEncodeSequence"],
    usesFiniteDifferences: false,
    check: checkVocabulary,
    hints: [
      "Count the words in a Map (it remembers insertion order, i.e. first appearance), then sort its entries.",
      "[...counts.entries()].sort((a, b) => b[1] - a[1]) sorts by descending count, and Array.prototype.sort is stable: equal counts keep their first-appearance order. Then push 'UNK'.",
      "oneHotEncodeSequence: wordToIdx[word] ?? wordToIdx['UNK'] for each word, then oneHotEncode(index, vocabSize).",
    ],
    solution: [
      {
        file: "src/data/vocabulary.ts",
        symbol: "Vocabulary.fromSequences",
        note: "the vocabulary, by descending frequency, then UNK",
      },
      {
        file: "src/data/vocabulary.ts",
        symbol: "oneHot",
        note: "one-hot rows of a list of indices",
      },
    ],
  },
  {
    id: "b",
    name: "B",
    aliases: ["rnn-init", "orthogonal"],
    title: "the RNN's parameters and the lab's orthogonal initialisation",
    file: "b_rnn_init.ts",
    exports: ["initOrthogonal", "initRnn"],
    usesFiniteDifferences: false,
    check: checkRnnInit,
    hints: [
      "Draw rows·cols numbers with randn() into a row-major array first; only then decide whether to transpose (wide matrices) and orthonormalise.",
      "Gram–Schmidt on the columns of a tall (m, n) matrix: for each column j, subtract (q_kᵀ a_j) q_k for every earlier column k, then divide by the norm. Its R has a positive diagonal, so it gives the lab's sign-fixed Q.",
      "initRnn: U = initOrthogonal(H, K), V = initOrthogonal(H, H), W = initOrthogonal(K, H) — in that order, from the same randn — and zero biases.",
    ],
    solution: [
      {
        file: "src/init/orthogonal.ts",
        symbol: "orthogonalMatrix",
        note: "the lab's init_orthogonal (draws, transposes wide matrices)",
      },
      {
        file: "src/init/orthogonal.ts",
        symbol: "signFixedQ",
        note: "its QR: Householder reflections, then the signs of R's diagonal",
      },
      { file: "src/lab/models/rnn.ts", symbol: "RNN.initialize", note: "U, V, W in that order" },
    ],
  },
  {
    id: "c",
    name: "C",
    aliases: ["rnn-forward", "softmax"],
    title: "the RNN's forward pass, softmax and the loss",
    file: "c_rnn_forward.ts",
    exports: ["softmax", "crossEntropy", "rnnForward"],
    usesFiniteDifferences: false,
    check: checkRnnForward,
    hints: [
      "softmax: find the largest entry first and compute exp(x_k − max); then divide by the sum. The result is the same for any shift, and nothing overflows.",
      "rnnForward: keep h (zeros to start); at each step make a NEW array next with next_j = tanh(U[j·K + x] + Σ_k V[j·H + k] h_k + b_hidden_j), then o_k = Σ_j W[k·H + j] next_j + b_out_k.",
      "Push next (not a shared buffer) to hiddenStates and softmax(o) to probabilities; the loss is crossEntropy(probabilities, targets) = Σ_t −ln p_t[y_t], skipping targets of −1.",
    ],
    solution: [
      {
        file: "src/lab/models/rnn.ts",
        symbol: "RNN.forward",
        note: "the batched forward pass on a backend",
      },
      {
        file: "src/backends/reference/rnn_sequence.ts",
        symbol: "rnnSequenceForward",
        note: "its time loop, h_t = tanh(h_t + h_{t−1} Vᵀ)",
      },
      {
        file: "src/backends/reference/softmax.ts",
        symbol: "softmaxForward",
        note: "softmax with the maximum subtracted",
      },
      {
        file: "src/backends/reference/softmax.ts",
        symbol: "crossEntropyForward",
        note: "the summed cross-entropy, skipping negative targets",
      },
    ],
  },
  {
    id: "d",
    name: "D",
    aliases: ["rnn-backward", "bptt", "clipping"],
    title: "backpropagation through time, and clipping the gradient",
    file: "d_rnn_backward.ts",
    exports: ["rnnBackward", "clipGradientNorm"],
    usesFiniteDifferences: true,
    check: checkRnnBackward,
    hints: [
      "Loop t from T − 1 down to 0 and keep dhNext (zeros at first): what step t + 1 sends back to h_t.",
      "hiddenStates[t] is already tanh'd: the derivative through it is (1 − h_t²), not 1 − tanh(h_t)². For h_{t−1} at t = 0 use zeros, not hiddenStates[t − 1].",
      "dOut = p_t − one_hot(y_t); dh_j = dhNext_j + Σ_k W[k·H + j] dOut_k; da_j = dh_j (1 − h_j²); accumulate dW, dbOut, dU (column inputs[t]), dbHidden, dV (with h_{t−1}); then dhNext_k = Σ_j V[j·H + k] da_j.",
    ],
    solution: [
      {
        file: "src/lab/models/rnn.ts",
        symbol: "RNN.backward",
        note: "the batched backward pass on a backend",
      },
      {
        file: "src/backends/reference/rnn_sequence.ts",
        symbol: "rnnSequenceBackward",
        note: "its time loop from the last step back",
      },
      {
        file: "src/core/clip.ts",
        symbol: "clipCoefficient",
        note: "the lab's clip coefficient, max_norm / (norm + 1e-6) when below 1",
      },
    ],
  },
  {
    id: "e",
    name: "E",
    aliases: ["sgd", "training-loop"],
    title: "the SGD step and one epoch of the lab's training loop",
    file: "e_sgd.ts",
    exports: ["updateParameters", "trainEpoch"],
    usesFiniteDifferences: false,
    check: checkSgd,
    hints: [
      "updateParameters changes the arrays it is given: param[i] −= lr · grad[i].",
      "trainEpoch, per sequence: const forward = fns.forward(…); total += forward.loss; grads = fns.backward(…); fns.clip([grads.U, grads.V, grads.W, grads.bHidden, grads.bOut], maxNorm); then update.",
      "Return total / sequences.length — the lab's training loss, the mean summed loss per sequence.",
    ],
    solution: [
      {
        file: "src/backends/reference/optim.ts",
        symbol: "sgdStep",
        note: "the SGD update the trainer runs",
      },
      {
        file: "src/train/trainer.ts",
        symbol: "Trainer.step",
        note: "one update: forward, backward, norm, clipping and the optimizer",
      },
    ],
  },
  {
    id: "f",
    name: "F",
    aliases: ["freestyle"],
    title: "freestyle: greedy continuation of a prompt",
    file: "f_freestyle.ts",
    exports: ["freestyle"],
    usesFiniteDifferences: false,
    check: checkFreestyle,
    hints: [
      "Make one state with model.createState() and feed every prompt word into it; keep the last probabilities.",
      "Then loop: take the index of the largest probability (the first of equals), push its word, stop after 'EOS', else feed that index back with model.step.",
      "An unknown word: wordToIdx[word] ?? wordToIdx['UNK']. Stop when generated.length reaches maxLength.",
    ],
    solution: [{
      file: "src/generate/freestyle.ts",
      symbol: "freestyle",
      note: "the library's freestyle",
    }],
  },
  {
    id: "g",
    name: "G",
    aliases: ["batching", "batches"],
    title: "mini-batches: padding and the time-major layout",
    file: "g_batching.ts",
    exports: ["makeBatch", "makeBatches"],
    usesFiniteDifferences: false,
    check: checkBatching,
    hints: [
      "steps is the longest sequence's length; fill inputs and targets (steps · size entries) with PAD first.",
      "Step t of sequence b goes to row t·size + b — time-major, so that step t of every sequence is contiguous.",
      "makeBatches: for (let start = 0; start < n; start += batchSize) makeBatch(sequences.slice(start, start + batchSize)) — the last batch may be smaller.",
    ],
    solution: [
      { file: "src/models/sequence_batch.ts", symbol: "makeBatch", note: "padding, time-major" },
      {
        file: "src/models/sequence_batch.ts",
        symbol: "makeBatches",
        note: "in order (or by length)",
      },
    ],
  },
  {
    id: "hi",
    name: "H–I",
    aliases: ["h", "i", "lstm-forward", "lstm-init"],
    title: "the LSTM: its parameters and its forward pass",
    file: "hi_lstm_forward.ts",
    exports: ["sigmoid", "initLstm", "lstmForward"],
    usesFiniteDifferences: false,
    check: checkLstmForward,
    hints: [
      "initLstm: four (H, H + K) gate matrices then W_v (K, H), each with your initOrthogonal from exercise B, in the order f, i, g, o, v.",
      "Start the cache with c = [zeros], h = [zeros]; at step t, z = [h[t]; one_hot(x_t)] (h first), then each gate is act(Σ_k W[j·Z + k] z_k + b_j).",
      "c_t = f ⊙ c[t] + i ⊙ g, h_t = o ⊙ tanh(c_t): push new arrays to c and h, then p_t = softmax(W_v h_t + b_v).",
    ],
    solution: [
      {
        file: "src/lab/models/lstm.ts",
        symbol: "LSTM.initialize",
        note: "W_f, W_i, W_g, W_o, W_v in that order",
      },
      {
        file: "src/lab/models/lstm.ts",
        symbol: "LSTM.forward",
        note: "the batched forward pass on a backend",
      },
      {
        file: "src/backends/reference/lstm_cell.ts",
        symbol: "lstmCellForward",
        note: "one step's gates, c and h (gate order i, f, g, o)",
      },
    ],
  },
  {
    id: "j",
    name: "J",
    aliases: ["lstm-backward"],
    title: "the LSTM's backward pass, as the lab hands it out — repair it",
    file: "j_lstm_backward.ts",
    exports: ["lstmBackward"],
    usesFiniteDifferences: true,
    check: checkLstmBackward,
    hints: [
      "There are four mistakes. Two are about what is carried between steps and which entries of the cache belong to step t; two are about derivatives.",
      "The cache's C and h start with the initial state: step t's are C[t + 1] and h[t + 1]. The gates are stored after σ or tanh, so σ'(a) is f(1 − f), not sigmoid(f, true). Look at what happens to dh_prev and dC_prev.",
      "dhNext = dz.slice(0, H) and dCNext = f[t] ⊙ dC at the end of each step; df = dC ⊙ C[t] ⊙ f(1 − f); do = dh ⊙ tanh(c_t) ⊙ o(1 − o); dC += dh ⊙ o ⊙ (1 − tanh²(c_t)); dg uses 1 − g², di uses i(1 − i).",
    ],
    solution: [
      {
        file: "src/lab/models/lstm.ts",
        symbol: "LSTM.backward",
        note: "the batched backward pass on a backend",
      },
      {
        file: "src/backends/reference/lstm_cell.ts",
        symbol: "lstmCellBackward",
        note: "one step: dc_total, the four gate gradients and dc_prev",
      },
      {
        file: "src/backends/reference/lstm_sequence.ts",
        symbol: "lstmSequenceBackward",
        note: "the time loop that carries dh and dc back",
      },
    ],
  },
  {
    id: "kl",
    name: "K–L",
    aliases: ["k", "l", "nn", "nn-training"],
    title: "the framework path: the lab's PyTorch network and loop on nn",
    file: "kl_nn_training.ts",
    exports: ["createNet", "netParameters", "netForward", "trainEpoch"],
    usesFiniteDifferences: false,
    check: checkNnTraining,
    hints: [
      "The lab's MyRecurrentNet is nn.LSTM(input_size=K, hidden_size=H) and nn.Linear(H, K, bias=False); nn.LSTM.forward takes token ids (Int32Array) and the batch size 1.",
      "netParameters: [...net.lstm.parameters(), ...net.out.parameters()]. netForward: net.out.forward(net.lstm.forward(Int32Array.from(inputs), 1).output).",
      "Per sequence: optimizer.zeroGrad(); loss = criterion.forward(netForward(…), targets); net.lstm.backward(net.out.backward(criterion.backward())); optimizer.step(). Return the mean loss.",
    ],
    solution: [
      {
        file: "src/models/nn_sequence_model.ts",
        symbol: "NnSequenceModel.forward",
        note: "the lab's network on nn: LSTM, then Linear, then the loss",
      },
      {
        file: "src/models/nn_sequence_model.ts",
        symbol: "NnSequenceModel.backward",
        note: "and back",
      },
      {
        file: "src/train/trainer.ts",
        symbol: "Trainer.step",
        note: "one update of the training loop",
      },
    ],
  },
  {
    id: "m",
    name: "M",
    aliases: ["gru", "gru-cell"],
    title: "one step of a GRU cell (PyTorch's form), forward and backward",
    file: "m_gru_cell.ts",
    exports: ["gruCellForward", "gruCellBackward"],
    usesFiniteDifferences: true,
    check: checkGruCell,
    hints: [
      "Compute gi = W_ih x + b_ih and gh = W_hh h + b_hh (3H each) first; the gates are slices r = [0, H), z = [H, 2H), n = [2H, 3H).",
      "n = tanh(gi_n + r ⊙ gh_n) — b_hn is inside gh_n — and h' = (1 − z) ⊙ n + z ⊙ h. Keep gh_n in the cache: the backward pass needs it for r's gradient.",
      "Backward: da_n = dh'(1 − z)(1 − n²), da_z = dh'(h − n) z(1 − z), da_r = da_n gh_n r(1 − r); the input side gets [da_r, da_z, da_n], the hidden side [da_r, da_z, r da_n]; dh = dh' z + W_hhᵀ(hidden side).",
    ],
    solution: [
      {
        file: "src/backends/reference/gru_cell.ts",
        symbol: "gruCellForward",
        note: "the cell's pointwise part, forward",
      },
      {
        file: "src/backends/reference/gru_cell.ts",
        symbol: "gruCellBackward",
        note: "and backward",
      },
    ],
  },
];

/**
 * The exercise a name means: its id ("d", "hi"), an alias ("h", "rnn-backward")
 * or its file name, in any case.
 *
 * @example
 * ```ts
 * import { findExercise } from "./catalog.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(findExercise("H")?.id, "hi");
 * assert.equal(findExercise("d_rnn_backward.ts")?.id, "d");
 * assert.equal(findExercise("z"), undefined);
 * ```
 */
export function findExercise(name: string): Exercise | undefined {
  const key = name.trim().toLowerCase().replace(/^exercises\//, "");
  return EXERCISES.find((exercise) =>
    exercise.id === key || exercise.aliases.includes(key) || exercise.file === key ||
    exercise.file === `${key}.ts`
  );
}
