/**
 * Runs a project's Slack CLI hooks as the CLI does: get-hooks from .slack/hooks.json, its answer
 * merged under the project's own overrides, each hook through `sh -c` with the CLI's flags, and the
 * response read between message boundaries when the SDK speaks that protocol.
 */
import * as z from "zod/mini";

/** What get-hooks answers (deno_slack_hooks mod.ts): hook commands and protocol settings. */
const GetHooksAnswer = z.object({
  runtime: z.optional(z.string()),
  hooks: z.record(z.string(), z.string()),
  config: z.optional(z.object({ "protocol-version": z.optional(z.array(z.string())) })),
});

const HooksFile = z.object({ hooks: z.record(z.string(), z.string()) });

export type ResolvedHooks = { commands: Record<string, string>; boundaries: boolean };

/** The project's `.slack/hooks.json`, parsed; a clear error when it is not the expected shape. */
export function parseHooksFile(text: string, where = ".slack/hooks.json"): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SyntaxError(`Cannot read ${where}: ${(err as Error).message}`);
  }
  const parsed = HooksFile.safeParse(raw);
  if (!parsed.success) {
    throw new TypeError(`Cannot read ${where}: it needs { "hooks": { "get-hooks": "<command>" } }`);
  }
  if (!parsed.data.hooks["get-hooks"]) {
    throw new TypeError(`Cannot read ${where}: it has no "get-hooks" command`);
  }
  return parsed.data.hooks;
}

/**
 * The commands the CLI runs: get-hooks' answer, with any hook the project names itself (other than
 * get-hooks) taking precedence (slack-cli's hook resolution).
 */
export function resolveHooks(answer: unknown, own: Record<string, string>): ResolvedHooks {
  const parsed = GetHooksAnswer.safeParse(answer);
  if (!parsed.success) {
    throw new TypeError('Cannot read the get-hooks answer: it has no "hooks" object of commands');
  }
  const { ["get-hooks"]: _getHooks, ...overrides } = own;
  return {
    commands: { ...parsed.data.hooks, ...overrides },
    boundaries: parsed.data.config?.["protocol-version"]?.includes("message-boundaries") ?? false,
  };
}

/** POSIX single quoting, for the paths put on a hook's command line (one line needs no library). */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The command line the CLI runs for a hook: its command, then the protocol flags, then its own. */
export function hookCommandLine(
  command: string,
  options: { boundary?: string; args?: string[] },
): string {
  const flags = options.boundary
    ? ["--protocol=message-boundaries", `--boundary=${options.boundary}`]
    : [];
  return [command, ...flags, ...(options.args ?? [])].join(" ");
}

/** The hook's response: between the two boundaries when there are any, else all of stdout. */
export function hookResponse(stdout: string, boundary: string | undefined): string {
  if (!boundary) return stdout.trim();
  const start = stdout.indexOf(boundary);
  const end = start < 0 ? -1 : stdout.indexOf(boundary, start + boundary.length);
  if (end < 0) {
    throw new Error("Cannot read the hook's response: it is not between message boundaries");
  }
  return stdout.slice(start + boundary.length, end);
}

/** A random boundary, as the CLI makes one per invocation. */
export function newBoundary(): string {
  return `deploy-check-${crypto.randomUUID().replaceAll("-", "")}`;
}
