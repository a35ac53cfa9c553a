/// <reference lib="dom" />
// The char-LM's view: the text (pasted, dropped, opened, or the shipped
// tiny Shakespeare), the model's size, Train / Pause / Stop, the loss curves
// against characters seen, the sample with its temperature and top-k, and
// the checkpoint's download and upload.
import { charLossPlot } from "../../src/plot/char_loss_plot.ts";
import type { CharEvaluation, CharStep } from "../../src/train/char_training.ts";
import type {
  BackendChoice,
  CharSettings,
  FromWorker,
  RunState,
  SampleSettings,
  ToWorker,
} from "../protocol.ts";
import { element, numberIn, perFrame, valueOf } from "./dom.ts";

type CharMessage = Extract<FromWorker, { type: `char:${string}` }>;

/** What the char view shows, readable from the console (and by the browser test). */
export interface CharSnapshot {
  state: RunState;
  history: CharEvaluation[];
  step: CharStep | null;
  sample: { text: string; iter: number; source: string } | null;
  /** How many samples have arrived (a refresh shows as a new count). */
  samples: number;
  /** Slices of kernel calls that the worker's helper threads have run (0 on one thread). */
  helperSlices: number;
  loaded: Extract<FromWorker, { type: "char:loaded" }> | null;
}

/** Wires the char-LM's controls to the worker; returns the handler of its messages. */
export function charView(send: (message: ToWorker, transfer?: Transferable[]) => void): {
  snapshot: CharSnapshot;
  handle: (message: CharMessage) => void;
} {
  const snapshot: CharSnapshot = {
    state: "idle",
    history: [],
    step: null,
    sample: null,
    samples: 0,
    helperSlices: 0,
    loaded: null,
  };
  let vocabularySize = 0, corpusLine = "";
  const textArea = element<HTMLTextAreaElement>("char-text");
  const showTextInfo = () => {
    element("char-text-info").textContent = `${
      [...textArea.value].length.toLocaleString("en-US")
    } characters`;
  };
  textArea.addEventListener("input", showTextInfo);
  const takeFile = async (file: File) => {
    textArea.value = await file.text();
    showTextInfo();
  };
  element<HTMLInputElement>("char-file").addEventListener("change", (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) takeFile(file);
  });
  textArea.addEventListener("dragover", (event) => {
    event.preventDefault();
    textArea.classList.add("dragging");
  });
  textArea.addEventListener("dragleave", () => textArea.classList.remove("dragging"));
  textArea.addEventListener("drop", (event) => {
    event.preventDefault();
    textArea.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (file) takeFile(file);
  });
  element("char-shakespeare").addEventListener("click", async () => {
    const response = await fetch("tinyshakespeare.txt");
    textArea.value = await response.text();
    showTextInfo();
  });

  const sampleSettings = (): SampleSettings => ({
    temperature: numberIn("char-temperature", "Temperature"),
    topK: numberIn("char-topk", "Top-k"),
    length: numberIn("char-length", "The sample's length"),
    prime: valueOf("char-prime"),
    seed: 0,
  });
  const settings = (): CharSettings => {
    const [layers, hidden] = valueOf("char-size").split("x").map(Number);
    return {
      cell: valueOf("char-cell") as CharSettings["cell"],
      numLayers: layers,
      hiddenSize: hidden,
      batchSize: numberIn("char-batch", "Batch"),
      seqLen: numberIn("char-seq", "Seq len"),
      lr: numberIn("char-lr", "The learning rate"),
      maxIters: numberIn("char-iters", "Iterations"),
      evalEvery: numberIn("char-eval", "Eval every"),
      seed: numberIn("char-seed", "Seed"),
      backend: valueOf("char-backend") as BackendChoice,
    };
  };
  element("char-train").addEventListener("click", () => {
    if (textArea.value.length < 20) {
      throw new RangeError("Give the model a text first: at least 20 characters");
    }
    snapshot.history = [];
    send({
      type: "char:train",
      text: textArea.value,
      settings: settings(),
      sample: sampleSettings(),
    });
  });
  element("char-pause").addEventListener(
    "click",
    () => send({ type: snapshot.state === "paused" ? "char:resume" : "char:pause" }),
  );
  element("char-stop").addEventListener("click", () => send({ type: "char:stop" }));
  const resample = () => send({ type: "char:sample", sample: sampleSettings() });
  const temperature = element<HTMLInputElement>("char-temperature");
  temperature.addEventListener("input", () => {
    element("char-temperature-value").textContent = temperature.value;
  });
  temperature.addEventListener("change", resample);
  element("char-topk").addEventListener("change", resample);
  element("char-sample").addEventListener("click", resample);
  element("char-download-ckpt").addEventListener("click", () => send({ type: "char:checkpoint" }));
  element("char-download-safetensors").addEventListener(
    "click",
    () => send({ type: "char:safetensors" }),
  );
  element<HTMLInputElement>("char-load").addEventListener("change", async (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    send({
      type: "char:load",
      name: file.name,
      bytes,
      backend: valueOf("char-backend") as BackendChoice,
    }, [bytes.buffer]);
    input.value = "";
  });

  const drawStatus = () => {
    const parts: string[] = [snapshot.state];
    if (corpusLine) parts.push(corpusLine);
    const step = snapshot.step;
    if (step) {
      parts.push(
        `iteration ${step.iter} / ${step.maxIters}`,
        `epoch ${step.epoch.toFixed(2)}`,
        Number.isFinite(step.loss) ? `loss ${step.loss.toFixed(4)}` : "",
        `${Math.round(step.tokensPerSecond).toLocaleString("en-US")} chars/s`,
      );
    }
    const last = snapshot.history.at(-1);
    if (last) parts.push(`validation ${last.validationLoss.toFixed(4)} nats/char`);
    element("char-status").textContent = parts.filter(Boolean).join(" · ");
    element("char-pause").textContent = snapshot.state === "paused" ? "Resume" : "Pause";
  };
  const drawChart = perFrame(() => {
    element("char-chart").innerHTML = charLossPlot(
      "char-LM: loss against characters seen",
      snapshot.history,
      vocabularySize,
    );
  });
  const drawSample = perFrame(() => {
    const sample = snapshot.sample;
    if (!sample) return;
    element("char-sample-text").textContent = sample.text;
    element("char-sample-source").textContent = sample.source === "training"
      ? `(after ${sample.iter} iterations)`
      : `(from ${sample.source})`;
  });
  const drawStatusPerFrame = perFrame(drawStatus, 100);

  const handle = (message: CharMessage) => {
    switch (message.type) {
      case "char:corpus":
        vocabularySize = message.vocabularySize;
        corpusLine = `${
          message.characters.toLocaleString("en-US")
        } characters, vocabulary ${message.vocabularySize}, ${message.backend}`;
        drawStatus();
        break;
      case "char:step":
        snapshot.step = message.step;
        drawStatusPerFrame();
        break;
      case "char:evaluation":
        snapshot.history = message.history;
        snapshot.helperSlices = message.helperSlices;
        drawChart();
        drawStatusPerFrame();
        break;
      case "char:sample":
        snapshot.sample = message;
        snapshot.samples++;
        drawSample();
        break;
      case "char:state":
        snapshot.state = message.state;
        drawStatus();
        break;
      case "char:loaded":
        snapshot.loaded = message;
        vocabularySize = message.vocabularySize;
        corpusLine =
          `loaded ${message.name}: ${message.kind}, ${message.numLayers} × ${message.hiddenSize}${
            message.iterations === null ? "" : `, ${message.iterations} iterations`
          }`;
        drawStatus();
        break;
    }
  };
  showTextInfo();
  return { snapshot, handle };
}
