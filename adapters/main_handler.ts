/**
 * The default export of a function that has only a main handler (no buttons, no modals).
 *
 * What SlackFunction does for such a function is one thing: give the handler a Web API client. It
 * also loads its interactivity routers and the SDK's proxy client, whose module defines the
 * trigger-context constants at load time: about 49 KB of every bundle that never runs (issue 12).
 * This builds the SDK's own base client instead, exactly as SlackFunction's `enrichContext` builds
 * the proxy around it (the token of the invocation, `SLACK_API_URL` when set), and is typed by the
 * SDK's own handler type, so the runtime contract is the SDK's (PLATFORM.md 3). Functions with
 * interactivity keep SlackFunction, whose routers they use.
 */
import { BaseSlackAPIClient } from "deno-slack-api/base-client.ts";
import type { RuntimeSlackFunctionHandler } from "deno-slack-sdk/functions/types.ts";
import type { Client } from "./context.ts";

type Handler<D> = RuntimeSlackFunctionHandler<D>;

/** What the runtime passes for definition `D` (its inputs typed by it), and what it expects back. */
type RuntimeContext<D> = Parameters<Handler<D>>[0];
type Result<D> = Awaited<ReturnType<Handler<D>>>;

/** The runtime's context, plus a client. */
export type MainContext<D> = RuntimeContext<D> & { client: Client };

/**
 * The default export for function `F`: the runtime calls it with its context; `handler` gets a
 * client too. Pass `typeof` the function's definition (a type-only import: nothing of it loads).
 */
export function mainHandler<F extends { definition: unknown }>(
  handler: (context: MainContext<F["definition"]>) => Promise<Result<F["definition"]>>,
): (context: RuntimeContext<F["definition"]>) => Promise<Result<F["definition"]>> {
  return (context) => {
    const slackApiUrl = context.env?.["SLACK_API_URL"];
    const client = new BaseSlackAPIClient(context.token, slackApiUrl ? { slackApiUrl } : {});
    return handler({ ...context, client });
  };
}
