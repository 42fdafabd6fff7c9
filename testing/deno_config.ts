/**
 * deno.jsonc as the project's tests and tools read it: full-line comments taken out, then JSON (no
 * JSONC parser is reachable offline, and the file keeps its comments on lines of their own).
 */
export type DenoConfig = {
  imports: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
  lock?: unknown;
  tasks: Record<string, string>;
};

export async function readDenoConfig(file: URL | string): Promise<DenoConfig> {
  const text = await Deno.readTextFile(file);
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, "")) as DenoConfig;
}
