"""The lab's seed-42 data set and its orthogonal initialisation, shared by the
NumPy and PyTorch baselines in bench/numpy/ and bench/pytorch/.

    np.random.seed(42); 256 sequences a^n b^n EOS with n = randint(1, 12);
    vocabulary by frequency then UNK (a=0, b=1, EOS=2, UNK=3);
    split 204 / 25 / 25, the test set taken from the end as the lab does.
"""
from collections import defaultdict

import numpy as np


def lab_data():
    """Encoded training and validation sequences and the vocabulary size."""
    np.random.seed(42)
    seqs = []
    for _ in range(256):
        n = np.random.randint(1, 12)
        seqs.append(["a"] * n + ["b"] * n + ["EOS"])
    count = defaultdict(int)
    for s in seqs:
        for w in s:
            count[w] += 1
    words = [w for w, _ in sorted(count.items(), key=lambda l: -l[1])] + ["UNK"]
    w2i = {w: i for i, w in enumerate(words)}
    enc = [[w2i[w] for w in s] for s in seqs]
    n_train, n_val = int(256 * 0.8), int(256 * 0.1)
    return enc[:n_train], enc[n_train:n_train + n_val], len(words)


def init_orthogonal(param):
    """The lab's init_orthogonal: Q of a standard-normal matrix, sign-fixed."""
    rows, cols = param.shape
    new_param = np.random.randn(rows, cols)
    if rows < cols:
        new_param = new_param.T
    q, r = np.linalg.qr(new_param)
    q *= np.sign(np.diag(r, 0))
    if rows < cols:
        q = q.T
    return q
