/**
 * The part of Slack's function runtime (slackapi/deno-slack-runtime) that runs inside each worker:
 * picks the handler for the payload, calls it with the runtime's context, and on a main-handler
 * return calls functions.completeSuccess / completeError itself. Written for the sandbox from the
 * runtime's documented contract (PLATFORM.md 3.1-3.3).
 */
/// <reference lib="deno.worker" />

type Handler = (args: Record<string, unknown>) => unknown;
type FunctionModule = {
  default?: Handler & Record<string, Handler | undefined>;
  [key: string]: unknown;
};
type Payload = {
  body: Record<string, unknown> & {
    event?: Record<string, unknown>;
    function_data?: Record<string, unknown>;
  };
  context: { bot_access_token: string; team_id: string; variables: Record<string, string> };
};

async function complete(
  apiUrl: string,
  token: string,
  method: string,
  data: Record<string, unknown>,
): Promise<boolean> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(data)) {
    form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  try {
    const res = await fetch(`${apiUrl.replace(/\/$/, "")}/${method}`, {
      method: "POST",
      headers: {
        "Authorization": `Bearer ${token}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: form,
    });
    const json = await res.json().catch(() => ({ ok: false, error: `http_${res.status}` }));
    // deno-lint-ignore no-console -- forwarded to the engine's log, as the runtime's own warnings are
    if (!json.ok) console.warn(`runtime: ${method} answered ${json.error}`);
    return json.ok === true;
  } catch (err) {
    // deno-lint-ignore no-console -- as above
    console.warn(`runtime: ${method} failed: ${err}`);
    return false;
  }
}

async function dispatch(mod: FunctionModule, payload: Payload): Promise<unknown> {
  const { body, context } = payload;
  const type = String(body.event?.type ?? body.type ?? "");
  const env = context.variables ?? {};
  const token = String(
    body.event?.bot_access_token ?? body.bot_access_token ?? context.bot_access_token ?? "",
  );
  const inputs = (body.event?.inputs ?? body.function_data?.inputs ?? {}) as Record<
    string,
    unknown
  >;
  const base = { body, env, token, inputs, team_id: context.team_id, enterprise_id: "" };
  const pick = (name: string): Handler | undefined =>
    (mod[name] as Handler | undefined) ?? mod.default?.[name];

  switch (type) {
    case "function_executed": {
      if (!mod.default) {
        throw new Error(
          "Received a function_executed payload but the function does not define a default handler",
        );
      }
      const result = (await mod.default({ ...base, event: body.event })) as
        | { completed?: boolean; outputs?: Record<string, unknown>; error?: string }
        | undefined;
      const { completed = true, outputs = {}, error } = result ?? {};
      const apiUrl = env.SLACK_API_URL ?? "https://slack.com/api/";
      const id = body.event?.function_execution_id;
      // Like the real runtime: one completion call, no retry; the engine sees whether it landed.
      if (error) {
        const ok = await complete(apiUrl, token, "functions.completeError", {
          function_execution_id: id,
          error,
        });
        return { completed: true, completion_ok: ok };
      }
      if (completed) {
        const ok = await complete(apiUrl, token, "functions.completeSuccess", {
          function_execution_id: id,
          outputs,
        });
        return { completed: true, completion_ok: ok };
      }
      return { completed: false };
    }
    case "block_actions": {
      const handler = pick("blockActions");
      if (!handler) {
        throw new Error("UnhandledEventError: the function does not define a blockActions handler");
      }
      return (await handler({ ...base, action: (body.actions as unknown[])[0], body })) ?? {};
    }
    case "view_submission":
    case "view_closed": {
      const handler = pick(type === "view_submission" ? "viewSubmission" : "viewClosed");
      if (!handler) {
        throw new Error(`UnhandledEventError: the function does not define a ${type} handler`);
      }
      return (await handler({ ...base, body, view: body.view })) ?? {};
    }
    default:
      throw new Error(`UnhandledEventError: unsupported event type "${type}"`);
  }
}

/** Waits for the one payload of this invocation, runs it, reports, and never runs again. */
export function serve(loaded: unknown): void {
  const mod = loaded as FunctionModule;
  self.onmessage = async (e: MessageEvent<Payload>) => {
    try {
      const response = await dispatch(mod, e.data);
      self.postMessage({ kind: "result", ok: true, response });
    } catch (err) {
      const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      self.postMessage({ kind: "result", ok: false, error: message });
    }
  };
  self.postMessage({ kind: "ready" });
}
