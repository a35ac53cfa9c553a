// Exercise E's checks: updateParameters (in place, downhill), and one epoch
// of the lab's loop run with the grader's forward, backward and clipping, so
// that only the loop itself is judged — against the loop done right and the
// ways it is usually done wrong.
import { clipCoefficient } from "../../core/clip.ts";
import type { CheckContext } from "./context.ts";
import {
  call,
  close,
  copyArrays,
  exported,
  firstMismatch,
  identify,
  probeArray,
  probeRandom,
  sameValues,
  type Suspect,
} from "./diagnosis.ts";
import { plainRnnBackward, plainRnnForward, type RnnArrays } from "./plain_rnn.ts";
import { rnnProbe } from "./rnn_forward_check.ts";
import type { Grading } from "./verdict.ts";

type Sequence = { inputs: number[]; targets: number[] };
type Fns = {
  forward: typeof plainRnnForward;
  backward: typeof plainRnnBackward;
  clip: (grads: readonly Float64Array[], maxNorm: number) => number;
};

const NAMES = ["U", "V", "W", "bHidden", "bOut"] as const;
const list = (p: RnnArrays) => NAMES.map((name) => p[name]);

/** The lab's clip_gradient_norm, the grader's copy. */
function clip(grads: readonly Float64Array[], maxNorm: number): number {
  const norm = Math.sqrt(grads.reduce((s, grad) => s + grad.reduce((t, v) => t + v * v, 0), 0));
  const coefficient = clipCoefficient(norm, maxNorm);
  if (coefficient < 1) {
    for (const grad of grads) {
      grad.forEach((v, i) => grad[i] = v * coefficient);
    }
  }
  return norm;
}

// The loop done right, and its usual variations.
interface LoopVariant {
  ascent?: boolean;
  noClip?: boolean;
  oncePerEpoch?: boolean;
}
function referenceEpoch(
  params: RnnArrays,
  sequences: readonly Sequence[],
  lr: number,
  maxNorm: number,
  variant: LoopVariant = {},
): { params: RnnArrays; losses: number[] } {
  const p = copyArrays(params);
  const losses: number[] = [];
  const summed = list(p).map((array) => new Float64Array(array.length));
  const update = (grads: Float64Array[]) => {
    if (!variant.noClip) clip(grads, maxNorm);
    list(p).forEach((array, k) =>
      array.forEach((v, i) => array[i] = v + (variant.ascent ? 1 : -1) * lr * grads[k][i])
    );
  };
  for (const { inputs, targets } of sequences) {
    const forward = plainRnnForward(p, inputs, targets);
    losses.push(forward.loss);
    const grads = list(plainRnnBackward(p, inputs, targets, forward));
    if (variant.oncePerEpoch) grads.forEach((grad, k) => grad.forEach((v, i) => summed[k][i] += v));
    else update(grads);
  }
  if (variant.oncePerEpoch) update(summed);
  return { params: p, losses };
}

/** The checks of exercise E. */
export function checkSgd(ctx: CheckContext, g: Grading): void {
  const updateParameters = exported<(p: Float64Array[], g: Float64Array[], lr: number) => unknown>(
    g,
    ctx.module,
    ctx.file,
    "updateParameters",
  );
  const trainEpoch = exported<
    (p: RnnArrays, s: Sequence[], lr: number, maxNorm: number, fns: Fns) => unknown
  >(g, ctx.module, ctx.file, "trainEpoch");

  const random = probeRandom(41);
  const params = [probeArray(random, 4, 1), probeArray(random, 3, 1)];
  const grads = [probeArray(random, 4, 1), probeArray(random, 3, 1)];
  const before = params.map((p) => Float64Array.from(p));
  const check = "updateParameters with lr 0.1";
  call(
    g,
    check,
    "updateParameters",
    () => updateParameters(params, grads.map((x) => Float64Array.from(x)), 0.1),
  );
  const expected = before.map((p, k) => p.map((v, i) => v - 0.1 * grads[k][i]));
  const all = (arrays: ArrayLike<number>[]) => arrays.flatMap((a) => Array.from(a));
  if (!sameValues(all(params), all(expected))) {
    const moved = (sign: number, rate: number) =>
      sameValues(
        all(params),
        all(before.map((p, k) => p.map((v, i) => v + sign * rate * grads[k][i]))),
      );
    g.fail({
      check,
      message: "expected θ − 0.1 g for every entry, in the arrays passed in",
      mismatch: firstMismatch("θ", all(expected), all(params)) ?? undefined,
      diagnosis: identify([
        {
          test: () => sameValues(all(params), all(before)),
          diagnosis: {
            key: "update-not-in-place",
            title: "the parameters passed in are unchanged",
            explanation:
              "Update in place (param[i] −= lr · grad[i]): the model goes on using the arrays it has.",
          },
        },
        {
          test: () => moved(1, 0.1),
          diagnosis: {
            key: "gradient-ascent",
            title: "θ + lr g: a step up the gradient",
            explanation:
              "The gradient points to where the loss grows fastest; descend: θ ← θ − lr ∇L.",
          },
        },
        {
          test: () => moved(-1, 1),
          diagnosis: {
            key: "lr-ignored",
            title: "θ − g: the learning rate is not applied",
            explanation: "θ ← θ − lr ∇L.",
          },
        },
      ]),
    });
  }
  g.pass("updateParameters takes θ − lr g in place");

  const sequences: Sequence[] = [
    { inputs: [0, 1], targets: [1, 2] },
    { inputs: [0, 0, 1, 1], targets: [0, 1, 1, 2] },
    { inputs: [0, 0, 0, 1, 1, 1], targets: [0, 0, 1, 1, 1, 2] },
    { inputs: [0, 1], targets: [1, 2] },
    { inputs: [0, 0, 1, 1], targets: [0, 1, 1, 2] },
  ];
  const { params: start } = rnnProbe(42, [], [], { H: 3, K: 4, scale: 0.5 });
  const lr = 0.5, maxNorm = 0.25;
  const epochCheck = `trainEpoch on ${sequences.length} sequences, lr ${lr}, maxNorm ${maxNorm}`;
  const calls = { forward: 0, backward: 0, clip: 0 };
  const fns: Fns = {
    forward: (...args) => (calls.forward++, plainRnnForward(...args)),
    backward: (...args) => (calls.backward++, plainRnnBackward(...args)),
    clip: (...args) => (calls.clip++, clip(...args)),
  };
  const trained = copyArrays(start);
  const returned = call(
    g,
    epochCheck,
    "trainEpoch",
    () => trainEpoch(trained, sequences.map((s) => ({ ...s })), lr, maxNorm, fns),
  );
  const right = referenceEpoch(start, sequences, lr, maxNorm);
  const flatParams = (p: RnnArrays) => all(list(p));
  const wrong = firstMismatch("θ", flatParams(right.params), flatParams(trained));
  if (wrong) {
    const like = (variant: LoopVariant) => () =>
      sameValues(
        flatParams(trained),
        flatParams(referenceEpoch(start, sequences, lr, maxNorm, variant).params),
      );
    const suspects: Suspect[] = [
      {
        test: () => sameValues(flatParams(trained), flatParams(start)),
        diagnosis: {
          key: "params-unchanged",
          title: "the parameters are unchanged after the epoch",
          explanation: "Update params in place after every sequence (with your updateParameters).",
        },
      },
      {
        test: like({ noClip: true }),
        diagnosis: {
          key: "no-clipping",
          title: "the gradients are not clipped before the update",
          explanation:
            "The lab clips every sequence's gradients to a global norm of maxNorm (fns.clip) between backward and the update; without it, the lab's gradient norms of 20–50 take steps a hundred times too long.",
        },
      },
      {
        test: like({ ascent: true }),
        diagnosis: {
          key: "gradient-ascent",
          title: "the updates go up the gradient",
          explanation: "θ ← θ − lr ∇L.",
        },
      },
      {
        test: like({ oncePerEpoch: true }),
        diagnosis: {
          key: "once-per-epoch",
          title: "one update per epoch, from the summed gradients",
          explanation:
            "The lab updates after every sequence (stochastic gradient descent): forward, backward, clip, update — then the next sequence sees the new weights.",
        },
      },
    ];
    g.fail({
      check: epochCheck,
      message: "the parameters after the epoch differ from the lab's loop",
      mismatch: wrong,
      diagnosis: identify(suspects),
    });
  }
  g.pass("trainEpoch runs forward, backward, clipping and the update for every sequence, in order");
  const total = right.losses.reduce((s, v) => s + v, 0);
  const mean = total / sequences.length;
  if (typeof returned !== "number" || !close(returned, mean)) {
    const tokens = sequences.reduce((s, seq) => s + seq.inputs.length, 0);
    g.fail({
      check: epochCheck,
      message:
        `it returns ${returned}; the lab's training loss is the mean summed loss per sequence, ${mean}`,
      diagnosis: typeof returned !== "number" ? undefined : identify([
        {
          test: () => close(returned, total),
          diagnosis: {
            key: "loss-sum",
            title: "the sum over the sequences, not their mean",
            explanation:
              "Divide by the number of sequences (the lab: epoch_training_loss / len(training_set)).",
          },
        },
        {
          test: () => close(returned, total / tokens),
          diagnosis: {
            key: "loss-per-token",
            title: "the mean per token",
            explanation:
              "The lab's training loss is per sequence: each sequence's summed loss, averaged over the sequences.",
          },
        },
      ]),
    });
  }
  g.pass(
    "trainEpoch returns the lab's training loss: the mean over the sequences of each one's loss before its update",
  );
}
