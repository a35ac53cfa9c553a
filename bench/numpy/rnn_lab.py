"""NumPy baseline for the lab's vanilla RNN, to time our TypeScript against.

    /usr/bin/python3 bench/numpy/rnn_lab.py [--epochs 5]

The same correct RNN as tests/fixtures/make_numpy_fixtures.py: hidden 50,
the lab's seed-42 a^n b^n EOS data, the lab's orthogonal init drawn right after
the data, one sequence per update, the lab's global-norm clipping to 0.25,
plain SGD with lr 1e-3.

Each epoch first runs the validation set forward (loss only), then trains on the
204 training sequences in order. Printed, as one JSON line:
  seconds_per_epoch                wall time of a whole epoch (validation + training)
  train_tokens_per_second          training input tokens / training time only
  final_validation_mean_token_nll  validation NLL per input token after the last
                                   epoch (one extra, untimed validation pass)

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

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lab_data import init_orthogonal, lab_data  # noqa: E402

HIDDEN, LR, MAX_NORM = 50, 1e-3, 0.25




def one_hots(tokens, vocab):
    eye = np.eye(vocab)
    return [eye[t] for t in tokens]


def forward(P, xs, targets):
    U, V, W, bh, bo = P
    hs, ps, loss = [np.zeros(HIDDEN)], [], 0.0
    for x, y in zip(xs, targets):
        h = np.tanh(U @ x + V @ hs[-1] + bh)
        o = W @ h + bo
        e = np.exp(o - o.max())
        p = e / e.sum()
        loss -= np.log(p[y])
        hs.append(h)
        ps.append(p)
    return loss, hs, ps


def backward(P, xs, targets, hs, ps):
    U, V, W, bh, bo = P
    dU, dV, dW, dbh, dbo = (np.zeros_like(a) for a in P)
    dh_next = np.zeros(HIDDEN)
    for t in reversed(range(len(xs))):
        do = ps[t].copy()
        do[targets[t]] -= 1.0
        dW += np.outer(do, hs[t + 1])
        dbo += do
        da = (1.0 - hs[t + 1] ** 2) * (W.T @ do + dh_next)
        dbh += da
        dU += np.outer(da, xs[t])
        dV += np.outer(da, hs[t])  # hs[0] is the zero initial state
        dh_next = V.T @ da
    return [dU, dV, dW, dbh, dbo]


def clip(grads):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    coef = MAX_NORM / (total + 1e-6)
    if coef < 1:
        grads = [g * coef for g in grads]
    return grads


def validation_nll(P, val, vocab):
    nll = sum(forward(P, one_hots(s[:-1], vocab), s[1:])[0] for s in val)
    return nll / sum(len(s) - 1 for s in val)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    args = ap.parse_args()

    train, val, vocab = lab_data()
    # Continue the global stream right after the data, exactly as the fixtures.
    U = init_orthogonal(np.zeros((HIDDEN, vocab)))
    V = init_orthogonal(np.zeros((HIDDEN, HIDDEN)))
    W = init_orthogonal(np.zeros((vocab, HIDDEN)))
    P = [np.ascontiguousarray(a) for a in (U, V, W)] + [np.zeros(HIDDEN), np.zeros(vocab)]
    train_tokens = sum(len(s) - 1 for s in train)

    epoch_time = train_time = 0.0
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        validation_nll(P, val, vocab)
        t1 = time.perf_counter()
        for s in train:
            xs, ys = one_hots(s[:-1], vocab), s[1:]
            _, hs, ps = forward(P, xs, ys)
            grads = clip(backward(P, xs, ys, hs, ps))
            for p, g in zip(P, grads):
                p -= LR * g
        t2 = time.perf_counter()
        epoch_time += t2 - t0
        train_time += t2 - t1

    print(json.dumps({
        "seconds_per_epoch": epoch_time / args.epochs,
        "train_tokens_per_second": train_tokens * args.epochs / train_time,
        "final_validation_mean_token_nll": float(validation_nll(P, val, vocab)),
    }))


if __name__ == "__main__":
    main()
