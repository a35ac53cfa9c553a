// What `deno task exercise` keeps on disk: the student's files in DIR
// (exercises/ unless --dir says otherwise), the pristine blanks in
// DIR/.blanks/, the versions `reset` set aside in DIR/.backup/, and the
// progress — which exercises pass, how many hints were given — in
// DIR/.progress.json (git-ignored, like the backups).
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFileAtomic } from "../../src/io/atomic_write.ts";
import type { ModuleLoader } from "../../src/lab/exercises/mod.ts";

/** What is remembered of one exercise. */
export interface ExerciseProgress {
  /** The last check's result. */
  passed?: boolean;
  /** When it ran (ISO time). */
  checked?: string;
  /** SHA-256 of the file the last check graded, to tell when it changed since. */
  digest?: string;
  /** Hints given so far. */
  hints?: number;
  /** Whether `solution` was shown. */
  solutionShown?: boolean;
}

/** The progress file's content. */
export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

/** The exercises' folder and what `deno task exercise` keeps in it. */
export class ExerciseFolder {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The student's file. */
  path(file: string): string {
    return join(this.dir, file);
  }

  /** The pristine blank of a file. */
  blank(file: string): string {
    return join(this.dir, ".blanks", file);
  }

  get progressPath(): string {
    return join(this.dir, ".progress.json");
  }

  /** Imports the student's files by file URL. */
  loader(): ModuleLoader {
    return (file) => import(pathToFileURL(resolve(this.path(file))).href);
  }

  /** SHA-256 of a file's bytes in hex, undefined when it does not exist. */
  async digest(path: string): Promise<string | undefined> {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** The progress so far (none when the file is missing or unreadable). */
  async readProgress(): Promise<Progress> {
    try {
      const parsed = JSON.parse(await Deno.readTextFile(this.progressPath));
      if (parsed?.version === 1 && typeof parsed.exercises === "object") return parsed;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound) && !(error instanceof SyntaxError)) throw error;
    }
    return { version: 1, exercises: {} };
  }

  /** Changes one exercise's progress and writes the file (atomically). */
  async updateProgress(id: string, change: ExerciseProgress): Promise<ExerciseProgress> {
    const progress = await this.readProgress();
    const entry = { ...progress.exercises[id], ...change };
    progress.exercises[id] = entry;
    const text = `${JSON.stringify(progress, null, 2)}\n`;
    await writeFileAtomic(this.progressPath, new TextEncoder().encode(text));
    return entry;
  }

  /**
   * Restores the blank of `file`; a version that differs from it is first
   * copied to DIR/.backup/FILE.TIME.bak (TIME without colons, for every file system).
   */
  async reset(file: string): Promise<{ backup?: string; unchanged: boolean }> {
    const blank = await Deno.readFile(this.blank(file));
    const target = this.path(file);
    let current: Uint8Array | undefined;
    try {
      current = await Deno.readFile(target);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (current && current.length === blank.length && current.every((b, i) => b === blank[i])) {
      return { unchanged: true };
    }
    let backup: string | undefined;
    if (current) {
      const time = new Date().toISOString().replace(/[:.]/g, "-");
      await Deno.mkdir(join(this.dir, ".backup"), { recursive: true });
      backup = join(this.dir, ".backup", `${file}.${time}.bak`);
      await writeFileAtomic(backup, current);
    }
    await writeFileAtomic(target, blank);
    return { backup, unchanged: false };
  }
}
