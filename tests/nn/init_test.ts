// Initialisation schemes of the nn models: PyTorch's uniform bounds, and the
// lab's orthogonal one (orthonormal rows or columns, zero biases).
import assert from "node:assert/strict";
import { createReferenceBackend, NnSequenceModel, NumpyRandom } from "../../mod.ts";

const backend = createReferenceBackend();

Deno.test("PyTorch's default init stays within ±1/√H and is not degenerate", () => {
  const model = new NnSequenceModel(backend, { cell: "gru", vocabularySize: 4, hiddenSize: 25 });
  model.initialize(new NumpyRandom(1));
  for (const parameter of model.parameters) {
    const bound = parameter.name.startsWith("l_out") ? 1 / Math.sqrt(25) : 1 / Math.sqrt(25);
    const values = [...parameter.value.data];
    assert.ok(values.every((v) => Math.abs(v) <= bound), `${parameter.name} exceeds ±${bound}`);
    assert.ok(
      Math.max(...values) - Math.min(...values) > bound,
      `${parameter.name} is not spread out`,
    );
  }
});

Deno.test("the orthogonal scheme gives orthonormal weight matrices and zero biases", () => {
  const model = new NnSequenceModel(backend, { cell: "lstm", vocabularySize: 4, hiddenSize: 6 });
  model.initialize(new NumpyRandom(2), "orthogonal");
  for (const parameter of model.parameters) {
    const { shape, data } = parameter.value;
    if (shape.length === 1) {
      assert.ok(data.every((v) => v === 0), `${parameter.name} should be zero`);
      continue;
    }
    const [rows, cols] = shape;
    const tall = rows >= cols, count = tall ? cols : rows, length = tall ? rows : cols;
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < count; b++) {
        let dot = 0;
        for (let k = 0; k < length; k++) {
          dot += tall
            ? data[k * cols + a] * data[k * cols + b]
            : data[a * cols + k] * data[b * cols + k];
        }
        assert.ok(
          Math.abs(dot - (a === b ? 1 : 0)) < 1e-12,
          `${parameter.name} (${a}, ${b}): ${dot}`,
        );
      }
    }
  }
});
