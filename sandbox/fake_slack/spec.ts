import type { TokenInfo } from "./model.ts";
import type { Tier } from "./rate_limits.ts";
import type { Workspace } from "./workspace.ts";

export type ArgType = "string" | "boolean" | "number" | "json" | "csv";
export type ArgSpec = { type: ArgType; required?: boolean };

/** What a Web API method's handler works over: the workspace (with its clock), never the server. */
export type CallContext = {
  workspace: Workspace;
  /** The fake's own URL, for the links Slack answers with (permalinks, webhook URLs). */
  origin: string;
  token: TokenInfo;
  /** The user (or the app's bot user) the call acts as. */
  actor: string;
};

export type Args = Record<string, unknown>;

export type MethodSpec = {
  tier: Tier;
  /** The call needs any one of these scopes (bot and workflow tokens); none listed = no scope. */
  scopes?: (args: Args) => string[];
  args: Record<string, ArgSpec>;
  /** Which channel a chat.postMessage-style call draws its per-channel rate limit from. */
  rateChannel?: (args: Args) => string | undefined;
  handler: (ctx: CallContext, args: Args) => Promise<Record<string, unknown>>;
};

export type MethodTable = Record<string, MethodSpec>;

export const scope = (...names: string[]): () => string[] => () => names;

/** Helpers to read parsed arguments with their declared types. */
export function str(args: Args, name: string): string | undefined {
  const v = args[name];
  return typeof v === "string" ? v : undefined;
}
export function bool(args: Args, name: string): boolean {
  return args[name] === true;
}
export function num(args: Args, name: string): number | undefined {
  const v = args[name];
  return typeof v === "number" ? v : undefined;
}
