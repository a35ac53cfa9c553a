// The playground's training worker: every model, backend and training loop
// lives here, so the page's thread only draws. Each message from the page is
// one call on the lab's or the char-LM's runner; a library error goes back
// as one line for the page to show.
import { getBackend } from "../../src/backends/get_backend.ts";
import type { ToWorker } from "../protocol.ts";
import { CharRunner } from "./char_runner.ts";
import { labDefaults, LabRunner } from "./lab_runner.ts";
import { post, scope } from "./scope.ts";

const lab = new LabRunner(post);
const char = new CharRunner(post);

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "lab:defaults":
      return post({ type: "lab:defaults", settings: labDefaults(message.kind, message.language) });
    case "lab:train":
      return lab.train(message.settings);
    case "lab:pause":
      return lab.pause();
    case "lab:reset":
      return lab.reset();
    case "lab:probe":
      return lab.probe(message.n);
    case "lab:checkpoint":
      return lab.checkpoint();
    case "char:train":
      return await char.train(message.text, message.settings, message.sample);
    case "char:pause":
      return char.pause();
    case "char:resume":
      return char.resume();
    case "char:stop":
      return char.stop();
    case "char:sample":
      return char.sample(message.sample);
    case "char:checkpoint":
      return char.checkpoint();
    case "char:safetensors":
      return char.safetensors();
    case "char:load":
      return char.load(message.name, message.bytes, message.backend);
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  handle(message).catch((error: Error) => {
    post({
      type: "error",
      scope: message.type.startsWith("lab") ? "lab" : "char",
      message: error.message,
    });
  });
};

// Compiling the kernels now, not at the first Train, is most of the time to the first epoch.
post({
  type: "ready",
  backends: {
    wasm: getBackend("wasm").description,
    reference: getBackend("reference").description,
  },
});
