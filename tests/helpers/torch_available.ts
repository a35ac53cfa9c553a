// Whether Debian's Python has PyTorch: the live round-trip tests run only then
// (.ci/run installs python3-torch, so in CI they always run).

/** The interpreter the PyTorch tests run. */
export const PYTHON = "/usr/bin/python3";

/** True when `PYTHON` can `import torch`. */
export const torchAvailable: boolean = (() => {
  try {
    return new Deno.Command(PYTHON, { args: ["-c", "import torch"] }).outputSync().code === 0;
  } catch {
    return false;
  }
})();
