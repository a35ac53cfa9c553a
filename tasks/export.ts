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
import { LAB_MODELS } from "../src/lab/models/registry.ts";
import { CHAR_KINDS, restoreCharModel } from "../src/train/char_checkpoint.ts";
import { CHAR_MODELS } from "../src/models/registry.ts";
import { fileProblem } from "../src/io/atomic_write.ts";
import { parseTaskFlags, usageError } from "./common/flags.ts";
import { checkWritableFile, writeOutput } from "./common/outputs.ts";

const HELP = `Usage: deno task export --checkpoint FILE --out MODEL.safetensors
       deno task export --import MODEL.safetensors --out FILE

Writes a saved model's weights as safetensors, named and shaped as the lab's
PyTorch module holds them (lstm.weight_ih_l0, …, l_out.weight), so that
  module.load_state_dict(safetensors.torch.load_file("MODEL.safetensors"))
loads them into nn.LSTM / nn.GRU / nn.RNN + nn.Linear. A character model of
deno task charlm keeps its own names (embedding.weight when it has one,
lstm.weight_ih_l0 …, decoder.weight, decoder.bias: nn.Embedding or one-hot
input, nn.LSTM / nn.GRU / nn.RNN, nn.Linear(H, V)). The vocabulary goes into
the file's metadata. --import reads such a file (an LSTM or GRU module) back
into a checkpoint for the other tasks.
  --checkpoint FILE   a checkpoint written with --save
  --import FILE       a safetensors file to turn into a checkpoint
  --out FILE          where to write
  --help              show this text`;

/** The word list in a safetensors file's metadata, as `export` writes it. */
function vocabularyOf(metadata: Record<string, string>, path: string): string[] {
  if (!metadata.vocabulary) throw new SafetensorsError(path, "no vocabulary in its metadata");
  let words: unknown;
  try {
    words = JSON.parse(metadata.vocabulary);
  } catch {
    throw new SafetensorsError(path, "the vocabulary in its metadata is not JSON");
  }
  if (!Array.isArray(words) || !words.every((word) => typeof word === "string")) {
    throw new SafetensorsError(path, "the vocabulary in its metadata is not a list of words");
  }
  return words;
}

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
  await checkWritableFile("export", "out", values.out);
  try {
    const checkpoint = values.checkpoint ? await loadCheckpoint(values.checkpoint) : null;
    if (checkpoint && CHAR_KINDS.includes(checkpoint.kind)) {
      const { model, vocabulary } = restoreCharModel(
        checkpoint,
        getBackend("reference"),
        values.checkpoint!,
      );
      const tensors = CHAR_MODELS.get(model.kind).torchStateDict!(model);
      const bytes = encodeSafetensors(tensors, {
        codePoints: JSON.stringify(vocabulary.codePoints),
        kind: model.kind,
        numLayers: String(model.numLayers),
      });
      await writeOutput("export", values.out, bytes);
      console.log(
        `Wrote ${values.out}: ${
          tensors.map((t) => `${t.name} [${t.shape.join(", ")}]`).join(", ")
        }; vocabulary of ${vocabulary.size} (UNK last) in the metadata`,
      );
    } else if (checkpoint) {
      const { model, vocabulary } = restoreModel(
        checkpoint,
        getBackend("reference"),
        values.checkpoint!,
        LAB_MODELS,
      );
      const tensors = torchStateDict(model, LAB_MODELS);
      const bytes = encodeSafetensors(tensors, {
        vocabulary: JSON.stringify(vocabulary.words),
        kind: checkpoint.kind,
      });
      await writeOutput("export", values.out, bytes);
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
      } catch (error) {
        throw new SafetensorsError(path, fileProblem(error, "load"));
      }
      const { tensors, metadata } = decodeSafetensors(bytes, path);
      const vocabulary = new Vocabulary(vocabularyOf(metadata, path));
      const broken = tensors.find((tensor) => !tensor.values.every(Number.isFinite));
      if (broken) {
        throw new SafetensorsError(path, `tensor '${broken.name}' holds non-finite values`);
      }
      const model = modelFromTorchStateDict(tensors, getBackend("reference"), path);
      if (model.vocabularySize !== vocabulary.size) {
        throw new SafetensorsError(
          path,
          `its vocabulary has ${vocabulary.size} words but its weights take ${model.vocabularySize}`,
        );
      }
      await saveCheckpoint(values.out, modelCheckpoint(model, vocabulary, { importedFrom: path }));
      console.log(
        `Wrote ${values.out}: a ${model.kind} model, hidden ${model.hiddenSize}, from ${path}`,
      );
    }
  } catch (error) {
    if (error instanceof CheckpointError || error instanceof SafetensorsError) {
      console.error(`export: ${error.message}`);
      Deno.exit(1);
    }
    if (error instanceof RangeError) {
      // A model or vocabulary the file's contents cannot make: say which file.
      console.error(`export: '${values.checkpoint ?? values.import}': ${error.message}`);
      Deno.exit(1);
    }
    throw error;
  }
}
