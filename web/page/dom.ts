/// <reference lib="dom" />
// Small helpers for the page's views: elements by id (a missing one is a bug
// in index.html, said so), form values, downloads, and drawing at most once
// per animation frame however fast the worker reports.

/** The element with `id`, or an error naming it. */
export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no element #${id}`);
  return found as T;
}

/** The number in input #id; a RangeError naming the field when it is not one. */
export function numberIn(id: string, label: string): number {
  const input = element<HTMLInputElement>(id);
  const value = Number(input.value);
  if (input.value.trim() === "" || !Number.isFinite(value)) {
    throw new RangeError(`${label} must be a number, got '${input.value}'`);
  }
  return value;
}

/** The value of select or input #id. */
export function valueOf(id: string): string {
  return element<HTMLInputElement | HTMLSelectElement>(id).value;
}

/** Sets input or select #id to `value`. */
export function setValue(id: string, value: string | number): void {
  element<HTMLInputElement | HTMLSelectElement>(id).value = String(value);
}

/** Offers `bytes` to the browser as a download named `name`. */
export function saveFile(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(
    new Blob([bytes as BlobPart], { type: "application/octet-stream" }),
  );
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A function that runs `draw` once, at the next animation frame but no sooner
 * than `intervalMs` after the last run, however often it is called before: a
 * worker reporting a hundred epochs a second costs the page ten redraws.
 */
export function perFrame(draw: () => void, intervalMs = 0): () => void {
  let pending = false, last = -Infinity;
  const run = () => {
    requestAnimationFrame(() => {
      pending = false;
      last = performance.now();
      draw();
    });
  };
  return () => {
    if (pending) return;
    pending = true;
    const wait = last + intervalMs - performance.now();
    if (wait > 0) setTimeout(run, wait);
    else run();
  };
}
