// nn.Linear against PyTorch: outputs and every gradient, with and without bias.
import { createReferenceBackend, getBackend } from "../../mod.ts";
import { Linear } from "../../src/nn/linear.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

const fixture = torchFixtures.linear;

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  for (const variant of ["with_bias", "without_bias"] as const) {
    Deno.test(`Linear ${variant} matches PyTorch on ${backend.description}`, () => {
      const expected = fixture[variant];
      const layer = new Linear(backend, { inFeatures: 5, outFeatures: 3, bias: expected.bias });
      for (const parameter of layer.parameters()) {
        parameter.value.data.set(expected.state_dict[parameter.name as "weight"].values);
      }
      const x = backend.tensor([4, 5], fixture.input.values);
      const y = layer.forward(x);
      assertClose(y.data, expected.output.values, tolerance, `${variant} output`);
      const dx = layer.backward(backend.tensor([4, 3], fixture.G.values));
      assertClose(dx.data, expected.grad_input.values, tolerance, `${variant} grad input`);
      for (const parameter of layer.parameters()) {
        assertClose(
          parameter.grad.data,
          expected.grads[parameter.name as "weight"].values,
          tolerance,
          `${variant} d${parameter.name}`,
        );
      }
    });
  }
}
