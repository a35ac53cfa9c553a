// char-rnn's loader: B contiguous streams, each batch continuing every stream
// where the last stopped; evaluation visits every character exactly once.
import assert from "node:assert/strict";
import { evaluationBatches, StreamLoader } from "../../src/data/stream_batches.ts";

const counting = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

Deno.test("each stream is contiguous across batches, and targets are the next characters", () => {
  for (const [n, B, T] of [[101, 3, 5], [577, 5, 17], [54, 1, 53]]) {
    const loader = new StreamLoader(counting(n), B, T);
    const seen: number[][] = Array.from({ length: B }, () => []);
    for (let k = 0; k < loader.batchesPerEpoch; k++) {
      const batch = loader.next();
      assert.equal(batch.startsEpoch, k === 0);
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          assert.equal(batch.targets[t * B + b], batch.inputs[t * B + b] + 1);
          seen[b].push(batch.inputs[t * B + b]);
        }
      }
    }
    for (let b = 0; b < B; b++) {
      assert.deepEqual(seen[b], seen[b].map((_, i) => seen[b][0] + i), `stream ${b} is contiguous`);
      assert.equal(seen[b][0], b * loader.streamLength);
    }
    assert.equal(loader.next().startsEpoch, true, "the next epoch starts over");
  }
});

Deno.test("a restored loader continues with the batch the original would give", () => {
  const a = new StreamLoader(counting(500), 4, 7);
  for (let i = 0; i < 13; i++) a.next();
  const b = new StreamLoader(counting(500), 4, 7);
  b.restore(JSON.parse(JSON.stringify(a.state())));
  for (let i = 0; i < 20; i++) assert.deepEqual(b.next(), a.next());
  assert.throws(() => b.restore({ epoch: 0, chunk: 99 }), /chunk below 17/);
});

Deno.test("a text shorter than one batch is refused, saying how long it must be", () => {
  assert.throws(
    () => new StreamLoader(counting(10), 3, 4),
    /10 characters are fewer than one batch needs: 3 streams × 4 steps \+ 1 = 13/,
  );
});

Deno.test("evaluation batches predict every character after the first exactly once", () => {
  for (const [n, B, T] of [[2, 4, 3], [3, 1, 1], [53, 5, 4], [257, 17, 5], [577, 32, 64]]) {
    const ids = counting(n);
    const targets: number[] = [];
    for (const batch of evaluationBatches(ids, B, T)) {
      for (let r = 0; r < batch.targets.length; r++) {
        if (batch.targets[r] < 0) continue;
        assert.equal(batch.targets[r], batch.inputs[r] + 1);
        targets.push(batch.targets[r]);
      }
    }
    assert.deepEqual(targets.sort((a, b) => a - b), Array.from({ length: n - 1 }, (_, i) => i + 1));
  }
});
