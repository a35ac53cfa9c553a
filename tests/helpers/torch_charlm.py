"""Loads a char-LM safetensors file written by `deno task export` into PyTorch
(load_state_dict(strict=True) into nn.Embedding or one-hot, nn.LSTM / nn.GRU /
nn.RNN, nn.Linear(H, V)) and prints its logits for a sequence of ids, as JSON.

    /usr/bin/python3 tests/helpers/torch_charlm.py MODEL.safetensors 3 1 4 1 5

The README's ten lines of PyTorch are this module; the safetensors reader is
json + torch.frombuffer, since Debian has no `safetensors` package.
"""
import json
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": torch.float32, "F64": torch.float64}
    tensors = {k: torch.frombuffer(bytearray(data[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]]),
                                   dtype=dtypes[v["dtype"]]).reshape(v["shape"]) for k, v in header.items()}
    return tensors, meta


class CharLM(nn.Module):
    def __init__(self, cell, vocab, hidden, layers, embedding):
        super().__init__()
        self.vocab, self.cell = vocab, cell
        if embedding:
            self.embedding = nn.Embedding(vocab, embedding)
        layer = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        setattr(self, cell, layer(embedding or vocab, hidden, layers))
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, ids, state=None):
        x = self.embedding(ids) if hasattr(self, "embedding") else F.one_hot(ids, self.vocab).float()
        out, state = getattr(self, self.cell)(x, state)
        return self.decoder(out), state


def main():
    state, meta = read_safetensors(sys.argv[1])
    cell = meta["kind"].split("-")[1]
    vocab, hidden = state["decoder.weight"].shape
    embedding = state["embedding.weight"].shape[1] if "embedding.weight" in state else 0
    net = CharLM(cell, vocab, hidden, int(meta["numLayers"]), embedding)
    net.load_state_dict(state, strict=True)
    ids = torch.tensor([int(t) for t in sys.argv[2:]]).view(-1, 1)  # (T, B = 1)
    with torch.no_grad():
        logits, _ = net(ids)
    print(json.dumps({"logits": logits.reshape(-1).tolist()}))


if __name__ == "__main__":
    main()
