// The lab's PyTorch exercise end to end: nn.LSTM(4, 50) then a bias-free
// Linear(50, 4), mean cross-entropy, clip_grad_norm_(0.25) and three Adam steps
// (lr 1e-2) on one sequence — logits, loss, gradients and the weights after
// the steps, against PyTorch 1.13 in float64.
import { createReferenceBackend, getBackend, nn } from "../../mod.ts";
import type { Backend, Parameter } from "../../mod.ts";
import { oneHot } from "../../src/data/vocabulary.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

const fixture = torchFixtures.lab_nn_model;
type Named = Record<string, { values: number[] }>;

function build(backend: Backend) {
  const lstm = new nn.LSTM(backend, { inputSize: 4, hiddenSize: 50 });
  const linear = new nn.Linear(backend, { inFeatures: 50, outFeatures: 4, bias: false });
  const named: [string, Parameter][] = [
    ...lstm.parameters().map((p): [string, Parameter] => [`lstm.${p.name}`, p]),
    ...linear.parameters().map((p): [string, Parameter] => [`l_out.${p.name}`, p]),
  ];
  for (const [name, parameter] of named) {
    parameter.value.data.set((fixture.state_dict as Named)[name].values);
  }
  return { lstm, linear, named, parameters: named.map(([, p]) => p) };
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  Deno.test(`the lab's nn model: forward, backward and 3 clipped Adam steps match PyTorch on ${backend.description}`, () => {
    const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
    const { lstm, linear, named, parameters } = build(backend);
    const loss = new nn.CrossEntropyLoss(backend);
    const x = backend.tensor([6, 4], oneHot(fixture.tokens.slice(0, -1), 4));
    const step = () => {
      const { output } = lstm.forward(x, 1);
      const logits = linear.forward(output);
      const value = loss.forward(logits, fixture.targets);
      lstm.backward(linear.backward(loss.backward()));
      return { value, logits };
    };
    nn.zeroGrad(backend, parameters);
    const first = step();
    assertClose(first.logits.data, fixture.logits.values, tolerance, "logits");
    assertClose([first.value], [fixture.loss], tolerance, "loss");
    for (const [name, parameter] of named) {
      assertClose(
        parameter.grad.data,
        (fixture.grads as Named)[name].values,
        tolerance,
        `d ${name}`,
      );
    }
    const adam = new nn.Adam(backend, parameters, { lr: fixture.adam.lr });
    const losses: number[] = [], norms: number[] = [];
    nn.zeroGrad(backend, parameters);
    for (let i = 0; i < 3; i++) {
      adam.zeroGrad();
      losses.push(step().value);
      norms.push(nn.clipGradNorm(backend, parameters, fixture.adam.max_norm));
      adam.step();
    }
    assertClose(losses, fixture.adam.loss_before_each_step, tolerance, "losses before each step");
    assertClose(norms, fixture.adam.grad_norm_before_clip_each_step, tolerance, "gradient norms");
    for (const [name, parameter] of named) {
      const expected = (fixture.adam.state_dict_after_3_steps as Named)[name].values;
      assertClose(parameter.value.data, expected, tolerance, `${name} after 3 steps`);
    }
  });
}
