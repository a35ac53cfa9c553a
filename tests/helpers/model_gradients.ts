// Finite-difference checks of a whole model: every parameter of a
// SequenceModel against central differences of its forward loss.
import type { SequenceModel } from "../../src/models/model.ts";
import { zeroGradients } from "../../src/models/model.ts";
import type { SequenceBatch } from "../../src/models/sequence_batch.ts";
import { assertGradientsMatch, numericGradient } from "./finite_difference.ts";

/** Checks ∂loss/∂θ for every parameter θ; returns the worst relative error per parameter. */
export function checkModelGradients(
  model: SequenceModel,
  batch: SequenceBatch,
  label: string,
): Record<string, number> {
  zeroGradients(model);
  model.forward(batch);
  model.backward();
  const worst: Record<string, number> = {};
  for (const parameter of model.parameters) {
    const analytic = Float64Array.from(parameter.grad.data);
    const numeric = numericGradient(() => model.forward(batch), parameter.value.data);
    worst[parameter.name] = assertGradientsMatch(analytic, numeric, `${label} ${parameter.name}`);
  }
  return worst;
}

/** The gradients currently in a model, copied out by parameter name. */
export function gradientsOf(model: SequenceModel): Record<string, Float64Array> {
  return Object.fromEntries(
    model.parameters.map((parameter) => [parameter.name, Float64Array.from(parameter.grad.data)]),
  );
}
