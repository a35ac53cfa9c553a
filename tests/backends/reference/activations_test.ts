// The reference activations' backward passes against finite differences.
import { createReferenceBackend } from "../../../mod.ts";
import { assertGradientsMatch, numericGradient } from "../../helpers/finite_difference.ts";
import { randomValues } from "../../helpers/random.ts";

const backend = createReferenceBackend();

for (const kind of ["tanh", "sigmoid"] as const) {
  Deno.test(`${kind}Backward() matches finite differences of Σ dy ⊙ ${kind}(x)`, () => {
    const n = 53;
    const x = backend.tensor([n], randomValues(1, n, -4, 4));
    const y = backend.tensor([n]);
    const dy = backend.tensor([n], randomValues(2, n));
    const loss = () => {
      backend[`${kind}Forward`](y, x);
      let total = 0;
      for (let i = 0; i < n; i++) total += dy.data[i] * y.data[i];
      return total;
    };
    const numeric = numericGradient(loss, x.data);
    loss();
    const dx = backend.tensor([n]);
    backend[`${kind}Backward`](dx, y, dy);
    assertGradientsMatch(dx.data, numeric, `${kind}Backward`);
  });
}
