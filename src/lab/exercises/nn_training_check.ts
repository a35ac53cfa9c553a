// Exercises K–L's checks: the lab's PyTorch network built from the nn
// modules, its forward pass, and one epoch of the lab's training loop — run
// from the same weights as the loop done right and its usual variations.
import type { Backend, Tensor } from "../../core/backend.ts";
import type { Parameter } from "../../core/parameter.ts";
import { CrossEntropyLoss } from "../../nn/cross_entropy.ts";
import { Linear } from "../../nn/linear.ts";
import { LSTM } from "../../nn/lstm.ts";
import { Adam, type SGD } from "../../nn/optim.ts";
import { NumpyRandom } from "../../data/numpy_random.ts";
import { createReferenceBackend } from "../../backends/reference_backend.ts";
import type { CheckContext } from "./context.ts";
import {
  call,
  close,
  exported,
  firstMismatch,
  identify,
  sameValues,
  shapeText,
} from "./diagnosis.ts";
import type { Grading } from "./verdict.ts";

type Net = { lstm: LSTM; out: Linear };
type Sequence = { inputs: number[]; targets: number[] };

const K = 4, H = 5;
const SEQUENCES: Sequence[] = [
  { inputs: [0, 1], targets: [1, 2] },
  { inputs: [0, 0, 1, 1], targets: [0, 1, 1, 2] },
  { inputs: [0, 0, 0, 1, 1, 1], targets: [0, 0, 1, 1, 1, 2] },
  { inputs: [0, 1], targets: [1, 2] },
];

const EXPECTED_PARAMETERS: [string, number[]][] = [
  ["weight_ih_l0", [4 * H, K]],
  ["weight_hh_l0", [4 * H, H]],
  ["bias_ih_l0", [4 * H]],
  ["bias_hh_l0", [4 * H]],
  ["weight", [K, H]],
];

function referenceNet(backend: Backend, seed: number): Net {
  const random = new NumpyRandom(seed);
  return {
    lstm: new LSTM(backend, { inputSize: K, hiddenSize: H, random }),
    out: new Linear(backend, { inFeatures: H, outFeatures: K, bias: false, random }),
  };
}
const parametersOf = (net: Net): Parameter[] => [...net.lstm.parameters(), ...net.out.parameters()];
const logitsOf = (net: Net, inputs: number[]): Tensor =>
  net.out.forward(net.lstm.forward(Int32Array.from(inputs), 1).output);

interface LoopVariant {
  noZeroGrad?: boolean;
  zeroGradAfterBackward?: boolean;
}
function referenceEpoch(backend: Backend, start: Float64Array[], variant: LoopVariant = {}) {
  const net = referenceNet(backend, 0);
  const parameters = parametersOf(net);
  parameters.forEach((p, i) => p.value.data.set(start[i]));
  const optimizer = new Adam(backend, parameters, { lr: 0.05 });
  const criterion = new CrossEntropyLoss(backend);
  let total = 0;
  for (const { inputs, targets } of SEQUENCES) {
    if (!variant.noZeroGrad && !variant.zeroGradAfterBackward) optimizer.zeroGrad();
    const loss = criterion.forward(logitsOf(net, inputs), targets);
    net.lstm.backward(net.out.backward(criterion.backward()));
    if (variant.zeroGradAfterBackward) optimizer.zeroGrad();
    optimizer.step();
    total += loss;
  }
  return {
    values: parameters.map((p) => Float64Array.from(p.value.data)),
    loss: total / SEQUENCES.length,
  };
}

/** The checks of exercises K–L. */
export function checkNnTraining(ctx: CheckContext, g: Grading): void {
  const createNet = exported<(b: Backend, k: number, h: number) => Net>(
    g,
    ctx.module,
    ctx.file,
    "createNet",
  );
  const netParameters = exported<(net: Net) => Parameter[]>(
    g,
    ctx.module,
    ctx.file,
    "netParameters",
  );
  const netForward = exported<(net: Net, inputs: number[]) => Tensor>(
    g,
    ctx.module,
    ctx.file,
    "netForward",
  );
  const trainEpoch = exported<
    (net: Net, s: Sequence[], optimizer: Adam | SGD, criterion: CrossEntropyLoss) => unknown
  >(g, ctx.module, ctx.file, "trainEpoch");
  const backend = createReferenceBackend();
  const check = `createNet(backend, ${K}, ${H})`;
  const net = call(g, check, "createNet", () => createNet(backend, K, H));
  if (!(net?.lstm instanceof LSTM) || !(net?.out instanceof Linear)) {
    g.fail({ check, message: "it must return { lstm: an nn.LSTM, out: an nn.Linear }" });
  }
  if (net.lstm.inputSize !== K || net.lstm.hiddenSize !== H || net.lstm.numLayers !== 1) {
    g.fail({
      check,
      message:
        `the LSTM has inputSize ${net.lstm.inputSize}, hiddenSize ${net.lstm.hiddenSize}, ${net.lstm.numLayers} layer(s); the lab's is nn.LSTM(input_size=K = ${K}, hidden_size=H = ${H})`,
    });
  }
  if (net.out.inFeatures !== H || net.out.outFeatures !== K) {
    g.fail({
      check,
      message:
        `the output layer maps ${net.out.inFeatures} → ${net.out.outFeatures}; the lab's l_out maps H = ${H} → K = ${K}`,
    });
  }
  if (net.out.bias) {
    g.fail({
      check,
      message: "the output layer has a bias",
      diagnosis: {
        key: "linear-bias",
        title: "nn.Linear with its default bias",
        explanation:
          "The lab's l_out = nn.Linear(hidden, vocab, bias=False): pass { bias: false }. (The LSTM's own biases do the job.)",
      },
    });
  }
  g.pass(
    "createNet builds nn.LSTM(K → H) and nn.Linear(H → K) without bias, as the lab's MyRecurrentNet",
  );
  const paramsCheck = "netParameters(net)";
  const parameters = call(g, paramsCheck, "netParameters", () => netParameters(net));
  const found = Array.isArray(parameters)
    ? parameters.map((p) => `${p?.name} ${shapeText(p?.value?.shape ?? [])}`)
    : [];
  const wanted = EXPECTED_PARAMETERS.map(([name, shape]) => `${name} ${shapeText(shape)}`);
  if (found.join() !== wanted.join()) {
    g.fail({
      check: paramsCheck,
      message: `it gives [${found.join(", ")}]; expected [${
        wanted.join(", ")
      }] — the LSTM's, then the output layer's`,
    });
  }
  g.pass("netParameters lists the LSTM's four tensors, then the output layer's weight");

  const start = parametersOf(referenceNet(backend, 3)).map((p) => Float64Array.from(p.value.data));
  parameters.forEach((p, i) => p.value.data.set(start[i]));
  const forwardCheck = "netForward on a 6-step sequence";
  const inputs = SEQUENCES[2].inputs;
  const logits = call(g, forwardCheck, "netForward", () => netForward(net, [...inputs]));
  const reference = referenceNet(backend, 3);
  const want = Float64Array.from(logitsOf(reference, inputs).data);
  if (!logits?.data || logits.data.length !== want.length) {
    g.fail({ check: forwardCheck, message: `expected a tensor of logits (${inputs.length}×${K})` });
  }
  const wrongLogits = firstMismatch("logits", want, logits.data, [inputs.length, K]);
  if (wrongLogits) {
    g.fail({
      check: forwardCheck,
      message: "the logits differ from nn.LSTM then nn.Linear",
      mismatch: wrongLogits,
    });
  }
  g.pass("netForward gives the logits of nn.LSTM then nn.Linear");

  const epochCheck =
    `trainEpoch on ${SEQUENCES.length} sequences with Adam (lr 0.05) and nn.CrossEntropyLoss`;
  parameters.forEach((p, i) => p.value.data.set(start[i]));
  const optimizer = new Adam(backend, parameters, { lr: 0.05 });
  // The order of the calls that matter, as the student's loop makes them.
  const calls: string[] = [];
  const watch = <T extends object>(target: T, method: keyof T & string, label: string) => {
    const original = target[method] as (...args: unknown[]) => unknown;
    (target as Record<string, unknown>)[method] = (...args: unknown[]) => {
      calls.push(label);
      return original.apply(target, args);
    };
  };
  watch(optimizer, "zeroGrad", "zeroGrad");
  watch(optimizer, "step", "step");
  watch(net.lstm, "backward", "backward");
  const returned = call(
    g,
    epochCheck,
    "trainEpoch",
    () =>
      trainEpoch(net, SEQUENCES.map((s) => ({ ...s })), optimizer, new CrossEntropyLoss(backend)),
  );
  const right = referenceEpoch(backend, start);
  const after = parameters.flatMap((p) => Array.from(p.value.data));
  const flatRight = right.values.flatMap((v) => Array.from(v));
  const wrong = firstMismatch("θ", flatRight, after);
  if (wrong) {
    const like = (variant: LoopVariant) => () =>
      sameValues(
        after,
        referenceEpoch(backend, start, variant).values.flatMap((v) => Array.from(v)),
      );
    g.fail({
      check: epochCheck,
      message: "the weights after the epoch differ from the lab's loop",
      mismatch: wrong,
      diagnosis: identify([
        {
          test: () => !calls.includes("step"),
          diagnosis: {
            key: "no-step",
            title: "the weights did not change",
            explanation: "Call optimizer.step() after each backward pass.",
          },
        },
        {
          test: like({ noZeroGrad: true }),
          diagnosis: {
            key: "no-zero-grad",
            title:
              "the gradients are never zeroed: every update uses the sum of all gradients so far",
            explanation:
              "backward() adds into each parameter's gradient (as PyTorch's does), so each update starts with optimizer.zeroGrad() — the lab's optimizer.zero_grad().",
          },
        },
        {
          test: () => calls.join(" ").includes("backward zeroGrad step"),
          diagnosis: {
            key: "zero-grad-after-backward",
            title: "zeroGrad() comes between backward() and step(), which then sees no gradient",
            explanation:
              "Zero the gradients before the forward pass (or after step()), never between backward and step.",
          },
        },
      ]),
    });
  }
  g.pass(
    "trainEpoch zeroes the gradients, runs forward, the loss, backward and the step for every sequence",
  );
  if (typeof returned !== "number" || !close(returned, right.loss)) {
    g.fail({
      check: epochCheck,
      message: `it returns ${returned}; expected the mean of the sequences' losses, ${right.loss}`,
      diagnosis: typeof returned === "number" && close(returned, right.loss * SEQUENCES.length)
        ? {
          key: "loss-sum",
          title: "the sum over the sequences, not their mean",
          explanation: "Divide by the number of sequences.",
        }
        : undefined,
    });
  }
  g.pass("trainEpoch returns the mean loss per sequence");
}
