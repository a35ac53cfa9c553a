"""PyTorch baseline for the lab's LSTM, to time our TypeScript against.

    /usr/bin/python3 bench/pytorch/lstm_lab.py [--epochs 5] [--optimizer sgd|adam]
                                               [--lr LR] [--json-history]

The lab's PyTorch model: nn.LSTM(input_size=4, hidden_size=50) followed by
nn.Linear(50, 4, bias=False), on one-hot inputs, float32, PyTorch's default
initialisation after torch.manual_seed(42) (the weights do not match the NumPy /
TypeScript orthogonal init). Data: the lab's seed-42 a^n b^n EOS set generated
with NumPy exactly as bench/numpy/lstm_lab.py does (same vocabulary, 204/25/25
split, validation = the 25 after the training set). One sequence per update, in
order; loss = CrossEntropyLoss(reduction="sum") over the sequence's targets;
torch.nn.utils.clip_grad_norm_(params, 0.25); optimizer SGD (default, lr 0.1 like
the NumPy LSTM loop) or Adam (--optimizer adam, lr 1e-2 unless --lr is given).

torch.set_num_threads(1) so that comparisons are single-threaded.

--lab-loop runs the loop as the lab's notebook writes it: each sequence is
one-hot encoded with NumPy (an array of shape (T, V, 1)), turned into a
torch.Tensor and permuted, and its targets into a LongTensor, inside the timed
loop, every epoch. Without it the tensors are built once before timing.

Each epoch first runs the validation set forward (torch.no_grad, loss only), then
trains on the 204 training sequences in order. Printed, as one JSON line, the
keys of bench/numpy/lstm_lab.py:
  seconds_per_epoch                wall time of a whole epoch (validation + training)
  train_tokens_per_second          training input tokens / training time only
  final_validation_mean_token_nll  validation NLL per input token after the last
                                   epoch (one extra, untimed validation pass)
  validation_mean_token_nll_per_epoch
                                   (only with --json-history) the validation NLL
                                   per input token measured at the start of each
                                   epoch, i.e. before that epoch's training
plus "torch_version" (and "optimizer", "lr").
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from lab_data import lab_data  # noqa: E402

HIDDEN, MAX_NORM, SEED = 50, 0.25, 42
DEFAULT_LR = {"sgd": 0.1, "adam": 1e-2}



class Net(nn.Module):
    """The lab's PyTorch network: LSTM(4 -> 50), then a bias-free linear 50 -> 4."""

    def __init__(self, vocab):
        super().__init__()
        self.lstm = nn.LSTM(input_size=vocab, hidden_size=HIDDEN, num_layers=1,
                            bidirectional=False)
        self.l_out = nn.Linear(in_features=HIDDEN, out_features=vocab, bias=False)

    def forward(self, x):
        # x: (T, 1, vocab) one-hot; zero initial state.
        x, _ = self.lstm(x)
        return self.l_out(x.view(-1, self.lstm.hidden_size))  # (T, vocab)


def tensors(seq, vocab):
    """One-hot inputs (T, 1, vocab) float32 and targets (T,) int64."""
    T = len(seq) - 1
    x = torch.zeros(T, 1, vocab)
    x[torch.arange(T), 0, torch.tensor(seq[:-1])] = 1.0
    return x, torch.tensor(seq[1:], dtype=torch.long)


def lab_tensors(seq, vocab):
    """What the lab's loop does per sequence: a NumPy one-hot (T, V, 1), permuted to (T, 1, V)."""
    one_hot = np.zeros((len(seq) - 1, vocab, 1))
    for t, word in enumerate(seq[:-1]):
        one_hot[t, word, 0] = 1.0
    x = torch.Tensor(one_hot).permute(0, 2, 1)
    return x, torch.LongTensor(seq[1:])


def validation_nll(net, criterion, val_inputs, val_tokens):
    with torch.no_grad():
        total = sum(float(criterion(net(x), y)) for x, y in val_inputs)
    return total / val_tokens


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    ap.add_argument("--lr", type=float, default=None,
                    help="learning rate (default 0.1 for sgd, 1e-2 for adam)")
    ap.add_argument("--lab-loop", action="store_true",
                    help="encode every sequence inside the timed loop, as the lab's notebook")
    ap.add_argument("--json-history", action="store_true",
                    help="also output the per-epoch (start of epoch) validation NLL per token")
    args = ap.parse_args()
    lr = DEFAULT_LR[args.optimizer] if args.lr is None else args.lr

    torch.set_num_threads(1)
    train, val, vocab = lab_data()
    torch.manual_seed(SEED)
    net = Net(vocab)
    params = list(net.parameters())
    if args.optimizer == "sgd":
        opt = torch.optim.SGD(params, lr=lr)
    else:
        opt = torch.optim.Adam(params, lr=lr)
    criterion = nn.CrossEntropyLoss(reduction="sum")

    train_tokens = sum(len(s) - 1 for s in train)
    val_tokens = sum(len(s) - 1 for s in val)
    train_inputs = [tensors(s, vocab) for s in train]
    val_inputs = [tensors(s, vocab) for s in val]

    history = []
    epoch_time = train_time = 0.0
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        net.eval()
        if args.lab_loop:
            val_inputs = [lab_tensors(s, vocab) for s in val]
        history.append(validation_nll(net, criterion, val_inputs, val_tokens))
        t1 = time.perf_counter()
        net.train()
        for seq, (x, y) in zip(train, train_inputs):
            if args.lab_loop:
                x, y = lab_tensors(seq, vocab)
            opt.zero_grad()
            loss = criterion(net(x), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, MAX_NORM)
            opt.step()
        t2 = time.perf_counter()
        epoch_time += t2 - t0
        train_time += t2 - t1

    net.eval()
    out = {
        "seconds_per_epoch": epoch_time / args.epochs,
        "train_tokens_per_second": train_tokens * args.epochs / train_time,
        "final_validation_mean_token_nll": validation_nll(net, criterion, val_inputs, val_tokens),
    }
    if args.json_history:
        out["validation_mean_token_nll_per_epoch"] = history
    out["torch_version"] = torch.__version__
    out["optimizer"] = args.optimizer
    out["lr"] = lr
    out["lab_loop"] = args.lab_loop
    print(json.dumps(out))


if __name__ == "__main__":
    main()
