// A character model gives back all the memory it took.
import assert from "node:assert/strict";
import { createWasmBackend } from "../../mod.ts";
import { StreamLoader } from "../../src/data/stream_batches.ts";
import { CHAR_MODELS } from "../../src/models/registry.ts";
import { Trainer } from "../../src/train/trainer.ts";

Deno.test("CharModel.dispose() frees every tensor it allocated: build, train, evaluate, dispose, again", () => {
  const backend = createWasmBackend();
  const cycle = (kind: string) => {
    const model = CHAR_MODELS.build(kind, backend, {
      vocabularySize: 7,
      hiddenSize: 8,
      embedding: kind === "char-gru" ? 3 : 0,
    });
    const trainer = new Trainer(model, { parameters: model.parameters, lr: 0.01 });
    trainer.step(new StreamLoader(Uint8Array.from({ length: 40 }, (_, i) => i % 7), 2, 4).next());
    model.evaluate(Uint8Array.of(1, 2, 3, 4, 5), 2, 2);
    trainer.dispose();
    model.dispose();
  };
  for (const kind of CHAR_MODELS.names) {
    cycle(kind); // the backend's own working space grows to these shapes once and is kept
    const settled = backend.bytesInUse;
    for (let i = 0; i < 3; i++) cycle(kind);
    assert.equal(backend.bytesInUse, settled, `${kind}: bytes in use after three more models`);
  }
});
