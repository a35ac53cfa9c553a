"""PyTorch's matrix product alone (torch.mm, which Debian's build hands to
OpenBLAS's sgemm), timed at the char-LM update's product shapes, for
`deno task bench:charlm`: how fast the other side's products run on one core,
beside our register tile. Prints one JSON line.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch/gemm.py --threads 1 \\
        --shape step:32x256x1024 --shape gradient:1024x2048x256:t
A shape is name:MxKxN (A is M×K, B is K×N); ':t' takes A as the transpose of
a K×M tensor, as a weight gradient's dGatesᵀ · X does.
"""
import argparse
import json
import time

import torch


def gflops(m, k, n, transposed, seconds=1.0):
    """The best of five rounds of about seconds / 5 each."""
    a = torch.randn(k, m).t() if transposed else torch.randn(m, k)
    b = torch.randn(k, n)
    c = torch.empty(m, n)
    for _ in range(3):
        torch.mm(a, b, out=c)
    start = time.perf_counter()
    torch.mm(a, b, out=c)
    repeats = max(1, int(seconds / 5 / max(time.perf_counter() - start, 1e-6)))
    best = 0.0
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeats):
            torch.mm(a, b, out=c)
        best = max(best, 2 * m * k * n * repeats / (time.perf_counter() - start) / 1e9)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--shape", action="append", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    shapes = []
    for spec in args.shape:
        name, size, *flags = spec.split(":")
        m, k, n = (int(x) for x in size.split("x"))
        shapes.append(
            {"name": name, "m": m, "k": k, "n": n, "gflops": gflops(m, k, n, "t" in flags)}
        )
    print(json.dumps({"torch": torch.__version__, "shapes": shapes}))


if __name__ == "__main__":
    main()
