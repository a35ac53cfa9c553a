"""NumPy LSTM written the way the lab's notebook writes it, with a correct backward pass.

    /usr/bin/python3 bench/numpy/lstm_lab_style.py [--epochs 5] [--json-history] [--check]

This is the lab's handed-out LSTM code structure with its four backward-pass
defects corrected, kept as the baseline the issue quotes ("a NumPy LSTM with
correct BPTT in the lab's code structure ... 0.34 s per epoch"). The four
corrections:
  1. dh and dC are passed back to the previous step (dh_next, dC_next): real BPTT;
  2. derivatives are taken of the pre-activations, i.e. sigma' = s(1 - s) and
     tanh' = 1 - tanh^2 of the stored activated values, not sigma'(sigma(a)) or
     1 - tanh(tanh(C))^2;
  3. the forget gate gets its derivative term f(1 - f);
  4. h and C are indexed right: h_s and C_s hold the initial state at index 0,
     so step t uses h_s[t + 1], C_s[t + 1] and C_prev = C_s[t] (zeros at t = 0),
     not the previous step's values nor, at t = 0, the last cell state.

Layout, as in the lab: 10 separate parameter arrays W_f, W_i, W_g, W_o (H, H+V),
W_v (V, H), b_f, b_i, b_g, b_o (H, 1), b_v (V, 1); column vectors; one-hot
(V, 1) inputs; forward(inputs, h_prev, C_prev, params) loops over time with
z = np.row_stack((h_prev, x)) and one np.dot per gate, storing z_s, f_s, i_s,
g_s, C_s, o_s, h_s, v_s, output_s; backward(...) loops t from T-1 to 0 and
accumulates every weight gradient as a per-step outer product np.dot(d, z.T).
The loss is the summed cross-entropy -log(output[target]) (the lab's
-mean(log(output) * onehot) would divide it by V).

How it differs from bench/numpy/lstm_lab.py: the maths, data, init, clipping,
update and epoch are the same, but lstm_lab.py stores the four gates stacked in
one (4H, H+V) matrix (one matmul per step for all gates, one for dz) and forms
each weight gradient as one matmul per sequence (dA^T Z); this file does four
gate products per step forward and four back, and 5 outer products per step.
Same numbers to rounding (--check), several times slower.

Settings shared with lstm_lab.py: hidden 50, the lab's seed-42 a^n b^n EOS data
(bench/lab_data.py), the lab's orthogonal init of W_f, W_i, W_g, W_o, W_v (in
that order) drawn right after the data, zero biases, one sequence per update,
the lab's global-norm clipping to 0.25 over all 10 gradients (coefficient
max_norm / (norm + 1e-6) when below 1), plain SGD with lr 0.1. sigmoid and tanh
are 1 / (1 + exp(-x)) and np.tanh, softmax subtracts the maximum (as
lstm_lab.py; the lab's versions add 1e-12 and overflow for large inputs).
One-hot inputs are built once, before timing, as lstm_lab.py builds its inputs.

Each epoch first runs the validation set forward (loss only; the lab's notebook
also runs backward there, which is not timed here so that epochs match
lstm_lab.py), then trains on the 204 training sequences in order. Printed, as
one JSON line:
  seconds_per_epoch                wall time of a whole epoch (validation + training)
  train_tokens_per_second          training input tokens / training time only
  final_validation_mean_token_nll  validation NLL per input token after the last
                                   epoch (one extra, untimed validation pass)
  validation_mean_token_nll_per_epoch
                                   (only with --json-history) the validation NLL
                                   per input token measured at the start of each
                                   epoch, i.e. before that epoch's training

--check compares the loss and all 10 gradients, at the init weights, for the
first and for the longest training sequence, against bench/numpy/lstm_lab.py's
LSTM (max |difference| / max |reference| per array <= 1e-10), and exits
non-zero on a mismatch.

OPENBLAS_NUM_THREADS defaults to 1 (set before NumPy loads) so that comparisons
are single-threaded; export another value to override.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from lab_data import init_orthogonal, lab_data  # noqa: E402

HIDDEN, LR, MAX_NORM = 50, 0.1, 0.25
NAMES = ["W_f", "W_i", "W_g", "W_o", "W_v", "b_f", "b_i", "b_g", "b_o", "b_v"]
CHECK_TOL = 1e-10


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def tanh(x):
    return np.tanh(x)


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def one_hot_encode_sequence(tokens, vocab_size):
    """(T, V, 1): one (V, 1) column per token, as the lab's encoder."""
    encoding = np.zeros((len(tokens), vocab_size, 1))
    encoding[np.arange(len(tokens)), tokens, 0] = 1.0
    return encoding


def init_lstm(hidden_size, vocab_size):
    """The lab's init_lstm: orthogonal W_f, W_i, W_g, W_o, W_v (in that order,
    on the global stream), zero biases."""
    z_size = hidden_size + vocab_size
    W_f = init_orthogonal(np.zeros((hidden_size, z_size)))
    W_i = init_orthogonal(np.zeros((hidden_size, z_size)))
    W_g = init_orthogonal(np.zeros((hidden_size, z_size)))
    W_o = init_orthogonal(np.zeros((hidden_size, z_size)))
    W_v = init_orthogonal(np.zeros((vocab_size, hidden_size)))
    b_f = np.zeros((hidden_size, 1))
    b_i = np.zeros((hidden_size, 1))
    b_g = np.zeros((hidden_size, 1))
    b_o = np.zeros((hidden_size, 1))
    b_v = np.zeros((vocab_size, 1))
    return [W_f, W_i, W_g, W_o, W_v, b_f, b_i, b_g, b_o, b_v]


def forward(inputs, h_prev, C_prev, p):
    """The lab's forward: returns z_s, f_s, i_s, g_s, C_s, o_s, h_s, v_s,
    output_s, where C_s and h_s start with the initial states."""
    W_f, W_i, W_g, W_o, W_v, b_f, b_i, b_g, b_o, b_v = p
    z_s, f_s, i_s = [], [], []
    g_s, C_s, o_s, h_s = [], [], [], []
    v_s, output_s = [], []
    h_s.append(h_prev)
    C_s.append(C_prev)
    for x in inputs:
        z = np.row_stack((h_prev, x))
        z_s.append(z)
        f = sigmoid(np.dot(W_f, z) + b_f)
        f_s.append(f)
        i = sigmoid(np.dot(W_i, z) + b_i)
        i_s.append(i)
        g = tanh(np.dot(W_g, z) + b_g)
        g_s.append(g)
        C_prev = f * C_prev + i * g
        C_s.append(C_prev)
        o = sigmoid(np.dot(W_o, z) + b_o)
        o_s.append(o)
        h_prev = o * tanh(C_prev)
        h_s.append(h_prev)
        v = np.dot(W_v, h_prev) + b_v
        v_s.append(v)
        output = softmax(v)
        output_s.append(output)
    return z_s, f_s, i_s, g_s, C_s, o_s, h_s, v_s, output_s


def sequence_loss(outputs, targets):
    """Summed cross-entropy -log(output[target]) over the sequence."""
    loss = 0.0
    for t in range(len(outputs)):
        loss += -np.log(outputs[t][targets[t], 0])
    return loss


def backward(z, f, i, g, C, o, h, v, outputs, targets, p):
    """Correct BPTT through h and C. Returns the loss and the 10 gradients
    (unclipped), in the order of the parameters."""
    W_f, W_i, W_g, W_o, W_v, b_f, b_i, b_g, b_o, b_v = p
    hidden_size = W_f.shape[0]
    W_f_d = np.zeros_like(W_f)
    W_i_d = np.zeros_like(W_i)
    W_g_d = np.zeros_like(W_g)
    W_o_d = np.zeros_like(W_o)
    W_v_d = np.zeros_like(W_v)
    b_f_d = np.zeros_like(b_f)
    b_i_d = np.zeros_like(b_i)
    b_g_d = np.zeros_like(b_g)
    b_o_d = np.zeros_like(b_o)
    b_v_d = np.zeros_like(b_v)
    dh_next = np.zeros_like(h[0])
    dC_next = np.zeros_like(C[0])
    loss = 0.0
    for t in reversed(range(len(outputs))):
        loss += -np.log(outputs[t][targets[t], 0])
        # Step t's states are h[t + 1], C[t + 1]; C[t] is the previous cell
        # state (the initial zeros at t = 0).
        C_t, C_prev, h_t = C[t + 1], C[t], h[t + 1]
        tanh_C = tanh(C_t)

        dv = np.copy(outputs[t])
        dv[targets[t]] -= 1
        W_v_d += np.dot(dv, h_t.T)
        b_v_d += dv

        dh = np.dot(W_v.T, dv)
        dh += dh_next
        do = dh * tanh_C * o[t] * (1 - o[t])
        W_o_d += np.dot(do, z[t].T)
        b_o_d += do

        dC = np.copy(dC_next)
        dC += dh * o[t] * (1 - tanh_C * tanh_C)
        dg = dC * i[t] * (1 - g[t] * g[t])
        W_g_d += np.dot(dg, z[t].T)
        b_g_d += dg

        di = dC * g[t] * i[t] * (1 - i[t])
        W_i_d += np.dot(di, z[t].T)
        b_i_d += di

        df = dC * C_prev * f[t] * (1 - f[t])
        W_f_d += np.dot(df, z[t].T)
        b_f_d += df

        dz = (np.dot(W_f.T, df)
              + np.dot(W_i.T, di)
              + np.dot(W_g.T, dg)
              + np.dot(W_o.T, do))
        dh_next = dz[:hidden_size, :]
        dC_next = f[t] * dC
    grads = [W_f_d, W_i_d, W_g_d, W_o_d, W_v_d, b_f_d, b_i_d, b_g_d, b_o_d, b_v_d]
    return loss, grads


def clip_gradient_norm(grads, max_norm=MAX_NORM):
    """The lab's clip_gradient_norm: global L2 norm over all 10 gradients,
    scaled in place by max_norm / (norm + 1e-6) when that is below 1."""
    total_norm = 0
    for grad in grads:
        total_norm += np.sum(np.power(grad, 2))
    total_norm = np.sqrt(total_norm)
    clip_coef = max_norm / (total_norm + 1e-6)
    if clip_coef < 1:
        for grad in grads:
            grad *= clip_coef
    return grads


def update_parameters(params, grads, lr=LR):
    for param, grad in zip(params, grads):
        param -= lr * grad
    return params


def run_sequence(params, inputs_one_hot):
    hidden_size = params[0].shape[0]
    h = np.zeros((hidden_size, 1))
    c = np.zeros((hidden_size, 1))
    return forward(inputs_one_hot, h, c, params)


def validation_nll(params, val_set, val_tokens):
    total = 0.0
    for inputs_one_hot, targets in val_set:
        outputs = run_sequence(params, inputs_one_hot)[-1]
        total += sequence_loss(outputs, targets)
    return total / val_tokens


def encode(seqs, vocab):
    return [(one_hot_encode_sequence(s[:-1], vocab), s[1:]) for s in seqs]


def run_check():
    """Loss and all 10 gradients at the init weights against lstm_lab.py."""
    sys.path.insert(0, HERE)
    import lstm_lab

    train, _, vocab = lab_data()
    params = init_lstm(HIDDEN, vocab)
    ref = lstm_lab.LSTM(*params[:5])
    longest = max(range(len(train)), key=lambda n: len(train[n]))
    ok = True
    for n in (0, longest):
        seq = train[n]
        inputs_one_hot, targets = encode([seq], vocab)[0]
        loss, grads = backward(*run_sequence(params, inputs_one_hot), targets, params)
        Z, ys = ref.inputs(seq)
        ref_loss, ref_grads = ref.loss_and_grads(Z, ys)
        ref_named = ref.named_grads(ref_grads)
        loss_rel = abs(loss - ref_loss) / abs(ref_loss)
        worst_name, worst = "loss", loss_rel
        for name, grad in zip(NAMES, grads):
            r = ref_named[name].reshape(grad.shape)
            rel = float(np.max(np.abs(grad - r)) / max(float(np.max(np.abs(r))), 1e-300))
            if not rel <= worst:
                worst_name, worst = name, rel
        good = loss_rel <= CHECK_TOL and worst <= CHECK_TOL
        ok = ok and good
        print(f"training sequence {n} ({len(seq) - 1} steps): loss {loss:.12f} "
              f"(lstm_lab.py {ref_loss:.12f}, relative difference {loss_rel:.1e}); "
              f"worst of loss and 10 gradients: {worst_name} {worst:.1e} "
              f"(max |diff| / max |lstm_lab.py|) -> {'ok' if good else 'MISMATCH'}",
              file=sys.stderr)
    if not ok:
        print(f"check failed: difference above {CHECK_TOL:g}", file=sys.stderr)
        sys.exit(1)
    print(f"check ok: loss and all 10 gradients agree with lstm_lab.py to <= {CHECK_TOL:g}",
          file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--json-history", action="store_true",
                    help="also output the per-epoch (start of epoch) validation NLL per token")
    ap.add_argument("--check", action="store_true",
                    help="compare loss and gradients with bench/numpy/lstm_lab.py, then exit")
    args = ap.parse_args()
    if args.check:
        run_check()
        return

    train, val, vocab = lab_data()
    # Continue the global stream right after the data: W_f, W_i, W_g, W_o, W_v.
    params = init_lstm(HIDDEN, vocab)
    train_tokens = sum(len(s) - 1 for s in train)
    val_tokens = sum(len(s) - 1 for s in val)
    train_set = encode(train, vocab)
    val_set = encode(val, vocab)

    history = []
    epoch_time = train_time = 0.0
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        history.append(float(validation_nll(params, val_set, val_tokens)))
        t1 = time.perf_counter()
        for inputs_one_hot, targets in train_set:
            z_s, f_s, i_s, g_s, C_s, o_s, h_s, v_s, outputs = run_sequence(params, inputs_one_hot)
            _, grads = backward(z_s, f_s, i_s, g_s, C_s, o_s, h_s, v_s, outputs, targets, params)
            grads = clip_gradient_norm(grads)
            params = update_parameters(params, grads)
        t2 = time.perf_counter()
        epoch_time += t2 - t0
        train_time += t2 - t1

    out = {
        "seconds_per_epoch": epoch_time / args.epochs,
        "train_tokens_per_second": train_tokens * args.epochs / train_time,
        "final_validation_mean_token_nll": float(validation_nll(params, val_set, val_tokens)),
    }
    if args.json_history:
        out["validation_mean_token_nll_per_epoch"] = history
    print(json.dumps(out))


if __name__ == "__main__":
    main()
