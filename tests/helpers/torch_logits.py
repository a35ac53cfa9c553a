"""Loads a safetensors file written by `deno task export` into the lab's
PyTorch module and prints its logits for a token sequence, as JSON.

    /usr/bin/python3 tests/helpers/torch_logits.py MODEL.safetensors 0 0 1 1

Reads safetensors with NumPy (the `safetensors` package is not needed), then
`load_state_dict(strict=True)` into nn.LSTM / nn.GRU / nn.RNN + nn.Linear.
"""
import json
import struct
import sys

import numpy as np
import torch
import torch.nn as nn


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": np.float32, "F64": np.float64}[entry["dtype"]]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(data[start + begin:start + end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.astype(np.float64).copy())
    return tensors


class LabNet(nn.Module):
    def __init__(self, cell, vocab, hidden, layers, bias):
        super().__init__()
        layer = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        setattr(self, cell, layer(input_size=vocab, hidden_size=hidden, num_layers=layers))
        self.cell = cell
        self.l_out = nn.Linear(hidden, vocab, bias=bias)

    def forward(self, x):
        x, _ = getattr(self, self.cell)(x)
        return self.l_out(x.view(-1, x.shape[-1]))


def main():
    torch.set_default_dtype(torch.float64)
    state = read_safetensors(sys.argv[1])
    tokens = [int(t) for t in sys.argv[2:]]
    cell = next(name.split(".")[0] for name in state if name.endswith("weight_ih_l0"))
    vocab = state[f"{cell}.weight_ih_l0"].shape[1]
    hidden = state[f"{cell}.weight_hh_l0"].shape[1]
    layers = sum(1 for name in state if name.startswith(f"{cell}.weight_ih_l"))
    net = LabNet(cell, vocab, hidden, layers, "l_out.bias" in state)
    net.load_state_dict(state, strict=True)
    x = torch.zeros(len(tokens), 1, vocab)
    for t, token in enumerate(tokens):
        x[t, 0, token] = 1.0
    with torch.no_grad():
        logits = net(x)
    print(json.dumps({"cell": cell, "logits": logits.reshape(-1).tolist()}))


if __name__ == "__main__":
    main()
