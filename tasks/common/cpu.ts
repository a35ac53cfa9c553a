// Which CPU a benchmark ran on, for the figures it prints: /proc/cpuinfo's
// model name, or — where the hypervisor leaves that empty — the vendor, the
// family and model numbers and the core generation they mean.

// AMD family 0x19 models by generation (Zen 3: Milan, Vermeer, Cezanne; Zen 4: Genoa, Raphael, Phoenix).
function amdGeneration(family: number, model: number): string | undefined {
  if (family === 0x17) return model >= 0x30 ? "Zen 2" : "Zen / Zen+";
  if (family === 0x1a) return "Zen 5";
  if (family !== 0x19) return undefined;
  const zen4 = (model >= 0x10 && model <= 0x1f) || (model >= 0x60 && model <= 0x7f) ||
    (model >= 0xa0 && model <= 0xaf);
  return zen4 ? "Zen 4" : "Zen 3";
}

/**
 * A one-line description of this machine's CPU, e.g. "AMD EPYC 7B13", or
 * "AMD EPYC (family 25 model 17, Zen 4)" where the name carries no model
 * number; "unknown CPU" where it cannot tell.
 */
export function cpuDescription(): string {
  let info: string;
  try {
    info = Deno.readTextFileSync("/proc/cpuinfo");
  } catch {
    // Deno reads /proc only with --allow-all; a task with --allow-run asks cat.
    try {
      const { stdout } = new Deno.Command("cat", { args: ["/proc/cpuinfo"] }).outputSync();
      info = new TextDecoder().decode(stdout);
    } catch {
      return "unknown CPU";
    }
  }
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(info)?.[1]?.trim();
  const name = field("model name");
  const vendor = field("vendor_id") ?? "unknown vendor";
  const family = Number(field("cpu family")), model = Number(field("model"));
  const generation = vendor === "AuthenticAMD" ? amdGeneration(family, model) : undefined;
  const numbers = `family ${family} model ${model}${generation ? `, ${generation}` : ""}`;
  // A name with a model number says it all; "AMD EPYC" alone does not.
  if (name && /\d/.test(name)) return name;
  return name ? `${name} (${numbers})` : `${vendor} ${numbers}`;
}
