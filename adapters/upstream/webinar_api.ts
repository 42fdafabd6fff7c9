/**
 * The webinar platform's reply API (docs/events.md, "Reply delivery API"): base URL and credentials
 * from env, a bearer token plus an HMAC signature of each request, an idempotency key, a timeout,
 * and retries with backoff for server errors. A request Slack's sandbox blocks (the host is not in
 * the app's outgoing domains) fails at once with its own code. Answers are parsed with zod before use.
 */
import * as z from "zod/mini";
import type { AppContext } from "../context.ts";

export type ReplyRequest = {
  replyId: string;
  webinarId: string;
  attendeeId: string;
  text: string;
  sender: { name: string; email: string };
  sentAt: number;
};

export type ReplyResult =
  | { outcome: "chat" | "email" }
  | {
    outcome: "failed";
    code:
      | "not_configured"
      | "unavailable"
      | "rejected"
      | "unknown_attendee"
      | "too_long"
      | "domain_not_allowed";
    detail: string;
  };

/** The body of POST /v1/replies, as the app sends it (docs/schemas/reply_api_request.json). */
export const ReplyApiRequest = z.object({
  reply_id: z.string().check(z.minLength(1)),
  webinar_id: z.string().check(z.minLength(1)),
  attendee_id: z.string().check(z.minLength(1)),
  text: z.string().check(z.minLength(1)),
  sender: z.object({ name: z.string(), email: z.string() }),
  sent_at: z.iso.datetime(),
});

/** A 200 answer, as the app reads it (docs/schemas/reply_api_response.json). */
export const ReplyApiAnswer = z.object({ delivery: z.enum(["chat", "email"]) });
const encoder = new TextEncoder();
const TIMEOUT_MS = 8_000;

async function sign(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(
    await crypto.subtle.sign("HMAC", key, encoder.encode(`v1:${timestamp}:${body}`)),
  );
  return `v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Deno's refusal of a host the process may not reach: `NotCapable` since Deno 2, `PermissionDenied`
 * before ("Requires net access to "host:443", run again with the --allow-net flag"). On Slack it
 * means the host is not in the manifest's outgoing domains; asking again cannot help.
 */
export function isNetPermissionError(err: unknown): boolean {
  return err instanceof Error && (err.name === "NotCapable" || err.name === "PermissionDenied") &&
    /net access|--allow-net/.test(err.message);
}

export async function sendReply(
  ctx: Pick<AppContext, "config" | "budget" | "sleep" | "log">,
  req: ReplyRequest,
): Promise<ReplyResult> {
  const { webinarApiUrl, webinarApiToken, webinarApiSigningSecret } = ctx.config;
  if (!webinarApiUrl || !webinarApiToken) {
    return {
      outcome: "failed",
      code: "not_configured",
      detail: "WEBINAR_API_URL or WEBINAR_API_TOKEN is not set",
    };
  }
  const request: z.output<typeof ReplyApiRequest> = {
    reply_id: req.replyId,
    webinar_id: req.webinarId,
    attendee_id: req.attendeeId,
    text: req.text,
    sender: req.sender,
    sent_at: new Date(req.sentAt).toISOString(),
  };
  const body = JSON.stringify(request);
  let lastDetail = "";
  for (let attempt = 1; attempt <= 4; attempt++) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(`${webinarApiUrl}/v1/replies`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Authorization": `Bearer ${webinarApiToken}`,
          "Idempotency-Key": req.replyId,
          "X-Session-Bridge-Timestamp": timestamp,
          "X-Session-Bridge-Signature": await sign(webinarApiSigningSecret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(
          Math.min(TIMEOUT_MS, Math.max(1, ctx.budget.remaining())),
        ),
      });
    } catch (err) {
      if (isNetPermissionError(err)) {
        const host = new URL(webinarApiUrl).hostname;
        return {
          outcome: "failed",
          code: "domain_not_allowed",
          detail: `${host} is not among the app's outgoing domains`,
        };
      }
      lastDetail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      if (await backoff(ctx, attempt)) continue;
      return { outcome: "failed", code: "unavailable", detail: lastDetail };
    }
    const text = await res.text();
    if (res.ok) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
      const answer = ReplyApiAnswer.safeParse(parsed);
      if (answer.success) return { outcome: answer.data.delivery };
      return {
        outcome: "failed",
        code: "rejected",
        detail: `unexpected answer (HTTP ${res.status})`,
      };
    }
    lastDetail = `HTTP ${res.status}`;
    if (res.status >= 500 || res.status === 429) {
      if (await backoff(ctx, attempt)) continue;
      return { outcome: "failed", code: "unavailable", detail: lastDetail };
    }
    if (res.status === 404) {
      return { outcome: "failed", code: "unknown_attendee", detail: lastDetail };
    }
    if (res.status === 413) return { outcome: "failed", code: "too_long", detail: lastDetail };
    return { outcome: "failed", code: "rejected", detail: lastDetail };
  }
  return { outcome: "failed", code: "unavailable", detail: lastDetail };
}

/** Waits 0.5 s, 1 s, 2 s between attempts while the budget allows; false when it is time to stop. */
async function backoff(
  ctx: Pick<AppContext, "budget" | "sleep">,
  attempt: number,
): Promise<boolean> {
  if (attempt >= 4) return false;
  const wait = 500 * 2 ** (attempt - 1);
  if (!ctx.budget.has(wait + TIMEOUT_MS)) return false;
  await ctx.sleep(wait);
  return true;
}
