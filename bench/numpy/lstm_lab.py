"""NumPy baseline for the lab's LSTM, to time our TypeScript against.

    /usr/bin/python3 bench/numpy/lstm_lab.py [--epochs 5] [--json-history] [--check]

A correct LSTM (backprop through time through both h and c) in the lab's layout:
z = concat(h_prev, x) (h first), gates f, i, g, o with weights W_* (H, H+V),
c = f*c_prev + i*g, h = o*tanh(c), logits W_v h + b_v, softmax, loss = summed
cross-entropy over the sequence. Hidden 50, the lab's seed-42 a^n b^n EOS data,
the lab's orthogonal init of W_f, W_i, W_g, W_o, W_v (in that order) drawn right
after the data, zero biases, one sequence per update, the lab's global-norm
clipping to 0.25 over all 10 gradients, plain SGD with lr 0.1.

Each epoch first runs the validation set forward (loss only), then trains on the
204 training sequences in order. Printed, as one JSON line:
  seconds_per_epoch                wall time of a whole epoch (validation + training)
  train_tokens_per_second          training input tokens / training time only
  final_validation_mean_token_nll  validation NLL per input token after the last
                                   epoch (one extra, untimed validation pass)
  validation_mean_token_nll_per_epoch
                                   (only with --json-history) the validation NLL
                                   per input token measured at the start of each
                                   epoch, i.e. before that epoch's training

--check runs a central finite-difference gradient check on a tiny model (and
against tests/fixtures/make_numpy_fixtures.py's lstm_forward_backward) and exits.

OPENBLAS_NUM_THREADS defaults to 1 (set before NumPy loads) so that comparisons
are single-threaded; export another value to override.

Implementation note: the four gate matrices are stored stacked in one (4H, H+V)
array (rows f, i, g, o) and W_f ... W_o are row-block views of it, so one matmul
per time step computes all gates; the weight gradients are one matmul per
sequence (dA^T Z). This is only a storage layout: the parameters, the maths and
the clipping norm are those of the 10 separate lab arrays.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lab_data import init_orthogonal, lab_data  # noqa: E402

HIDDEN, LR, MAX_NORM = 50, 0.1, 0.25
NAMES = ["W_f", "W_i", "W_g", "W_o", "W_v", "b_f", "b_i", "b_g", "b_o", "b_v"]




class LSTM:
    """Parameters: W (4H, H+V) stacked gates f,i,g,o; b (4H,); W_v (V,H); b_v (V,)."""

    def __init__(self, W_f, W_i, W_g, W_o, W_v, b=None, b_v=None):
        H = W_f.shape[0]
        self.H, self.V = H, W_v.shape[0]
        self.W = np.ascontiguousarray(np.vstack([W_f, W_i, W_g, W_o]))
        self.b = np.zeros(4 * H) if b is None else np.array(b, dtype=float)
        self.W_v = np.ascontiguousarray(W_v, dtype=float)
        self.b_v = np.zeros(self.V) if b_v is None else np.array(b_v, dtype=float)

    def arrays(self):
        return [self.W, self.b, self.W_v, self.b_v]

    def named(self):
        """The 10 lab arrays as views into the storage."""
        H = self.H
        d = {}
        for k, gate in enumerate("figo"):
            d["W_" + gate] = self.W[k * H:(k + 1) * H]
            d["b_" + gate] = self.b[k * H:(k + 1) * H]
        d["W_v"], d["b_v"] = self.W_v, self.b_v
        return d

    def inputs(self, seq):
        """Z template (T, H+V) with the one-hot inputs filled in, and targets."""
        T = len(seq) - 1
        Z = np.zeros((T, self.H + self.V))
        Z[np.arange(T), self.H + np.asarray(seq[:-1])] = 1.0
        return Z, np.asarray(seq[1:])

    def loss(self, Z, ys):
        """Forward only (Z is modified in place: the h part of each row)."""
        H, W, b, W_v, b_v = self.H, self.W, self.b, self.W_v, self.b_v
        h, c = np.zeros(H), np.zeros(H)
        loss = 0.0
        for t in range(len(ys)):
            Z[t, :H] = h
            a = W @ Z[t] + b
            f = 1.0 / (1.0 + np.exp(-a[:H]))
            i = 1.0 / (1.0 + np.exp(-a[H:2 * H]))
            g = np.tanh(a[2 * H:3 * H])
            o = 1.0 / (1.0 + np.exp(-a[3 * H:]))
            c = f * c + i * g
            h = o * np.tanh(c)
            logits = W_v @ h + b_v
            e = np.exp(logits - logits.max())
            loss -= np.log(e[ys[t]] / e.sum())
        return loss

    def loss_and_grads(self, Z, ys):
        """Forward and full BPTT. Returns loss and grads [dW, db, dW_v, db_v]."""
        H, W, b, W_v, b_v = self.H, self.W, self.b, self.W_v, self.b_v
        T = len(ys)
        G = np.empty((T, 4 * H))      # activated gates f, i, g, o per step
        C = np.empty((T + 1, H))      # C[t+1] = c_t, C[0] = 0
        TC = np.empty((T, H))         # tanh(c_t)
        Hs = np.empty((T, H))         # h_t
        DV = np.empty((T, self.V))    # softmax - onehot(target)
        C[0] = 0.0
        h = np.zeros(H)
        loss = 0.0
        for t in range(T):
            Z[t, :H] = h
            a = W @ Z[t] + b
            gt = G[t]
            gt[:] = a
            gt[:2 * H] = 1.0 / (1.0 + np.exp(-a[:2 * H]))
            gt[2 * H:3 * H] = np.tanh(a[2 * H:3 * H])
            gt[3 * H:] = 1.0 / (1.0 + np.exp(-a[3 * H:]))
            C[t + 1] = gt[:H] * C[t] + gt[H:2 * H] * gt[2 * H:3 * H]
            TC[t] = np.tanh(C[t + 1])
            h = gt[3 * H:] * TC[t]
            Hs[t] = h
            logits = W_v @ h + b_v
            e = np.exp(logits - logits.max())
            p = e / e.sum()
            loss -= np.log(p[ys[t]])
            DV[t] = p
        DV[np.arange(T), ys] -= 1.0

        F, I, Gg, O = G[:, :H], G[:, H:2 * H], G[:, 2 * H:3 * H], G[:, 3 * H:]
        DA = np.empty((T, 4 * H))
        DH_out = DV @ W_v               # (T, H): W_v^T dv_t for every t
        W_h = W[:, :H]                  # (4H, H) recurrent part
        dh_next, dc_next = np.zeros(H), np.zeros(H)
        for t in range(T - 1, -1, -1):
            dh = DH_out[t] + dh_next
            o, tc = O[t], TC[t]
            dc = dh * o * (1.0 - tc * tc) + dc_next
            f, i, g = F[t], I[t], Gg[t]
            da = DA[t]
            da[:H] = dc * C[t] * f * (1.0 - f)
            da[H:2 * H] = dc * g * i * (1.0 - i)
            da[2 * H:3 * H] = dc * i * (1.0 - g * g)
            da[3 * H:] = dh * tc * o * (1.0 - o)
            dh_next = da @ W_h
            dc_next = f * dc
        dW = DA.T @ Z
        db = DA.sum(axis=0)
        dW_v = DV.T @ Hs
        db_v = DV.sum(axis=0)
        return loss, [dW, db, dW_v, db_v]

    def named_grads(self, grads):
        dW, db, dW_v, db_v = grads
        H = self.H
        d = {}
        for k, gate in enumerate("figo"):
            d["W_" + gate] = dW[k * H:(k + 1) * H]
            d["b_" + gate] = db[k * H:(k + 1) * H]
        d["W_v"], d["b_v"] = dW_v, db_v
        return d


def clip(model, grads):
    """The lab's clip_gradient_norm over the 10 arrays (the stacked storage
    holds exactly the same entries, so the sum of squares is the same)."""
    named = model.named_grads(grads)
    total = np.sqrt(sum(np.sum(named[k] ** 2) for k in NAMES))
    coef = MAX_NORM / (total + 1e-6)
    if coef < 1:
        grads = [g * coef for g in grads]
    return grads


def validation_nll(model, val_inputs, val_tokens):
    return sum(model.loss(Z, ys) for Z, ys in val_inputs) / val_tokens


def run_check():
    """Finite-difference check on a tiny model, plus agreement with the
    fixtures' reference LSTM."""
    rs = np.random.RandomState(7)
    H, V = 3, 4
    Ws = [rs.randn(H, H + V) * 0.5 for _ in range(4)]
    bs = rs.randn(4 * H) * 0.1
    W_v = rs.randn(V, H) * 0.5
    b_v = rs.randn(V) * 0.1
    m = LSTM(*Ws, W_v, b=bs, b_v=b_v)
    worst = 0.0
    for tokens in ([0, 0, 0, 1, 1, 1, 2], [0, 1, 2], [0, 0, 1, 1, 2], [3, 0, 1, 2, 0, 1]):
        Z, ys = m.inputs(tokens)
        loss, grads = m.loss_and_grads(Z, ys)
        assert abs(loss - m.loss(m.inputs(tokens)[0], ys)) < 1e-12
        eps = 1e-6
        for p, g in zip(m.arrays(), grads):
            fp, fg = p.reshape(-1), g.reshape(-1)
            num = np.zeros_like(fg)
            for j in range(fp.size):
                old = fp[j]
                fp[j] = old + eps
                lp = m.loss(m.inputs(tokens)[0], ys)
                fp[j] = old - eps
                lm = m.loss(m.inputs(tokens)[0], ys)
                fp[j] = old
                num[j] = (lp - lm) / (2 * eps)
            err = np.abs(fg - num) / np.maximum(np.maximum(np.abs(fg), np.abs(num)), 1e-2)
            worst = max(worst, float(err.max()))
    assert worst < 1e-6, f"finite-difference check failed: max error {worst:.3e}"
    print(f"finite-difference check ok: max entrywise relative error {worst:.2e}", file=sys.stderr)

    # Cross-check against the fixtures' reference implementation (if present).
    fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "..", "tests", "fixtures")
    sys.path.insert(0, os.path.abspath(fixtures))
    try:
        import make_numpy_fixtures as ref
    except ImportError:
        print("reference cross-check skipped (fixtures script not found)", file=sys.stderr)
        return
    params = {k: v.copy() for k, v in m.named().items()}
    tokens = [0, 0, 0, 1, 1, 1, 2]
    rl, _, rg = ref.lstm_forward_backward(params, tokens, V)
    Z, ys = m.inputs(tokens)
    loss, grads = m.loss_and_grads(Z, ys)
    ng = m.named_grads(grads)
    diff = max(float(np.max(np.abs(ng[k] - rg[k]))) for k in NAMES)
    assert abs(loss - rl) < 1e-12 and diff < 1e-12, (loss, rl, diff)
    print(f"reference cross-check ok: |loss diff| {abs(loss - rl):.1e}, "
          f"max |grad diff| {diff:.1e}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--json-history", action="store_true",
                    help="also output the per-epoch (start of epoch) validation NLL per token")
    ap.add_argument("--check", action="store_true",
                    help="finite-difference gradient check on a tiny model, then exit")
    args = ap.parse_args()
    if args.check:
        run_check()
        return

    train, val, vocab = lab_data()
    # Continue the global stream right after the data: W_f, W_i, W_g, W_o, W_v.
    z_size = HIDDEN + vocab
    Ws = [init_orthogonal(np.zeros((HIDDEN, z_size))) for _ in range(4)]
    W_v = init_orthogonal(np.zeros((vocab, HIDDEN)))
    model = LSTM(*Ws, W_v)
    train_tokens = sum(len(s) - 1 for s in train)
    val_tokens = sum(len(s) - 1 for s in val)
    train_inputs = [model.inputs(s) for s in train]
    val_inputs = [model.inputs(s) for s in val]
    params = model.arrays()

    history = []
    epoch_time = train_time = 0.0
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        history.append(float(validation_nll(model, val_inputs, val_tokens)))
        t1 = time.perf_counter()
        for Z, ys in train_inputs:
            _, grads = model.loss_and_grads(Z, ys)
            for p, g in zip(params, clip(model, grads)):
                p -= LR * g
        t2 = time.perf_counter()
        epoch_time += t2 - t0
        train_time += t2 - t1

    out = {
        "seconds_per_epoch": epoch_time / args.epochs,
        "train_tokens_per_second": train_tokens * args.epochs / train_time,
        "final_validation_mean_token_nll": float(validation_nll(model, val_inputs, val_tokens)),
    }
    if args.json_history:
        out["validation_mean_token_nll_per_epoch"] = history
    print(json.dumps(out))


if __name__ == "__main__":
    main()
