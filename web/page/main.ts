/// <reference lib="dom" />
// The playground page: starts the training worker, hands each of its
// messages to the lab's or the char-LM's view, saves downloads, and shows
// errors in the page (a wrong field, a refused checkpoint) rather than in the
// console. Exposes what it shows as `globalThis.playground` for the curious
// and for the browser test.
import type { FromWorker, ToWorker } from "../protocol.ts";
import { charView } from "./char_view.ts";
import { element, saveFile } from "./dom.ts";
import { labView } from "./lab_view.ts";

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (message: ToWorker, transfer: Transferable[] = []) =>
  worker.postMessage(message, transfer);

const showError = (message: string) => {
  const box = element("error");
  box.textContent = message;
  box.hidden = false;
};
const clearError = () => {
  element("error").hidden = true;
};
// A click whose handler throws (a field that is not a number) shows its message instead of failing silently.
addEventListener("error", (event) => {
  event.preventDefault();
  showError(event.message.replace(/^Uncaught \w*Error: /, ""));
});
addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  showError(String((event.reason as Error)?.message ?? event.reason));
});
document.addEventListener("click", clearError, { capture: true });

const lab = labView(send);
const char = charView(send);
const state = { lab: lab.snapshot, char: char.snapshot, ready: false, downloads: [] as string[] };
Object.assign(globalThis, { playground: state });

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === "ready") {
    state.ready = true;
    element("worker-status").textContent = `worker ready · ${message.backends.wasm}`;
  } else if (message.type === "file") {
    state.downloads.push(message.name);
    saveFile(message.name, message.bytes);
  } else if (message.type === "error") {
    showError(`${message.scope === "lab" ? "Lab" : "Char-LM"}: ${message.message}`);
  } else if (message.type.startsWith("lab:")) {
    lab.handle(message as Parameters<typeof lab.handle>[0]);
  } else {
    char.handle(message as Parameters<typeof char.handle>[0]);
  }
};
worker.onerror = (event) => showError(`The training worker failed: ${event.message}`);

const tabs = { lab: element("tab-lab"), char: element("tab-char") };
const panels = { lab: element("lab-panel"), char: element("char-panel") };
for (const name of ["lab", "char"] as const) {
  tabs[name].addEventListener("click", () => {
    for (const other of ["lab", "char"] as const) {
      panels[other].hidden = other !== name;
      tabs[other].setAttribute("aria-selected", String(other === name));
    }
  });
}
