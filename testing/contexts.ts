/**
 * App contexts in the test process, talking to a fake Slack with the app's bot token, whose calls a
 * test can intercept: to slow one down, fail it, or run something between two calls (scripted
 * interleavings of two runs).
 */
import { SlackAPI } from "deno-slack-api/mod.ts";
import type { AppContext } from "../adapters/context.ts";
import { createContext } from "../adapters/context.ts";
import type { FakeSlack } from "../sandbox/fake_slack/mod.ts";

export type CallHook = (
  method: string,
  args: Record<string, unknown>,
  call: () => Promise<unknown>,
) => Promise<unknown>;

/** A context for the app's bot on `fake`; `hook` (if given) sees every Web API call it makes. */
export function botContext(
  fake: FakeSlack,
  options: { hook?: CallHook; step?: string; limitMs?: number; env?: Record<string, string> } = {},
): AppContext {
  const client = SlackAPI(fake.workspace.requireApp().bot_token, { slackApiUrl: fake.apiUrl });
  if (options.hook) {
    const hook = options.hook;
    const apiCall = client.apiCall.bind(client);
    client.apiCall = ((method: string, args: Record<string, unknown> = {}) =>
      hook(method, args, () =>
        apiCall(method, args))) as typeof client.apiCall;
  }
  return createContext({
    client,
    env: options.env ?? {},
    step: options.step ?? "test",
    ...(options.limitMs ? { limitMs: options.limitMs } : {}),
  });
}

export type RecordedCall = { method: string; args: Record<string, unknown> };

/** A bot context whose Web API calls (method and arguments) are listed in `calls`, in order. */
export function recordingContext(fake: FakeSlack): { ctx: AppContext; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const ctx = botContext(fake, {
    hook: (method, args, call) => {
      calls.push({ method, args });
      return call();
    },
  });
  return { ctx, calls };
}

/** The app-state row a call writes, if it is a put of `state:<name>` (to script around leases...). */
export function statePut(method: string, args: Record<string, unknown>, name: string): unknown {
  if (method !== "apps.datastore.put") return undefined;
  const item = args.item as { id?: string; value_json?: string } | undefined;
  return item?.id === `state:${name}` ? JSON.parse(item.value_json ?? "null") : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
