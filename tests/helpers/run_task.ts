// Runs a task as a user would (deno run with the task's permissions, or
// `deno task NAME` itself) and collects its exit code and output.
import { fileURLToPath } from "node:url";

const taskPath = (name: string) =>
  fileURLToPath(new URL(`../../tasks/${name}.ts`, import.meta.url));

/** `deno run --allow-read --allow-write tasks/NAME.ts ...args`, without colours. */
export function runTask(
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runTaskWith(["--allow-read", "--allow-write"], name, ...args);
}

/** `deno run PERMISSIONS tasks/NAME.ts ...args`, without colours. */
export async function runTaskWith(
  permissions: string[],
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, taskPath(name), ...args],
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

/** `deno task --quiet NAME ...args` in the repository, as a user types it, without colours. */
export async function runDenoTask(
  name: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", name, ...args],
    cwd: fileURLToPath(new URL("../../", import.meta.url)),
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}
