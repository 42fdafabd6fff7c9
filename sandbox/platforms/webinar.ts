/**
 * A loopback fake of a webinar platform: the reply API Session Bridge calls (POST /v1/replies, with
 * bearer token, HMAC signature and idempotency key checks), attendees who are online or offline,
 * sessions that end, and a sender of webhook events that batches and honours 429 Retry-After.
 * For the sandbox page it also plays the platform's side of a live webinar: attendees register,
 * join, chat and answer polls (each sends the event docs/events.md describes), and moderators'
 * replies land in the attendee's chat or in an email outbox, as sent by whom W7 says.
 * Tests and the sandbox page drive it; docs/events.md describes the API it plays.
 */
import { isEmailAddress } from "../../domain/email.ts";
import type { EventSender } from "./sender.ts";
import { type SimStore, WriteQueue } from "./sim_store.ts";

export { sendEvents } from "./sender.ts";

export type Person = { name: string; email: string };
export type Poll = { id: string; title: string; options: string[] };
export type Webinar = {
  id: string;
  title: string;
  chat_url: string;
  reply_attribution: "primary_moderator" | "sender";
  primary_moderator: Person;
  moderators: Person[];
  /** Sandbox: the polls attendees can answer. */
  polls?: Poll[];
};
export type Session = {
  id: string;
  webinar_id: string;
  type: string;
  starts_at: string;
  over: boolean;
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
/** One line of an attendee's chat with the moderators, as the attendee sees it. */
export type ChatLine = {
  id: string;
  webinar_id: string;
  attendee_id: string;
  at: number;
  from: "attendee" | "moderator";
  text: string;
  /** Moderator lines: who the reply appears to come from (W7). */
  sender?: Person;
  reply_id?: string;
};
/** A reply that went by email (offline attendee, or the session is over). */
export type Email = {
  id: string;
  webinar_id: string;
  attendee_id: string;
  at: number;
  to: Person;
  from: Person;
  subject: string;
  text: string;
  reply_id: string;
  bounced?: boolean;
};

export type WebinarPlatformOptions = {
  token?: string;
  signingSecret?: string;
  port?: number;
  /** Keeps the world across restarts (sandbox); memory only when absent. */
  store?: SimStore;
  /** The sandbox clock (epoch ms); real time when absent. */
  now?: () => number;
  /** Where attendee actions send their events; without it they are only recorded. */
  sender?: EventSender;
  /** The platform's chat page for a webinar (and attendee), used in the events' chat_url fields. */
  chatUrl?: (webinarId: string, attendeeId?: string) => string;
  /** Called after every change (the sandbox page refreshes). */
  onChange?: () => void;
};

/** Thrown for a request the simulator cannot act on (unknown attendee, empty text...). */
export class SimulatorError extends Error {
  override name = "SimulatorError";
}

const MAX_CHAT = 10_000;

export class WebinarPlatform {
  readonly token: string;
  readonly signingSecret: string;
  readonly webinars = new Map<string, Webinar>();
  readonly attendees = new Map<string, Attendee>();
  readonly sessions = new Map<string, Session>();
  readonly replies: ReceivedReply[] = [];
  readonly chats: ChatLine[] = [];
  readonly emails: Email[] = [];
  /** Requests the reply API refused (auth, signature...), for tests. */
  readonly refused: Array<{ status: number; reason: string }> = [];
  /** "up", "down" (503), "hang" (no answer), or "flaky" (fails this fraction of calls). */
  mode: { kind: "up" } | { kind: "down" } | { kind: "hang" } | {
    kind: "flaky";
    failRate: number;
    random: () => number;
  } = { kind: "up" };
  url = "";
  readonly #options: WebinarPlatformOptions;
  readonly #writes: WriteQueue | null;
  #server: Deno.HttpServer | null = null;
  #answers = new Map<string, { status: number; body: unknown }>();
  #seq = 0;
  #lastStamp = 0;
  #hangs = new Set<AbortController>();

  constructor(options: WebinarPlatformOptions = {}) {
    this.#options = options;
    this.token = options.token ?? "webinar-api-token";
    this.signingSecret = options.signingSecret ?? "webinar-signing-secret";
    this.#writes = options.store ? new WriteQueue(options.store) : null;
  }

  static async start(options: WebinarPlatformOptions = {}): Promise<WebinarPlatform> {
    const p = new WebinarPlatform(options);
    if (options.store) await p.#load(options.store);
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
    for (const c of this.#hangs) c.abort();
    await this.#server?.shutdown();
    await this.#writes?.flush();
  }

  /** Waits until every change so far is stored. */
  async flush(): Promise<void> {
    await this.#writes?.flush();
  }

  now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /** The time of a new event: never the same millisecond as the previous one, so order is kept. */
  #stamp(): string {
    this.#lastStamp = Math.max(this.now(), this.#lastStamp + 1);
    return new Date(this.#lastStamp).toISOString();
  }

  async #load(store: SimStore): Promise<void> {
    for (const w of await store.load<Webinar>("webinar")) this.webinars.set(w.id, w);
    for (const s of await store.load<Session>("session")) this.sessions.set(s.id, s);
    for (const a of await store.load<Attendee>("attendee")) {
      this.attendees.set(this.#key(a.webinar_id, a.id), a);
    }
    const byAt = <T extends { at: number }>(a: T, b: T) => a.at - b.at;
    this.replies.push(...(await store.load<ReceivedReply>("reply")).sort(byAt));
    this.chats.push(...(await store.load<ChatLine>("chat")).sort(byAt));
    this.emails.push(...(await store.load<Email>("email")).sort(byAt));
    for (const a of await store.load<{ key: string; status: number; body: unknown }>("answer")) {
      this.#answers.set(a.key, { status: a.status, body: a.body });
    }
  }

  #changed(kind: string, id: string, value: unknown): void {
    this.#writes?.put(kind, id, value);
    this.#options.onChange?.();
  }

  // ---------- world ----------

  addWebinar(w: Webinar): Webinar {
    this.webinars.set(w.id, w);
    this.#changed("webinar", w.id, w);
    return w;
  }

  addSession(s: { id: string; webinar_id: string; type: string; starts_at: string }): void {
    const session = { ...s, over: false };
    this.sessions.set(s.id, session);
    this.#changed("session", s.id, session);
  }

  register(a: Omit<Attendee, "online">): Attendee {
    const attendee = { ...a, online: false };
    this.attendees.set(this.#key(a.webinar_id, a.id), attendee);
    this.#changed("attendee", this.#key(a.webinar_id, a.id), attendee);
    return attendee;
  }

  setOnline(webinarId: string, attendeeId: string, online: boolean): void {
    const a = this.attendees.get(this.#key(webinarId, attendeeId));
    if (!a) {
      throw new SimulatorError(
        `Cannot set presence: no attendee "${attendeeId}" in webinar "${webinarId}"`,
      );
    }
    a.online = online;
    this.#changed("attendee", this.#key(webinarId, attendeeId), a);
  }

  endSession(sessionId: string): void {
    const s = this.sessions.get(sessionId);
    if (!s) throw new SimulatorError(`Cannot end session "${sessionId}": unknown`);
    s.over = true;
    this.#changed("session", s.id, s);
    for (const a of this.attendees.values()) {
      if (a.session_id === sessionId && a.online) {
        a.online = false;
        this.#changed("attendee", this.#key(a.webinar_id, a.id), a);
      }
    }
  }

  #key(webinarId: string, attendeeId: string): string {
    return `${webinarId}/${attendeeId}`;
  }

  nextId(prefix: string): string {
    return `${prefix}_${this.now().toString(36)}${(++this.#seq).toString(36)}`;
  }

  attendee(webinarId: string, attendeeId: string): Attendee {
    const a = this.attendees.get(this.#key(webinarId, attendeeId));
    if (!a) {
      throw new SimulatorError(`Unknown attendee "${attendeeId}" in webinar "${webinarId}"`);
    }
    return a;
  }

  #webinar(id: string): Webinar {
    const w = this.webinars.get(id);
    if (!w) throw new SimulatorError(`Unknown webinar "${id}"`);
    return w;
  }

  // ---------- what attendees do (each sends an event) ----------

  /** A webinar and its first session, as a host sets them up on the platform. */
  createWebinar(input: {
    title: string;
    reply_attribution: Webinar["reply_attribution"];
    primary_moderator: Person;
    moderators: Person[];
    session: { type: string; starts_at: string };
    polls?: Poll[];
    id?: string;
  }): { webinar: Webinar; session: Session } {
    const title = input.title.trim();
    if (!title) throw new SimulatorError("A webinar needs a title");
    if (!Number.isFinite(Date.parse(input.session.starts_at))) {
      throw new SimulatorError(`"${input.session.starts_at}" is not a date`);
    }
    const id = input.id ?? this.nextId("web");
    const webinar = this.addWebinar({
      id,
      title,
      chat_url: this.#options.chatUrl?.(id) ?? `https://webinar.example/w/${id}/chat`,
      reply_attribution: input.reply_attribution,
      primary_moderator: input.primary_moderator,
      moderators: input.moderators,
      ...(input.polls ? { polls: input.polls } : {}),
    });
    const sessionId = this.nextId("ses");
    this.addSession({
      id: sessionId,
      webinar_id: id,
      type: input.session.type,
      starts_at: new Date(Date.parse(input.session.starts_at)).toISOString(),
    });
    return { webinar, session: this.sessions.get(sessionId)! };
  }

  /** Someone registers: they become an attendee, and `attendee.registered` is sent. */
  registerAttendee(
    input: { webinar_id: string; session_id?: string; name: string; email: string },
  ): {
    attendee: Attendee;
    event: Record<string, unknown>;
  } {
    this.#webinar(input.webinar_id);
    const session = input.session_id
      ? this.sessions.get(input.session_id)
      : [...this.sessions.values()].find((s) => s.webinar_id === input.webinar_id && !s.over);
    if (!session || session.webinar_id !== input.webinar_id) {
      throw new SimulatorError(`Webinar "${input.webinar_id}" has no open session to register for`);
    }
    const name = input.name.trim();
    const email = input.email.trim();
    if (!name) throw new SimulatorError("An attendee needs a name");
    if (!isEmailAddress(email)) {
      throw new SimulatorError(`"${email}" is not an email address`);
    }
    const attendee = this.register({
      id: this.nextId("att"),
      webinar_id: input.webinar_id,
      session_id: session.id,
      name,
      email,
    });
    return { attendee, event: this.#send("attendee.registered", attendee) };
  }

  /** The attendee opens the live session: online, with a join time; `attendee.joined` is sent. */
  join(webinarId: string, attendeeId: string): Record<string, unknown> {
    const a = this.attendee(webinarId, attendeeId);
    const session = this.sessions.get(a.session_id);
    if (session?.over) throw new SimulatorError("The session is over: nobody can join it");
    a.online = true;
    a.joined_at ??= this.#stamp();
    this.#changed("attendee", this.#key(webinarId, attendeeId), a);
    return this.#send("attendee.joined", a);
  }

  /** The attendee writes in the live chat: `attendee.chat_message` is sent. */
  chat(webinarId: string, attendeeId: string, text: string): Record<string, unknown> {
    const a = this.attendee(webinarId, attendeeId);
    const body = text.trim();
    if (!body) throw new SimulatorError("A chat message needs some text");
    if (body.length > MAX_CHAT) {
      throw new SimulatorError(`A chat message has at most ${MAX_CHAT} characters`);
    }
    const id = this.nextId("msg");
    this.#addChat({
      id,
      webinar_id: webinarId,
      attendee_id: attendeeId,
      at: this.now(),
      from: "attendee",
      text: body,
    });
    return this.#send("attendee.chat_message", a, { message: { id, text: body } });
  }

  /** The attendee answers a poll (or another interaction): `attendee.interaction_response` is sent. */
  answer(
    webinarId: string,
    attendeeId: string,
    interaction: { id?: string; kind: string; title: string; response: string },
  ): Record<string, unknown> {
    const a = this.attendee(webinarId, attendeeId);
    if (!interaction.title.trim() || !interaction.response.trim()) {
      throw new SimulatorError("An interaction needs a title and a response");
    }
    return this.#send("attendee.interaction_response", a, {
      interaction: {
        id: interaction.id ?? this.nextId("int"),
        kind: interaction.kind,
        title: interaction.title.trim(),
        response: interaction.response.trim(),
      },
    });
  }

  /** An emailed reply bounces: `reply.delivery_result` with outcome "failed" is sent. */
  bounce(emailId: string): Record<string, unknown> {
    const email = this.emails.find((e) => e.id === emailId);
    if (!email) throw new SimulatorError(`Unknown email "${emailId}"`);
    email.bounced = true;
    this.#changed("email", email.id, email);
    const event = {
      id: this.nextId("evt"),
      type: "reply.delivery_result",
      occurred_at: this.#stamp(),
      webinar: { id: email.webinar_id },
      attendee: { id: email.attendee_id },
      reply: {
        id: email.reply_id,
        outcome: "failed",
        error: "The attendee's mailbox refused the email",
      },
    };
    this.#options.sender?.enqueue([event]);
    return event;
  }

  #addChat(line: ChatLine): void {
    this.chats.push(line);
    this.#changed("chat", line.id, line);
  }

  /** An event in the shape docs/events.md gives, sent through the sender when there is one. */
  #send(type: string, a: Attendee, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const w = this.#webinar(a.webinar_id);
    const s = this.sessions.get(a.session_id);
    const chatUrl = this.#options.chatUrl;
    const event: Record<string, unknown> = {
      id: this.nextId("evt"),
      type,
      occurred_at: this.#stamp(),
      webinar: {
        id: w.id,
        title: w.title,
        chat_url: chatUrl ? chatUrl(w.id) : w.chat_url,
        reply_attribution: w.reply_attribution,
        primary_moderator: w.primary_moderator,
        moderators: w.moderators,
      },
      session: {
        id: a.session_id,
        type: s?.type ?? "live",
        starts_at: s?.starts_at ?? new Date(this.now()).toISOString(),
      },
      attendee: {
        id: a.id,
        name: a.name,
        email: a.email,
        ...(a.joined_at ? { joined_at: a.joined_at } : {}),
        ...(chatUrl ? { chat_url: chatUrl(w.id, a.id) } : {}),
      },
      ...extra,
    };
    this.#options.sender?.enqueue([event]);
    return event;
  }

  /** Everything the sandbox page shows, as plain data. */
  snapshot(): {
    webinars: Array<Webinar & { sessions: Session[]; attendees: Attendee[] }>;
    chats: ChatLine[];
    emails: Email[];
  } {
    return structuredClone({
      webinars: [...this.webinars.values()].map((w) => ({
        ...w,
        sessions: [...this.sessions.values()]
          .filter((s) => s.webinar_id === w.id)
          .sort((a, b) => a.starts_at.localeCompare(b.starts_at)),
        attendees: [...this.attendees.values()].filter((a) => a.webinar_id === w.id),
      })).sort((a, b) =>
        (a.sessions[0]?.starts_at ?? "").localeCompare(b.sessions[0]?.starts_at ?? "")
      ),
      chats: this.chats,
      emails: this.emails,
    });
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
      const c = new AbortController();
      this.#hangs.add(c);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 30_000);
        c.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          r();
        });
      });
      this.#hangs.delete(c);
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
    if (Math.abs(this.now() / 1000 - Number(ts)) > 300) return refuse(401, "stale_timestamp");
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
      const reply: ReceivedReply = { ...payload, delivery, at: this.now() };
      this.replies.push(reply);
      this.#changed("reply", payload.reply_id, reply);
      this.#deliver(reply, attendee);
      answer = { status: 200, body: { delivery } };
    }
    this.#answers.set(key, answer);
    this.#changed("answer", key, { key, ...answer });
    return Response.json(answer.body, { status: answer.status });
  }

  /** Shows a reply where the attendee gets it: their live chat, or their mailbox. */
  #deliver(reply: ReceivedReply, attendee: Attendee): void {
    const sender = {
      name: String(reply.sender?.name ?? ""),
      email: String(reply.sender?.email ?? ""),
    };
    if (reply.delivery === "chat") {
      this.#addChat({
        id: this.nextId("msg"),
        webinar_id: reply.webinar_id,
        attendee_id: reply.attendee_id,
        at: reply.at,
        from: "moderator",
        text: reply.text,
        sender,
        reply_id: reply.reply_id,
      });
      return;
    }
    const webinar = this.webinars.get(reply.webinar_id);
    const email: Email = {
      id: this.nextId("mail"),
      webinar_id: reply.webinar_id,
      attendee_id: reply.attendee_id,
      at: reply.at,
      to: { name: attendee.name, email: attendee.email },
      from: sender,
      subject: `Re: ${webinar?.title ?? "your webinar"}`,
      text: reply.text,
      reply_id: reply.reply_id,
    };
    this.emails.push(email);
    this.#changed("email", email.id, email);
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
