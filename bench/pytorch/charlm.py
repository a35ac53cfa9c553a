"""The char-LM of `deno task charlm train` in PyTorch, for `deno task bench:charlm`:
the same text, vocabulary (code points, sorted, UNK last), 90/10 split, char-rnn
loader (B contiguous streams, state carried and detached between batches),
one-hot input, nn.LSTM / nn.GRU / nn.RNN, nn.Linear, mean cross-entropy, Adam
with global-norm clipping, the same warm-up and per-epoch decay, and the same
whole-split validation. Prints one JSON line per evaluation and a summary;
with --time-updates N, only times N updates after --warmup-updates W (no
validation) and prints their median, for bench:charlm's interleaved rounds.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/charlm.py --data FILE \\
        --minutes 5 --threads 1 [--hidden 256 --layers 2 --batch-size 32 --seq-len 64 ...]
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/charlm.py --data FILE \\
        --threads 1 --time-updates 8 --warmup-updates 3
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def load(path, val_fraction):
    text = open(path, encoding="utf-8").read()
    points = sorted(set(ord(c) for c in text))
    index = {p: i for i, p in enumerate(points)}
    ids = torch.tensor([index[ord(c)] for c in text], dtype=torch.long)
    cut = round(len(ids) * (1 - val_fraction))
    return ids[:cut], ids[cut:], len(points) + 1  # + UNK, as ours


class CharLM(nn.Module):
    def __init__(self, cell, vocab, hidden, layers, dropout):
        super().__init__()
        self.vocab, self.cell = vocab, cell
        layer = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.rnn = layer(vocab, hidden, layers, dropout=dropout)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, ids, state):
        out, state = self.rnn(F.one_hot(ids, self.vocab).float(), state)
        return self.decoder(out), state


def detach(state):
    if state is None:
        return None
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def evaluate(model, ids, streams, steps):
    """Mean loss over every character of the split, as src/data/stream_batches.ts's evaluationBatches."""
    model.eval()
    targets = len(ids) - 1
    B = max(1, min(streams, targets))
    length = targets // B
    last = targets - length * (B - 1)
    total, count, state = 0.0, 0, None
    with torch.no_grad():
        for start in range(0, last, steps):
            T = min(steps, last - start)
            x = torch.zeros(T, B, dtype=torch.long)
            y = torch.full((T, B), -1, dtype=torch.long)
            for b in range(B):
                own = last if b == B - 1 else length
                n = max(0, min(T, own - start))
                at = b * length + start
                x[:n, b] = ids[at:at + n]
                y[:n, b] = ids[at + 1:at + 1 + n]
            logits, state = model(x, state)
            total += F.cross_entropy(logits.view(-1, logits.shape[-1]), y.view(-1),
                                     ignore_index=-1, reduction="sum").item()
            count += int((y >= 0).sum())
    model.train()
    return total / count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--val-fraction", type=float, default=0.1)
    p.add_argument("--model", default="lstm")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seq-len", type=int, default=64)
    p.add_argument("--lr", type=float, default=4e-3)
    p.add_argument("--warmup", type=int, default=50)
    p.add_argument("--decay", type=float, default=0.8)
    p.add_argument("--decay-after", type=float, default=1)
    p.add_argument("--clip", type=float, default=5.0)
    p.add_argument("--max-iters", type=int, default=10**9)
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--eval-every", type=int, default=250)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--time-updates", type=int, default=0)
    p.add_argument("--warmup-updates", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    train, val, V = load(a.data, a.val_fraction)
    B, T = a.batch_size, a.seq_len
    stream = (len(train) - 1) // B
    per_epoch = stream // T
    model = CharLM(a.model, V, a.hidden, a.layers, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    state, step, trained, seen_loss, seen = None, 0, 0.0, 0.0, 0
    best = math.inf
    start = time.perf_counter()
    eval_time = 0.0

    def report(final=False):
        nonlocal best, seen_loss, seen, eval_time
        t0 = time.perf_counter()
        loss = evaluate(model, val, B, T)
        eval_time += time.perf_counter() - t0
        best = min(best, loss)
        seconds = time.perf_counter() - start - eval_time
        print(json.dumps({"iter": step, "tokensSeen": step * B * T, "seconds": seconds,
                          "trainLoss": seen_loss / max(1, seen), "validationLoss": loss,
                          "best": best, "tokensPerSecond": step * B * T / seconds}), flush=True)
        seen_loss, seen = 0.0, 0

    def update():
        nonlocal state, step, seen_loss, seen
        chunk = step % per_epoch
        if chunk == 0:
            state = None
        rows = torch.arange(B) * stream + chunk * T
        index = rows.view(1, B) + torch.arange(T).view(T, 1)
        x, y = train[index], train[index + 1]
        epoch = step / per_epoch
        lr = a.lr * min(1, (step + 1) / max(1, a.warmup)) * a.decay ** max(0, epoch - a.decay_after)
        for group in opt.param_groups:
            group["lr"] = lr
        logits, state = model(x, detach(state))
        loss = F.cross_entropy(logits.view(-1, V), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        step += 1
        seen_loss += loss.item()
        seen += 1

    if a.time_updates > 0:
        times = []
        for _ in range(a.warmup_updates + a.time_updates):
            t0 = time.perf_counter()
            update()
            times.append(time.perf_counter() - t0)
        timed = sorted(times[a.warmup_updates:])
        print(json.dumps({"speed": {"msPerUpdate": 1000 * timed[len(timed) // 2],
                                    "bestMs": 1000 * timed[0], "updates": a.time_updates,
                                    "threads": a.threads, "torch": torch.__version__}}), flush=True)
        return
    while step < a.max_iters and time.perf_counter() - start < a.minutes * 60:
        update()
        if step % a.eval_every == 0:
            report()
    if seen:
        report()
    seconds = time.perf_counter() - start - eval_time
    print(json.dumps({"summary": {"iterations": step, "best": best, "seconds": seconds,
                                  "tokensPerSecond": step * B * T / seconds,
                                  "threads": a.threads, "torch": torch.__version__}}), flush=True)


if __name__ == "__main__":
    main()
