/**
 * Every Web API call goes through `slackCall`: it checks `ok`, waits out 429s for as long as the
 * invocation's budget allows (Retry-After), retries server errors for calls that are safe to
 * repeat, and turns every failure into a SlackCallError.
 */
import type { AppContext } from "../context.ts";

export type SlackResponse = { ok: boolean; error?: string; [key: string]: unknown };

export class SlackCallError extends Error {
  readonly method: string;
  readonly code: string;
  readonly response: Record<string, unknown>;
  /** The call may have taken effect even though it failed (a lost answer after a 5xx or timeout). */
  readonly ambiguous: boolean;
  /** For "ratelimited": how long Slack asked us to wait, in Slack seconds. */
  readonly retryAfterS: number | null;

  constructor(
    method: string,
    code: string,
    options: { response?: Record<string, unknown>; ambiguous?: boolean; retryAfterS?: number } = {},
  ) {
    super(`Cannot call "${method}": ${code}`);
    this.name = "SlackCallError";
    this.method = method;
    this.code = code;
    this.response = options.response ?? {};
    this.ambiguous = options.ambiguous ?? false;
    this.retryAfterS = options.retryAfterS ?? null;
  }
}

/** A short code for any failure: Slack's error code, else the exception's name. */
export function errorCode(err: unknown): string {
  return err instanceof SlackCallError ? err.code : err instanceof Error ? err.name : "error";
}

/** Methods that are safe to repeat after a lost answer. */
const REPEATABLE =
  /^(apps\.datastore\.(get|put|update|delete|query|count|bulkGet|bulkPut|bulkDelete)|conversations\.(info|list|history|replies|members|join|invite|open)|users\.|reactions\.(get|add|remove)|chat\.(getPermalink|scheduledMessages\.list|update|deleteScheduledMessage)|workflows\.triggers\.(list|update|delete)|auth\.test|functions\.complete(Success|Error))$/;

type HttpishError = { status?: number; headers?: { get(name: string): string | null } };

function httpStatus(err: unknown): number | null {
  const status = (err as HttpishError | null)?.status;
  return typeof status === "number" ? status : null;
}

export type SlackCtx = Pick<AppContext, "client" | "budget" | "log" | "pace">;

/**
 * Calls a Web API method and returns its answer, or throws a SlackCallError. A 429 is waited out
 * (Retry-After) for as long as the context's budget allows, however many times Slack asks; a server
 * error or a network failure is retried with backoff for methods safe to repeat, and reported as an
 * ambiguous failure (the call may have taken effect) for the others.
 */
export async function slackCall(
  ctx: SlackCtx,
  method: string,
  args: Record<string, unknown>,
): Promise<SlackResponse> {
  let serverErrors = 0;
  for (;;) {
    let response: SlackResponse;
    try {
      await ctx.pace?.before(method);
      response = (await ctx.client.apiCall(method, args)) as SlackResponse;
    } catch (err) {
      const status = httpStatus(err);
      if (status === 429) {
        const header = (err as HttpishError).headers?.get("retry-after");
        const retryAfterS = Math.max(1, Number(header ?? "1") || 1);
        const waitMs = retryAfterS * 1000;
        ctx.pace?.limited(method, retryAfterS);
        if (ctx.budget.has(waitMs + 1000)) {
          ctx.log.debug("slack_rate_limited", { method, retry_after_s: retryAfterS });
          await new Promise((r) => setTimeout(r, waitMs));
          continue;
        }
        throw new SlackCallError(method, "ratelimited", { retryAfterS });
      }
      const code = status !== null ? `http_${status}` : "network_error";
      if (!REPEATABLE.test(method)) throw new SlackCallError(method, code, { ambiguous: true });
      serverErrors++;
      const backoff = 250 * 2 ** (serverErrors - 1);
      if (serverErrors < 6 && ctx.budget.has(backoff + 1000)) {
        await new Promise((r) => setTimeout(r, backoff));
        continue;
      }
      throw new SlackCallError(method, code);
    }
    if (!response.ok) {
      throw new SlackCallError(method, String(response.error ?? "unknown_error"), { response });
    }
    return response;
  }
}

/** Runs a call and returns null instead of throwing for the listed Slack error codes. */
export async function slackCallOr(
  ctx: SlackCtx,
  method: string,
  args: Record<string, unknown>,
  tolerated: readonly string[],
): Promise<SlackResponse | { ok: false; error: string }> {
  try {
    return await slackCall(ctx, method, args);
  } catch (err) {
    if (err instanceof SlackCallError && tolerated.includes(err.code)) {
      return { ok: false, error: err.code };
    }
    throw err;
  }
}
