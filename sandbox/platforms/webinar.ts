/**
 * A loopback fake of a webinar platform: the reply API Session Bridge calls (POST /v1/replies, with
 * bearer token, HMAC signature and idempotency key checks), attendees who are online or offline,
 * sessions that end, and a sender of webhook events that batches and honours 429 Retry-After.
 * Tests and the sandbox page drive it; docs/events.md describes the API it plays.
 */
export type Person = { name: string; email: string };
export type Webinar = {
  id: string;
  title: string;
  chat_url: string;
  reply_attribution: "primary_moderator" | "sender";
  primary_moderator: Person;
  moderators: Person[];
};
export type Attendee = {
  id: string;
  webinar_id: string;
  session_id: string;
  name: string;
  email: string;
  online: boolean;
  joined_at?: string;
};
export type ReceivedReply = {
  reply_id: string;
  webinar_id: string;
  attendee_id: string;
  text: string;
  sender: Person;
  delivery: "chat" | "email";
  at: number;
};

export type WebinarPlatformOptions = { token?: string; signingSecret?: string; port?: number };

export class WebinarPlatform {
  readonly token: string;
  readonly signingSecret: string;
  readonly webinars = new Map<string, Webinar>();
  readonly attendees = new Map<string, Attendee>();
  readonly sessions = new Map<
    string,
    { id: string; webinar_id: string; type: string; starts_at: string; over: boolean }
  >();
  readonly replies: ReceivedReply[] = [];
  /** Requests the reply API refused (auth, signature...), for tests. */
  readonly refused: Array<{ status: number; reason: string }> = [];
  /** "up", "down" (503), "hang" (no answer), or "flaky" (fails this fraction of calls). */
  mode: { kind: "up" } | { kind: "down" } | { kind: "hang" } | {
    kind: "flaky";
    failRate: number;
    random: () => number;
  } = { kind: "up" };
  url = "";
  #server: Deno.HttpServer | null = null;
  #answers = new Map<string, { status: number; body: unknown }>();
  #seq = 0;

  constructor(options: WebinarPlatformOptions = {}) {
    this.token = options.token ?? "webinar-api-token";
    this.signingSecret = options.signingSecret ?? "webinar-signing-secret";
  }

  static async start(options: WebinarPlatformOptions = {}): Promise<WebinarPlatform> {
    const p = new WebinarPlatform(options);
    const ready = Promise.withResolvers<Deno.NetAddr>();
    p.#server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 0,
      onListen: (a) => ready.resolve(a as Deno.NetAddr),
    }, (req) => p.handle(req));
    p.url = `http://127.0.0.1:${(await ready.promise).port}`;
    return p;
  }

  async close(): Promise<void> {
    await this.#server?.shutdown();
  }

  // ---------- world ----------

  addWebinar(w: Webinar): Webinar {
    this.webinars.set(w.id, w);
    return w;
  }

  addSession(s: { id: string; webinar_id: string; type: string; starts_at: string }): void {
    this.sessions.set(s.id, { ...s, over: false });
  }

  register(a: Omit<Attendee, "online">): Attendee {
    const attendee = { ...a, online: false };
    this.attendees.set(this.#key(a.webinar_id, a.id), attendee);
    return attendee;
  }

  setOnline(webinarId: string, attendeeId: string, online: boolean): void {
    const a = this.attendees.get(this.#key(webinarId, attendeeId));
    if (!a) {
      throw new Error(`Cannot set presence: no attendee "${attendeeId}" in webinar "${webinarId}"`);
    }
    a.online = online;
  }

  endSession(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`Cannot end session "${sessionId}": unknown`);
    s.over = true;
    for (const a of this.attendees.values()) if (a.session_id === sessionId) a.online = false;
  }

  #key(webinarId: string, attendeeId: string): string {
    return `${webinarId}/${attendeeId}`;
  }

  nextId(prefix: string): string {
    return `${prefix}_${Date.now().toString(36)}${(++this.#seq).toString(36)}`;
  }

  // ---------- reply API ----------

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (req.method !== "POST" || url.pathname !== "/v1/replies") {
      return Response.json({ error: "not_found" }, { status: 404 });
    }
    const body = await req.text();
    if (this.mode.kind === "down") return Response.json({ error: "unavailable" }, { status: 503 });
    if (this.mode.kind === "hang") {
      await new Promise((r) => setTimeout(r, 30_000));
      return Response.json({ error: "timeout" }, { status: 504 });
    }
    if (this.mode.kind === "flaky" && this.mode.random() < this.mode.failRate) {
      return Response.json({ error: "unavailable" }, { status: 503 });
    }
    const refuse = (status: number, reason: string) => {
      this.refused.push({ status, reason });
      return Response.json({ error: reason }, { status });
    };
    if (req.headers.get("authorization") !== `Bearer ${this.token}`) {
      return refuse(401, "invalid_token");
    }
    const ts = req.headers.get("x-session-bridge-timestamp") ?? "";
    const signature = req.headers.get("x-session-bridge-signature") ?? "";
    if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return refuse(401, "stale_timestamp");
    if (signature !== await this.sign(ts, body)) return refuse(401, "bad_signature");
    const key = req.headers.get("idempotency-key");
    if (!key) return refuse(400, "idempotency_key_required");
    const earlier = this.#answers.get(key);
    if (earlier) return Response.json(earlier.body, { status: earlier.status });
    let payload: {
      reply_id: string;
      webinar_id: string;
      attendee_id: string;
      text: string;
      sender: Person;
    };
    try {
      payload = JSON.parse(body);
    } catch {
      return refuse(400, "invalid_json");
    }
    const attendee = this.attendees.get(this.#key(payload.webinar_id, payload.attendee_id));
    let answer: { status: number; body: unknown };
    if (!attendee) answer = { status: 404, body: { error: "attendee_not_found" } };
    else if (typeof payload.text !== "string" || payload.text.length > 10_000) {
      answer = { status: 413, body: { error: "too_long" } };
    } else {
      const sessionOver = this.sessions.get(attendee.session_id)?.over ?? false;
      const delivery = attendee.online && !sessionOver ? "chat" : "email";
      this.replies.push({ ...payload, delivery, at: Date.now() });
      answer = { status: 200, body: { delivery } };
    }
    this.#answers.set(key, answer);
    return Response.json(answer.body, { status: answer.status });
  }

  async sign(timestamp: string, body: string): Promise<string> {
    const enc = new TextEncoder();
    const key = await crypto.subtle.importKey(
      "raw",
      enc.encode(this.signingSecret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign("HMAC", key, enc.encode(`v1:${timestamp}:${body}`)),
    );
    return `v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
}

/**
 * Sends events to a webhook trigger the way a well-behaved platform does: in batches of at most
 * `batchSize`, waiting out 429s (Slack allows 10 webhook requests a minute per trigger).
 */
export async function sendEvents(
  webhookUrl: string,
  secret: string,
  events: unknown[],
  options: { batchSize?: number; maxWaitMs?: number; timeScale?: number } = {},
): Promise<{ requests: number; rateLimited: number; statuses: number[] }> {
  const size = options.batchSize ?? 100;
  const scale = options.timeScale ?? 1;
  let requests = 0;
  let rateLimited = 0;
  const statuses: number[] = [];
  const until = Date.now() + (options.maxWaitMs ?? 600_000);
  for (let i = 0; i < events.length; i += size) {
    for (;;) {
      requests++;
      const res = await fetch(webhookUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ secret, events: events.slice(i, i + size) }),
      });
      await res.body?.cancel();
      statuses.push(res.status);
      if (res.status !== 429) break;
      rateLimited++;
      const wait = Number(res.headers.get("retry-after") ?? "1") * 1000 / scale;
      if (Date.now() + wait > until) {
        throw new Error("Cannot send events: still rate limited at the deadline");
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  return { requests, rateLimited, statuses };
}
