// deno task export — weights to safetensors with PyTorch's names, and back.
import {
  CheckpointError,
  getBackend,
  loadCheckpoint,
  modelCheckpoint,
  restoreModel,
  saveCheckpoint,
  Vocabulary,
} from "../mod.ts";
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from "../src/io/safetensors.ts";
import { modelFromTorchStateDict, torchStateDict } from "../src/models/torch_export.ts";
import { parseTaskFlags, usageError } from "./common/flags.ts";

const HELP = `Usage: deno task export --checkpoint FILE --out MODEL.safetensors
       deno task export --import MODEL.safetensors --out FILE

Writes a saved model's weights as safetensors, named and shaped as the lab's
PyTorch module holds them (lstm.weight_ih_l0, …, l_out.weight), so that
  module.load_state_dict(safetensors.torch.load_file("MODEL.safetensors"))
loads them into nn.LSTM / nn.GRU / nn.RNN + nn.Linear. The vocabulary goes into
the file's metadata. --import reads such a file (an LSTM or GRU module) back
into a checkpoint for the other tasks.
  --checkpoint FILE   a checkpoint written with --save
  --import FILE       a safetensors file to turn into a checkpoint
  --out FILE          where to write
  --help              show this text`;

if (import.meta.main) {
  const values = parseTaskFlags("export", Deno.args, {
    checkpoint: { type: "string" },
    import: { type: "string" },
    out: { type: "string" },
  }, HELP);
  if (!values.out) usageError("export", "--out FILE is required");
  if (Boolean(values.checkpoint) === Boolean(values.import)) {
    usageError("export", "give exactly one of --checkpoint FILE and --import FILE");
  }
  try {
    if (values.checkpoint) {
      const checkpoint = await loadCheckpoint(values.checkpoint);
      const { model, vocabulary } = restoreModel(
        checkpoint,
        getBackend("reference"),
        values.checkpoint,
      );
      const tensors = torchStateDict(model);
      const bytes = encodeSafetensors(tensors, {
        vocabulary: JSON.stringify(vocabulary.words),
        kind: checkpoint.kind,
      });
      const temporary = `${values.out}.tmp-${crypto.randomUUID().slice(0, 8)}`;
      await Deno.writeFile(temporary, bytes);
      await Deno.rename(temporary, values.out);
      console.log(
        `Wrote ${values.out}: ${
          tensors.map((t) => `${t.name} [${t.shape.join(", ")}]`).join(", ")
        }`,
      );
    } else {
      const path = values.import!;
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(path);
      } catch {
        throw new SafetensorsError(path, "file not found or unreadable");
      }
      const { tensors, metadata } = decodeSafetensors(bytes, path);
      if (!metadata.vocabulary) throw new SafetensorsError(path, "no vocabulary in its metadata");
      const vocabulary = new Vocabulary(JSON.parse(metadata.vocabulary));
      const model = modelFromTorchStateDict(tensors, getBackend("reference"), path);
      await saveCheckpoint(values.out, modelCheckpoint(model, vocabulary, { importedFrom: path }));
      console.log(
        `Wrote ${values.out}: a ${model.kind} model, hidden ${model.hiddenSize}, from ${path}`,
      );
    }
  } catch (error) {
    if (
      error instanceof CheckpointError || error instanceof SafetensorsError ||
      error instanceof RangeError
    ) {
      console.error(`export: ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
}
