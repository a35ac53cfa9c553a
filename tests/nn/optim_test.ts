// torch.optim.Adam and SGD (momentum, weight decay) over five steps, and
// clip_grad_norm_, against PyTorch 1.13.
import assert from "node:assert/strict";
import { createReferenceBackend, getBackend } from "../../mod.ts";
import type { Backend } from "../../mod.ts";
import { Adam, clipGradNorm, SGD } from "../../src/nn/optim.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

function run(backend: Backend, name: "adam" | "adam_weight_decay" | "sgd_momentum") {
  const fixture = torchFixtures[name];
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  const p = { name: "p", value: backend.tensor([6], fixture.p0), grad: backend.tensor([6]) };
  const settings = fixture.settings as unknown as Record<string, number | number[]>;
  const optimizer = name === "sgd_momentum"
    ? new SGD(backend, [p], {
      lr: settings.lr as number,
      momentum: settings.momentum as number,
      weightDecay: settings.weight_decay as number,
    })
    : new Adam(backend, [p], {
      lr: settings.lr as number,
      betas: settings.betas as [number, number],
      eps: settings.eps as number,
      weightDecay: settings.weight_decay as number,
    });
  fixture.grads.forEach((grad, step) => {
    p.grad.data.set(grad);
    optimizer.step();
    assertClose(
      p.value.data,
      fixture.p_after_each_step[step],
      tolerance,
      `${name} step ${step + 1}`,
    );
  });
}

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  for (const name of ["adam", "adam_weight_decay", "sgd_momentum"] as const) {
    Deno.test(`${name} matches PyTorch over 5 steps on ${backend.description}`, () =>
      run(backend, name));
  }

  Deno.test(`clipGradNorm() matches clip_grad_norm_ on ${backend.description}`, () => {
    const fixture = torchFixtures.clip_grad_norm;
    const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
    for (const key of ["max_norm_0_25", "max_norm_100"] as const) {
      const parameters = fixture.grads_before.map((grad, i) => ({
        name: `p${i}`,
        value: backend.tensor(grad.shape),
        grad: backend.tensor(grad.shape, grad.values),
      }));
      const norm = clipGradNorm(backend, parameters, fixture[key].max_norm);
      assertClose([norm], [fixture[key].total_norm], tolerance, `${key} norm`);
      parameters.forEach((parameter, i) =>
        assertClose(
          parameter.grad.data,
          fixture[key].grads_after[i].values,
          tolerance,
          `${key} grad ${i}`,
        )
      );
    }
  });
}

Deno.test("optimizers refuse a learning rate that is not positive", () => {
  const backend = createReferenceBackend();
  assert.throws(() => new SGD(backend, [], { lr: 0 }), RangeError);
  assert.throws(() => new Adam(backend, [], { lr: -1 }), RangeError);
});
