/// <reference lib="dom" />
// The lab's view: the form, Train / Pause / Reset, the loss curves against
// the Bayes floor, and the probe — the continuation of the prompt for n with
// the heat map of every unit's state. It draws what the worker reports.
import { lineChartSvg } from "../../src/plot/svg_plot.ts";
import { LANGUAGES } from "../../src/lab/data/languages/registry.ts";
import type { EpochReport } from "../../src/train/train.ts";
import type { FromWorker, LabSettings, Probe, RunState, ToWorker } from "../protocol.ts";
import { element, numberIn, perFrame, setValue, valueOf } from "./dom.ts";
import { runs } from "./runs.ts";
import { probeSvg, type StateView } from "./heatmap.ts";

type LabMessage = Extract<FromWorker, { type: `lab:${string}` }>;

/** What the lab view shows, readable from the console (and by the browser test). */
export interface LabSnapshot {
  state: RunState;
  started: Extract<FromWorker, { type: "lab:started" }> | null;
  history: EpochReport[];
  probe: Probe | null;
  /** ms from opening the page to the first epoch drawn. */
  firstEpochDrawnMs: number | null;
}

const KIND_NAMES: Record<string, string> = {
  lstm: "the lab's LSTM",
  rnn: "the lab's RNN",
  "nn-lstm": "nn.LSTM",
  "nn-gru": "nn.GRU",
};

/** Wires the lab's controls to the worker; returns the handler of its messages. */
export function labView(send: (message: ToWorker) => void): {
  snapshot: LabSnapshot;
  handle: (message: LabMessage) => void;
} {
  const snapshot: LabSnapshot = {
    state: "idle",
    started: null,
    history: [],
    probe: null,
    firstEpochDrawnMs: null,
  };
  const language = element<HTMLSelectElement>("lab-language");
  for (const entry of LANGUAGES) language.add(new Option(entry.title, entry.name));
  const askDefaults = () =>
    send({ type: "lab:defaults", kind: valueOf("lab-kind"), language: valueOf("lab-language") });
  language.addEventListener("change", askDefaults);
  element("lab-kind").addEventListener("change", askDefaults);

  const settings = (): LabSettings => ({
    language: valueOf("lab-language"),
    kind: valueOf("lab-kind"),
    hiddenSize: numberIn("lab-hidden", "Hidden size"),
    seed: numberIn("lab-seed", "Seed"),
    epochs: numberIn("lab-epochs", "Epochs"),
    optimizer: valueOf("lab-optimizer") as "sgd" | "adam",
    lr: numberIn("lab-lr", "The learning rate"),
    clipNorm: numberIn("lab-clip", "Clip"),
    decayEpochs: numberIn("lab-decay-epochs", "Decay epochs"),
    decayTo: numberIn("lab-decay-to", "The decay's final factor"),
    backend: valueOf("lab-backend") as "wasm" | "reference",
  });
  element("lab-train").addEventListener(
    "click",
    () => send({ type: "lab:train", settings: settings() }),
  );
  element("lab-pause").addEventListener("click", () => send({ type: "lab:pause" }));
  element("lab-reset").addEventListener("click", () => send({ type: "lab:reset" }));
  element("lab-download").addEventListener("click", () => send({ type: "lab:checkpoint" }));
  const probeN = element<HTMLInputElement>("probe-n");
  probeN.addEventListener("change", () => {
    const n = Number(probeN.value);
    if (Number.isInteger(n) && n >= 1 && n <= 200) send({ type: "lab:probe", n });
  });
  let view: StateView = "cell";
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="state-view"]')) {
    radio.addEventListener("change", () => {
      view = radio.value as StateView;
      drawProbe();
    });
  }

  const drawChart = perFrame(() => {
    const started = snapshot.started;
    if (!started) return;
    const epochs = snapshot.history.map((report) => report.epoch);
    const floor = started.floor.validation;
    element("lab-chart").innerHTML = lineChartSvg({
      title: `${
        KIND_NAMES[started.settings.kind] ?? started.settings.kind
      }, hidden ${started.settings.hiddenSize}, on ${
        LANGUAGES.find((l) => l.name === started.settings.language)?.title
      }`,
      xLabel: "epoch",
      yLabel: "NLL per token (nats)",
      series: [
        { label: "training", xs: epochs, ys: snapshot.history.map((r) => r.trainTokenNll) },
        {
          label: "validation",
          xs: epochs,
          ys: snapshot.history.map((r) => r.validationTokenNll),
          dashed: true,
        },
      ],
      horizontalLines: floor === null
        ? []
        : [{ label: `Bayes floor (validation) ${floor.toFixed(4)}`, y: floor }],
      width: 760,
      height: 320,
    });
    if (snapshot.firstEpochDrawnMs === null && snapshot.history.length) {
      snapshot.firstEpochDrawnMs = performance.now();
    }
    drawStatus();
  }, 100);

  const drawStatus = () => {
    const started = snapshot.started;
    const last = snapshot.history.at(-1);
    const parts: string[] = [snapshot.state];
    if (started && last) {
      parts.push(
        `epoch ${last.epoch} / ${started.settings.epochs}`,
        `training ${last.trainTokenNll.toFixed(4)}`,
        `validation ${last.validationTokenNll.toFixed(4)} nats/token`,
        started.floor.validation === null
          ? "no Bayes floor for this language"
          : `floor ${started.floor.validation.toFixed(4)}`,
        `${Math.round(last.tokensPerSecond).toLocaleString("en-US")} tokens/s`,
        started.backend,
      );
    } else if (started) parts.push(`${started.backend}, first epoch…`);
    element("lab-status").textContent = parts.join(" · ");
  };

  const drawProbe = perFrame(() => {
    const probe = snapshot.probe;
    if (!probe) return;
    element("probe-title").textContent = `${runs(probe.prompt)} → expected ${runs(probe.expected)}`;
    const text = element("probe-text");
    text.replaceChildren();
    const span = (content: string, className: string) => {
      const node = document.createElement("span");
      node.className = className;
      node.textContent = content;
      text.append(node, " ");
    };
    for (const word of probe.prompt) span(word, "prompt");
    probe.generated.forEach((word, i) =>
      span(word, word === probe.expected[i] ? "right" : "wrong")
    );
    const verdict = document.createElement("strong");
    verdict.id = "probe-verdict";
    verdict.textContent = probe.exact
      ? ` — exact (epoch ${probe.epoch})`
      : ` — not exact (epoch ${probe.epoch})`;
    text.append(verdict);
    text.dataset.generated = probe.generated.join(" ");
    element("heatmap").innerHTML = probeSvg(probe, view);
  }, 100);

  const handle = (message: LabMessage) => {
    switch (message.type) {
      case "lab:defaults": {
        const s = message.settings;
        setValue("lab-hidden", s.hiddenSize);
        setValue("lab-epochs", s.epochs);
        setValue("lab-optimizer", s.optimizer);
        setValue("lab-lr", s.lr);
        setValue("lab-clip", s.clipNorm);
        setValue("lab-decay-epochs", s.decayEpochs);
        setValue("lab-decay-to", s.decayTo);
        setValue("lab-seed", s.seed);
        break;
      }
      case "lab:started":
        snapshot.started = message;
        snapshot.history = [];
        snapshot.probe = null;
        drawStatus();
        break;
      case "lab:epoch":
        snapshot.history.push(message.report);
        drawChart();
        break;
      case "lab:probe":
        snapshot.probe = message.probe;
        drawProbe();
        break;
      case "lab:state":
        snapshot.state = message.state;
        element<HTMLButtonElement>("lab-pause").disabled = message.state !== "running";
        drawStatus();
        break;
    }
  };
  askDefaults();
  return { snapshot, handle };
}
