// Padded batches with lengths behave as if each sequence ran alone: the final
// states and the unpadded outputs equal those of a batch of one, cut to length.
import { createReferenceBackend, nn, NumpyRandom } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";

const backend = createReferenceBackend();
const [T, I, H] = [6, 3, 4];
const lengths = [6, 3, 1];
const B = lengths.length;

for (const cell of ["LSTM", "GRU"] as const) {
  Deno.test(`nn.${cell} with lengths: each sequence's h_n and outputs equal running it alone`, () => {
    const layer = new nn[cell](backend, { inputSize: I, hiddenSize: H, numLayers: 2 });
    layer.initialize(new NumpyRandom(21));
    const x = backend.tensor([T * B, I], randomValues(22, T * B * I));
    const batched = layer instanceof nn.LSTM
      ? layer.forward(x, B, undefined, undefined, lengths)
      : layer.forward(x, B, undefined, lengths);
    const output = Float64Array.from(batched.output.data);
    const hN = Float64Array.from(batched.hN.data);
    lengths.forEach((length, b) => {
      const alone = new Float64Array(length * I);
      for (let t = 0; t < length; t++) {
        alone.set(x.data.subarray((t * B + b) * I, (t * B + b + 1) * I), t * I);
      }
      const single = layer.forward(backend.tensor([length, I], alone), 1);
      for (let k = 0; k < 2; k++) {
        assertClose(
          hN.subarray((k * B + b) * H, (k * B + b + 1) * H),
          single.hN.data.subarray(k * H, (k + 1) * H),
          { atol: 1e-14, rtol: 1e-12 },
          `${cell} h_n layer ${k} sequence ${b}`,
        );
      }
      for (let t = 0; t < T; t++) {
        const row = output.subarray((t * B + b) * H, (t * B + b + 1) * H);
        const expected = t < length
          ? single.output.data.subarray(t * H, (t + 1) * H)
          : new Float64Array(H);
        assertClose(
          row,
          expected,
          { atol: 1e-14, rtol: 1e-12 },
          `${cell} output step ${t} sequence ${b}`,
        );
      }
    });
  });
}

for (const cell of ["lstm", "gru"] as const) {
  Deno.test(`NnSequenceModel(${cell}): the batched gradient equals the sum of per-sequence gradients`, async () => {
    const { NnSequenceModel, makeBatch, zeroGradients } = await import("../../mod.ts");
    const model = new NnSequenceModel(backend, {
      cell,
      vocabularySize: 4,
      hiddenSize: 5,
      numLayers: 2,
    });
    model.initialize(new NumpyRandom(41));
    const sequence = (n: number) => {
      const tokens = [...Array(n).fill(0), ...Array(n).fill(1), 2];
      return {
        words: [],
        inputs: Int32Array.from(tokens.slice(0, -1)),
        targets: Int32Array.from(tokens.slice(1)),
      };
    };
    const sequences = [sequence(3), sequence(1), sequence(4)];
    const gradients = () => model.parameters.map((p) => Float64Array.from(p.grad.data));
    zeroGradients(model);
    let summed = 0;
    for (const single of sequences) {
      summed += model.forward(makeBatch([single]));
      model.backward();
    }
    const perSequence = gradients();
    zeroGradients(model);
    const batched = model.forward(makeBatch(sequences));
    model.backward();
    assertClose([batched], [summed], { atol: 0, rtol: 1e-12 }, "loss");
    gradients().forEach((grad, i) =>
      assertClose(grad, perSequence[i], { atol: 1e-15, rtol: 1e-9 }, model.parameters[i].name)
    );
  });
}
