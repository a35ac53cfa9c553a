// Witness (b): the lab's first three SGD steps, computed by real NumPy from
// the seed-42 orthogonal weights, reproduced by the reference backend.
import { createReferenceBackend } from "../../mod.ts";
import { generateAnBn } from "../../src/lab/data/anbn.ts";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { splitSequences } from "../../src/data/split.ts";
import { Vocabulary } from "../../src/data/vocabulary.ts";
import { RNN } from "../../src/lab/models/rnn.ts";
import { train } from "../../src/train/train.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { NUMPY_TOLERANCE, numpyFixtures } from "../helpers/numpy_fixtures.ts";

Deno.test("RNN: losses, norms and weights after NumPy's first 3 clipped SGD steps, to 1e-9", () => {
  const random = new NumpyRandom(42);
  const sequences = generateAnBn(random);
  const split = splitSequences(sequences, Vocabulary.fromSequences(sequences));
  const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 50 });
  model.initialize(random);
  const { steps, learning_rate } = numpyFixtures.rnn_sgd_steps;
  const losses: number[] = [], norms: number[] = [];
  for (let step = 0; step < steps.length; step++) {
    train(model, [split.train[step]], [], {
      epochs: 1,
      lr: learning_rate,
      onStep: (progress) => {
        losses.push(progress.loss);
        norms.push(progress.gradientNorm);
      },
    });
    for (const parameter of model.parameters) {
      const expected = steps[step].params_after[parameter.name as "U"];
      assertClose(
        parameter.value.data,
        expected,
        NUMPY_TOLERANCE,
        `step ${step + 1} ${parameter.name}`,
      );
    }
  }
  assertClose(losses, steps.map((s) => s.loss), NUMPY_TOLERANCE, "losses");
  assertClose(norms, steps.map((s) => s.grad_norm), NUMPY_TOLERANCE, "gradient norms");
});
