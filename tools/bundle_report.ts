/**
 * What a function bundle is made of: its bytes by source module and by package or app folder, read
 * from the `// <module>` lines `deno bundle` writes before each module's code, so trimming can aim
 * at what dominates.
 */

export type ModuleSize = { id: string; bytes: number };
export type Composition = {
  total: number;
  modules: ModuleSize[];
  groups: ModuleSize[];
};

/** A line `deno bundle` (esbuild) writes before a module: `// deno:https://…` or `// domain/x.ts`. */
const MODULE_LINE =
  /^\/\/ (?:deno:)?((?:https?:\/\/)?[A-Za-z0-9_@.+~-]+(?:\/[A-Za-z0-9_@.+~%-]+)*\.(?:ts|tsx|mts|js|mjs|cjs|json))$/;

const encoder = new TextEncoder();

/** The bundle's bytes per source module, biggest first ("(runtime)" before the first module). */
export function bundleModules(text: string): ModuleSize[] {
  const sizes = new Map<string, number>();
  let current = "(runtime)";
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    const id = MODULE_LINE.exec(line)?.[1];
    if (id) current = id;
    const newline = i < lines.length - 1 ? 1 : 0;
    sizes.set(current, (sizes.get(current) ?? 0) + encoder.encode(line).length + newline);
  }
  return [...sizes].map(([id, bytes]) => ({ id, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The package or app folder a module belongs to: `deno.land/x/deno_slack_sdk@2.15.1`,
 * `deno.land/std@0.182.0`, `npm:zod@4.6.7`, or the app folder (`domain/webinar`,
 * `functions/relay_moderator_reply`).
 */
export function moduleGroup(id: string): string {
  const remote = /^https?:\/\/([^/]+)\/(x\/[^/]+|[^/]+)/.exec(id);
  if (remote) return remote[1] === "deno.land" ? `deno.land/${remote[2]}` : remote[1]!;
  const npm = /node_modules\/\.deno\/([^/]+)\//.exec(id);
  if (npm) return `npm:${npm[1]!.replace(/^@([^+]+)\+/, "@$1/")}`;
  const dir = id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : ".";
  return dir;
}

export function composition(text: string): Composition {
  const modules = bundleModules(text);
  const groups = new Map<string, number>();
  for (const m of modules) {
    groups.set(moduleGroup(m.id), (groups.get(moduleGroup(m.id)) ?? 0) + m.bytes);
  }
  return {
    total: modules.reduce((sum, m) => sum + m.bytes, 0),
    modules,
    groups: [...groups].map(([id, bytes]) => ({ id, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}

/** App folders of other functions found in `callbackId`'s bundle (a function should not load them). */
export function otherFunctions(c: Composition, callbackId: string): string[] {
  return c.groups.map((g) => g.id)
    .filter((id) => /^functions\/[a-z_]+$/.test(id) && id !== `functions/${callbackId}`);
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** "deno.land/std@0.67.0 31.2 KB (12%)" for the biggest `count` groups. */
export function describeGroups(c: Composition, count: number): string[] {
  return c.groups.slice(0, count).map((g) =>
    `${g.id} ${kb(g.bytes)} (${Math.round((g.bytes / c.total) * 100)}%)`
  );
}
