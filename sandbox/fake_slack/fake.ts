/**
 * The fake Slack: a loopback HTTP server that speaks the Web API at /api/<method> (Slack's envelope,
 * error codes, token and scope checks, rate limits) with its state in Deno KV, plus control
 * endpoints under /_control/ for tests and the sandbox page. See sandbox/README.md for where it
 * departs from Slack.
 */
import { sandboxLog } from "../log.ts";
import { refusal, refused } from "../http_guard.ts";
import { Clock } from "./clock.ts";
import { DatastoreTable } from "./datastore_table.ts";
import { SlackApiError } from "./errors.ts";
import { secretToken, slackId, TsSequence } from "./ids.ts";
import type {
  AppInstall,
  CallRecord,
  Channel,
  DatastoreDef,
  Execution,
  Message,
  Pointer,
  TokenInfo,
  User,
} from "./model.ts";
import {
  mergeRateLimits,
  RateLimiter,
  type RateLimitPatch,
  SLACK_RATE_LIMITS,
} from "./rate_limits.ts";
import type { Args, MethodSpec, MethodTable } from "./spec.ts";
import { Store } from "./store.ts";
import { ALL_METHODS } from "./methods/mod.ts";
import { handleControl } from "./control.ts";
import { personTokenRefusal } from "./person_tokens.ts";
import { seededRandom } from "./random.ts";

export type FaultRule = {
  id: string;
  /** A method name, or "*" for every method. */
  method: string;
  /** HTTP status to answer with: 429, 500, 503... (200 with `error` for a Slack error). */
  status?: number;
  error?: string;
  retryAfter?: number;
  /** How many more calls it hits; unlimited when absent. */
  remaining?: number;
  /** Probability (0-1) that a matching call is hit. */
  probability?: number;
  /** "before": nothing happens; "after": the call takes effect, then the answer is lost. */
  when?: "before" | "after";
  /**
   * A slow call: it takes effect this many ms (Slack time) late, then answers as usual. Such a rule
   * has no status or error of its own.
   */
  delayMs?: number;
};

export type FakeEvents = {
  message: { message: Message; by: TokenInfo | null };
  message_changed: { message: Message };
  message_deleted: { channel: string; ts: string };
  /** Someone (a person, or the app's bot user) became a member of a channel, however it happened. */
  member_joined: { channel: string; user: string };
  execution_completed: { execution_id: string; outputs?: Record<string, unknown>; error?: string };
  view: { view_id: string; user_id: string; action: "open" | "update" | "push" | "close" };
  reaction: { channel: string; ts: string; name: string; user: string; added: boolean };
  state: { what: string };
};

export type FakeSlackOptions = {
  /** Deno KV file; memory when absent. */
  kvPath?: string;
  clock?: Clock;
  /** Runs Slack time this many times faster than real time (ignored when `clock` is given). */
  timeScale?: number;
  /** Changes to SLACK_RATE_LIMITS (merged field by field), or false for none at all. */
  rateLimits?: RateLimitPatch | false;
  port?: number;
  team?: { id?: string; name?: string; domain?: string };
  /** How long an interactivity pointer lives (Slack: about 3 s). */
  pointerTtlMs?: number;
  /** How long expired datastore items stay readable after their TTL (Slack deletes lazily). */
  ttlSweepLagMs?: number;
  /**
   * A datastore read may miss a write completed less than this many ms earlier (Slack documents no
   * read-your-writes). Default 50; 0 turns stale reads off.
   */
  staleReadMs?: number;
  /** Seed for the fault injector's random draws. */
  faultSeed?: number;
  /** Extra routes (webhook and shortcut URLs) mounted by the workflow engine. */
  quiet?: boolean;
};

/** Small next to a function's work, large next to one call: enough to break read-your-writes designs. */
export const DEFAULT_STALE_READ_MS = 50;

type Listener<K extends keyof FakeEvents> = (e: FakeEvents[K]) => void | Promise<void>;

/**
 * users.lookupByEmail ignores the case of ASCII letters only ("Ada@Example.org" finds
 * ada@example.org; "CHLOÉ@…" does not find chloé@…): keys are the address with ASCII lowered.
 */
function emailKey(email: string): string {
  return email.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export class FakeSlack {
  readonly store: Store;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly ts = new TsSequence();
  readonly methods: MethodTable = ALL_METHODS;
  readonly pointerTtlMs: number;
  readonly ttlSweepLagMs: number;
  /** The app's datastore items (hash-order scans, stale reads). */
  readonly datastores: DatastoreTable;
  team = { id: "T0SANDBOX", name: "Session Bridge Sandbox", domain: "sandbox" };
  app: AppInstall | null = null;
  url = "";
  #server: Deno.HttpServer | null = null;
  #calls: CallRecord[] = [];
  #callSeq = 0;
  #faults: FaultRule[] = [];
  #random: () => number;
  #lock: Promise<unknown> = Promise.resolve();
  #mounts: Array<{ prefix: string; handler: (req: Request, url: URL) => Promise<Response> }> = [];
  #listeners = new Map<keyof FakeEvents, Set<(e: unknown) => void | Promise<void>>>();
  #tokens = new Map<string, TokenInfo>();

  private constructor(store: Store, options: FakeSlackOptions) {
    this.store = store;
    this.clock = options.clock ?? new Clock(0, { scale: options.timeScale ?? 1 });
    // Buckets refill on the clock's time: a compressed clock refills them as much faster.
    const limits = { ...SLACK_RATE_LIMITS, timeScale: this.clock.scale };
    this.limiter = new RateLimiter(
      options.rateLimits === false
        ? { ...limits, enabled: false }
        : mergeRateLimits(limits, options.rateLimits ?? {}),
    );
    this.pointerTtlMs = options.pointerTtlMs ?? 3000;
    this.ttlSweepLagMs = options.ttlSweepLagMs ?? 10 * 60_000;
    this.#random = seededRandom(options.faultSeed ?? 1);
    this.datastores = new DatastoreTable(store, this.clock, {
      staleReadMs: options.staleReadMs ?? DEFAULT_STALE_READ_MS,
      // Its own generator, so stale reads never shift the fault injector's draws.
      random: seededRandom((options.faultSeed ?? 1) + 0x5eed),
    });
    if (options.team) this.team = { ...this.team, ...options.team };
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const store = await Store.open(options.kvPath);
    let fake: FakeSlack;
    try {
      fake = new FakeSlack(store, options); // throws RangeError for bad rate limits
    } catch (err) {
      store.close();
      throw err;
    }
    await fake.#load();
    const ready = Promise.withResolvers<Deno.NetAddr>();
    fake.#server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 0,
      onListen: (addr) => ready.resolve(addr as Deno.NetAddr),
      onError: (err) => {
        // Never a bare 500: the Web API answers Slack's envelope even for our own faults.
        return Response.json({ ok: false, error: "internal_error", detail: String(err) }, {
          status: 200,
        });
      },
    }, (req) => fake.handle(req));
    const addr = await ready.promise;
    fake.url = `http://127.0.0.1:${addr.port}`;
    return fake;
  }

  /** The value for a function's SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async close(): Promise<void> {
    await this.#server?.shutdown();
    this.store.close();
  }

  async #load(): Promise<void> {
    const team = await this.store.get<typeof this.team>(["team"]);
    if (team) this.team = team;
    else await this.store.set(["team"], this.team);
    this.app = await this.store.get<AppInstall>(["app"]);
    for (const t of await this.store.list<TokenInfo>(["token"])) this.#tokens.set(t.token, t);
  }

  // ---------- events ----------

  on<K extends keyof FakeEvents>(name: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, set = new Set());
    const l = listener as (e: unknown) => void | Promise<void>;
    set.add(l);
    return () => set.delete(l);
  }

  emit<K extends keyof FakeEvents>(name: K, event: FakeEvents[K]): void {
    for (const l of this.#listeners.get(name) ?? []) {
      Promise.resolve(l(event)).catch((err) => {
        if (!this.#quiet) sandboxLog("error", `fake slack listener for ${name} failed:`, err);
      });
    }
    if (name !== "state") this.emit("state", { what: name });
  }

  #quiet = false;

  /** Runs state changes one at a time, so multi-step methods are atomic as Slack's are. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  mount(prefix: string, handler: (req: Request, url: URL) => Promise<Response>): void {
    this.#mounts.push({ prefix, handler });
  }

  // ---------- tokens and install ----------

  async saveToken(info: TokenInfo): Promise<TokenInfo> {
    this.#tokens.set(info.token, info);
    await this.store.set(["token", info.token], info);
    return info;
  }

  tokenInfo(token: string): TokenInfo | undefined {
    return this.#tokens.get(token);
  }

  async mintWorkflowToken(executionId: string): Promise<string> {
    const app = this.requireApp();
    const info: TokenInfo = {
      token: secretToken("xwfp"),
      kind: "workflow",
      user_id: app.bot_user_id,
      scopes: app.scopes,
      execution_id: executionId,
      expires_at: this.clock.now() + 15 * 60_000,
    };
    await this.saveToken(info);
    return info.token;
  }

  /**
   * Starts a custom function's execution, as a workflow step does, with the workflow token its
   * payload carries: for running a function outside the workflow engine (tools/deploy_check.ts).
   */
  async startExecution(
    callbackId: string,
    inputs: Record<string, unknown>,
  ): Promise<{ execution: Execution; token: string }> {
    if (!this.requireApp().functions.includes(callbackId)) {
      throw new Error(`Cannot start "${callbackId}": the installed app has no such function`);
    }
    const execution: Execution = {
      id: slackId("Fx"),
      function_callback_id: callbackId,
      inputs,
      status: "running",
      started_at: this.clock.now(),
    };
    await this.store.set(["exec", execution.id], execution);
    return { execution, token: await this.mintWorkflowToken(execution.id) };
  }

  /** An execution as it stands (running, completed with outputs, or failed), or null. */
  execution(id: string): Promise<Execution | null> {
    return this.store.get<Execution>(["exec", id]);
  }

  /** Slack revokes an execution's tokens when the function completes. */
  async revokeExecutionTokens(executionId: string): Promise<void> {
    for (const t of this.#tokens.values()) {
      if (t.execution_id === executionId && !t.revoked) {
        await this.saveToken({ ...t, revoked: true });
      }
    }
  }

  async userToken(userId: string): Promise<string> {
    const existing = [...this.#tokens.values()].find((t) =>
      t.kind === "user" && t.user_id === userId
    );
    if (existing) return existing.token;
    const info: TokenInfo = {
      token: secretToken("xoxp"),
      kind: "user",
      user_id: userId,
      scopes: ["*"],
    };
    await this.saveToken(info);
    return info.token;
  }

  /** Mints a single-use interactivity pointer (a trigger_id), as a click or shortcut does. */
  async createPointer(
    userId: string,
    options: { executionId?: string; callbackId?: string } = {},
  ): Promise<Pointer> {
    const p: Pointer = {
      id: `${Math.floor(this.clock.now() / 1000)}.${slackId("", 12)}`,
      user_id: userId,
      expires_at: this.clock.now() + this.pointerTtlMs,
      used: false,
      ...(options.executionId ? { execution_id: options.executionId } : {}),
      ...(options.callbackId ? { function_callback_id: options.callbackId } : {}),
    };
    await this.store.set(["pointer", p.id], p);
    return p;
  }

  requiredOutputs(callbackId: string): string[] {
    return this.app?.function_outputs[callbackId] ?? [];
  }

  requireApp(): AppInstall {
    if (!this.app) throw new Error("Cannot act as the app: no app is installed in the fake");
    return this.app;
  }

  /** Installs the app from its manifest (as Slack receives it): bot user, token, scopes, datastores. */
  async installApp(manifest: {
    display_information: { name: string };
    oauth_config?: { scopes?: { bot?: string[] } };
    datastores?: Record<string, Omit<DatastoreDef, "name">>;
    workflows?: Record<string, unknown>;
    functions?: Record<string, unknown>;
  }): Promise<AppInstall> {
    return await this.exclusive(async () => {
      const previous = this.app;
      const scopes = manifest.oauth_config?.scopes?.bot ?? [];
      const datastores: Record<string, DatastoreDef> = {};
      for (const [name, def] of Object.entries(manifest.datastores ?? {})) {
        datastores[name] = { name, ...def };
      }
      const app: AppInstall = {
        app_id: previous?.app_id ?? slackId("A"),
        name: manifest.display_information.name,
        bot_id: previous?.bot_id ?? slackId("B"),
        bot_user_id: previous?.bot_user_id ?? slackId("U"),
        bot_token: previous?.bot_token ?? secretToken("xoxb"),
        scopes,
        datastores,
        workflows: Object.keys(manifest.workflows ?? {}),
        functions: Object.keys(manifest.functions ?? {}),
        function_outputs: Object.fromEntries(
          Object.entries(manifest.functions ?? {}).map(([cb, def]) => [
            cb,
            (def as { output_parameters?: { required?: string[] } }).output_parameters?.required ??
              [],
          ]),
        ),
      };
      this.app = app;
      await this.store.set(["app"], app);
      await this.saveToken({ token: app.bot_token, kind: "bot", user_id: app.bot_user_id, scopes });
      if (!(await this.getUser(app.bot_user_id))) {
        await this.putUser({
          id: app.bot_user_id,
          name: app.name.toLowerCase().replace(/[^a-z0-9]+/g, "_"),
          real_name: app.name,
          is_bot: true,
        });
      }
      return app;
    });
  }

  // ---------- users and channels ----------

  async putUser(u: Partial<User> & { name: string }): Promise<User> {
    const id = u.id ?? slackId("U");
    const prior = await this.getUser(id);
    if (prior?.profile.email) {
      await this.store.delete(["user_email", emailKey(prior.profile.email)]);
    }
    const email = u.profile?.email;
    const user: User = {
      id,
      team_id: this.team.id,
      name: u.name,
      real_name: u.real_name ?? u.profile?.real_name ?? u.name,
      deleted: u.deleted ?? false,
      is_bot: u.is_bot ?? false,
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      tz: u.tz ?? "Europe/Paris",
      tz_offset: u.tz_offset ?? 3600,
      locale: u.locale ?? "en-US",
      profile: {
        real_name: u.real_name ?? u.name,
        display_name: u.profile?.display_name ?? u.name,
        ...(email ? { email } : {}),
        ...(u.profile?.image_48 ? { image_48: u.profile.image_48 } : {}),
      },
    };
    await this.store.set(["user", id], user);
    if (email) await this.store.set(["user_email", emailKey(email)], id);
    this.emit("state", { what: "user" });
    return user;
  }

  getUser(id: string): Promise<User | null> {
    return this.store.get<User>(["user", id]);
  }

  async userByEmail(email: string): Promise<User | null> {
    const id = await this.store.get<string>(["user_email", emailKey(email)]);
    return id ? await this.getUser(id) : null;
  }

  listUsers(): Promise<User[]> {
    return this.store.list<User>(["user"]);
  }

  getChannel(id: string): Promise<Channel | null> {
    return this.store.get<Channel>(["channel", id]);
  }

  async channelByName(name: string): Promise<Channel | null> {
    const id = await this.store.get<string>(["channel_name", name]);
    return id ? await this.getChannel(id) : null;
  }

  async putChannel(c: Channel): Promise<Channel> {
    const before = await this.store.get<Channel>(["channel", c.id]);
    await this.store.set(["channel", c.id], c);
    if (!c.is_im) await this.store.set(["channel_name", c.name], c.id);
    this.emit("state", { what: "channel" });
    // Every way in (join, invite, /invite, the page's "Add apps") ends here: one place tells who
    // joined, as Slack's member_joined_channel does. A new channel's first members joined nothing.
    if (before) {
      for (const user of c.members) {
        if (!before.members.includes(user)) this.emit("member_joined", { channel: c.id, user });
      }
    }
    return c;
  }

  async createChannel(
    input: { name: string; is_private?: boolean; creator: string; members?: string[] },
  ): Promise<Channel> {
    const channel: Channel = {
      id: slackId(input.is_private ? "G" : "C"),
      name: input.name,
      is_channel: !input.is_private,
      is_group: !!input.is_private,
      is_im: false,
      is_private: !!input.is_private,
      is_archived: false,
      created: Math.floor(this.clock.now() / 1000),
      creator: input.creator,
      members: [...new Set([input.creator, ...(input.members ?? [])])],
      topic: { value: "" },
      purpose: { value: "" },
    };
    return await this.putChannel(channel);
  }

  /** The app's DM with a person (its Messages tab), created on first use. */
  async appDm(userId: string): Promise<Channel> {
    const app = this.requireApp();
    const existing = await this.store.get<string>(["im", userId]);
    if (existing) {
      const c = await this.getChannel(existing);
      if (c) return c;
    }
    const channel: Channel = {
      id: slackId("D"),
      name: userId,
      is_channel: false,
      is_group: false,
      is_im: true,
      is_private: true,
      is_archived: false,
      created: Math.floor(this.clock.now() / 1000),
      creator: app.bot_user_id,
      members: [app.bot_user_id, userId],
      user: userId,
      topic: { value: "" },
      purpose: { value: "" },
    };
    await this.store.set(["im", userId], channel.id);
    return await this.putChannel(channel);
  }

  // ---------- messages ----------

  async getMessage(channel: string, ts: string): Promise<Message | null> {
    return await this.store.get<Message>(["msg", channel, ts]);
  }

  async saveMessage(m: Message): Promise<void> {
    await this.store.set(["msg", m.channel, m.ts], m);
  }

  /** Stores a new message (top level or reply), updates its parent, and tells listeners. */
  async insertMessage(m: Omit<Message, "ts" | "type">, by: TokenInfo | null): Promise<Message> {
    const message: Message = { type: "message", ts: this.ts.next(this.clock.now()), ...m };
    if (message.thread_ts) {
      const parent = await this.getMessage(message.channel, message.thread_ts);
      if (parent) {
        const author = message.user ?? "";
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), author])].filter(Boolean);
        parent.latest_reply = message.ts;
        await this.saveMessage(parent);
      }
      await this.store.set(["thread", message.channel, message.thread_ts, message.ts], true);
    } else {
      await this.store.set(["top", message.channel, message.ts], true);
    }
    await this.saveMessage(message);
    this.emit("message", { message, by });
    return message;
  }

  async topLevelMessages(channel: string): Promise<Message[]> {
    const out: Message[] = [];
    for (const { key } of await this.store.listEntries<boolean>(["top", channel])) {
      const m = await this.getMessage(channel, String(key[2]));
      if (m) out.push(m);
    }
    return out;
  }

  async threadReplies(channel: string, threadTs: string): Promise<Message[]> {
    const out: Message[] = [];
    for (const { key } of await this.store.listEntries<boolean>(["thread", channel, threadTs])) {
      const m = await this.getMessage(channel, String(key[3]));
      if (m) out.push(m);
    }
    return out;
  }

  // ---------- call log and faults ----------

  calls(filter: { method?: string; since?: number } = {}): CallRecord[] {
    return this.#calls.filter((c) =>
      (!filter.method || c.method === filter.method) && (!filter.since || c.seq > filter.since)
    );
  }

  clearCalls(): void {
    this.#calls = [];
  }

  addFault(rule: Omit<FaultRule, "id">): FaultRule {
    const full = { id: crypto.randomUUID(), ...rule };
    this.#faults.push(full);
    return full;
  }

  clearFaults(): void {
    this.#faults = [];
  }

  get faults(): FaultRule[] {
    return structuredClone(this.#faults);
  }

  #drawFault(method: string): FaultRule | null {
    for (const rule of this.#faults) {
      if (rule.method !== "*" && rule.method !== method) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (rule.probability !== undefined && this.#random() >= rule.probability) continue;
      if (rule.remaining !== undefined) rule.remaining--;
      return rule;
    }
    return null;
  }

  // ---------- HTTP ----------

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    // Only the developer's machine: loopback Host, same origin (sandbox/http_guard.ts).
    const foreign = refusal(req);
    if (foreign) return refused(foreign);
    if (url.pathname.startsWith("/api/")) return await this.#api(req, url.pathname.slice(5));
    if (url.pathname.startsWith("/_control/")) return await handleControl(this, req, url);
    for (const m of this.#mounts) {
      if (url.pathname.startsWith(m.prefix)) return await m.handler(req, url);
    }
    return Response.json({ ok: false, error: "not_found" }, { status: 404 });
  }

  async #readArgs(req: Request): Promise<Record<string, unknown>> {
    if (req.method === "GET") return Object.fromEntries(new URL(req.url).searchParams);
    const type = req.headers.get("content-type") ?? "";
    const raw = await req.text();
    if (type.includes("application/json")) {
      if (!raw) return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new SlackApiError("invalid_json");
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new SlackApiError("json_not_object");
      }
      return parsed as Record<string, unknown>;
    }
    const out: Record<string, unknown> = Object.fromEntries(new URL(req.url).searchParams);
    for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
    return out;
  }

  async #api(req: Request, method: string): Promise<Response> {
    const seq = ++this.#callSeq;
    const record: CallRecord = {
      seq,
      at: this.clock.now(),
      method,
      args: {},
      unknown_args: [],
      token_kind: "none",
      actor: null,
      status: 200,
      ok: false,
    };
    this.#calls.push(record);
    if (this.#calls.length > 100_000) this.#calls.splice(0, 10_000);
    const answer = (status: number, body: Record<string, unknown>, headers: HeadersInit = {}) => {
      record.status = status;
      record.ok = body.ok === true;
      if (typeof body.error === "string") record.error = body.error;
      return Response.json(body, { status, headers });
    };
    let raw: Record<string, unknown>;
    try {
      raw = await this.#readArgs(req);
    } catch (err) {
      return answer(200, {
        ok: false,
        error: err instanceof SlackApiError ? err.code : "invalid_form_data",
      });
    }
    const headerToken = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
    const tokenValue = headerToken ?? (typeof raw.token === "string" ? raw.token : undefined);
    delete raw.token;
    record.args = raw;

    const spec: MethodSpec | undefined = this.methods[method];
    if (!spec) return answer(200, { ok: false, error: "unknown_method" });
    record.unknown_args = Object.keys(raw).filter((k) => !(k in spec.args));

    if (!tokenValue) return answer(200, { ok: false, error: "not_authed" });
    const token = this.#tokens.get(tokenValue);
    if (!token) return answer(200, { ok: false, error: "invalid_auth" });
    record.token_kind = token.kind;
    record.actor = token.user_id;
    if (token.execution_id) record.execution_id = token.execution_id;
    if (token.revoked) return answer(200, { ok: false, error: "token_revoked" });
    if (token.expires_at !== undefined && token.expires_at < this.clock.now()) {
      return answer(200, { ok: false, error: "token_expired" });
    }

    let fault = this.#drawFault(method);
    if (fault?.delayMs) {
      await new Promise((r) => setTimeout(r, this.clock.realMs(fault!.delayMs!)));
      fault = null;
    }
    if (fault && fault.when !== "after") {
      record.injected = true;
      return this.#faultAnswer(fault, answer);
    }

    let args: Args;
    try {
      args = parseArgs(spec, raw);
    } catch (err) {
      if (err instanceof SlackApiError) {
        return answer(200, { ok: false, error: err.code, ...err.extra });
      }
      throw err;
    }

    const retryAfter = this.limiter.take(
      this.limiter.bucketsFor(method, spec.tier, spec.rateChannel?.(args)),
    );
    if (retryAfter > 0) {
      return answer(429, { ok: false, error: "ratelimited" }, {
        "Retry-After": String(retryAfter),
      });
    }

    const personRefusal = personTokenRefusal(
      method,
      args,
      token,
      this.app,
      spec.scopes?.(args) ?? [],
    );
    if (personRefusal) return answer(200, { ok: false, ...personRefusal });

    if (token.kind !== "user" && spec.scopes) {
      const needed = spec.scopes(args);
      if (needed.length > 0 && !needed.some((s) => token.scopes.includes(s))) {
        return answer(200, {
          ok: false,
          error: "missing_scope",
          needed: needed.join(","),
          provided: token.scopes.join(","),
        });
      }
    }

    let body: Record<string, unknown>;
    try {
      body = await this.exclusive(() =>
        spec.handler({ fake: this, token, actor: token.user_id }, args)
      );
    } catch (err) {
      if (err instanceof SlackApiError) {
        return answer(200, { ok: false, error: err.code, ...err.extra });
      }
      if (!this.#quiet) sandboxLog("error", `fake slack: ${method} failed`, err);
      return answer(200, { ok: false, error: "internal_error" });
    }
    if (fault) {
      record.injected = true;
      return this.#faultAnswer(fault, answer);
    }
    return answer(200, { ok: true, ...body });
  }

  #faultAnswer(
    fault: FaultRule,
    answer: (status: number, body: Record<string, unknown>, headers?: HeadersInit) => Response,
  ): Response {
    const status = fault.status ?? 200;
    if (status === 429) {
      return answer(429, { ok: false, error: "ratelimited" }, {
        "Retry-After": String(fault.retryAfter ?? 1),
      });
    }
    if (status >= 500) return answer(status, { ok: false, error: fault.error ?? "fatal_error" });
    return answer(200, { ok: false, error: fault.error ?? "fatal_error" });
  }

  set quiet(v: boolean) {
    this.#quiet = v;
  }
}

/** Converts raw form strings to the declared argument types, as Slack does; rejects bad values. */
export function parseArgs(spec: MethodSpec, raw: Record<string, unknown>): Args {
  const out: Args = {};
  for (const [name, arg] of Object.entries(spec.args)) {
    const v = raw[name];
    if (v === undefined || v === "") {
      if (arg.required) {
        throw new SlackApiError("invalid_arguments", {
          response_metadata: { messages: [`[ERROR] missing required field: ${name}`] },
        });
      }
      continue;
    }
    const bad = (what: string) =>
      new SlackApiError("invalid_arguments", {
        response_metadata: { messages: [`[ERROR] ${what} [json-pointer:/${name}]`] },
      });
    switch (arg.type) {
      case "string":
        if (typeof v === "string") out[name] = v;
        else if (typeof v === "number" || typeof v === "boolean") out[name] = String(v);
        else throw bad("must be a string");
        break;
      case "boolean":
        if (typeof v === "boolean") out[name] = v;
        else if (v === "true" || v === "1") out[name] = true;
        else if (v === "false" || v === "0") out[name] = false;
        else throw bad("must be a boolean");
        break;
      case "number": {
        const n = typeof v === "number" ? v : Number(v);
        if (!Number.isFinite(n)) throw bad("must be a number");
        out[name] = n;
        break;
      }
      case "json":
        if (typeof v === "string") {
          try {
            out[name] = JSON.parse(v);
          } catch {
            throw bad("must be valid JSON");
          }
        } else out[name] = v;
        break;
      case "csv":
        if (Array.isArray(v)) out[name] = v.map(String);
        else if (typeof v === "string") {
          out[name] = v.split(",").map((s) => s.trim()).filter(Boolean);
        } else throw bad("must be a comma-separated list");
        break;
    }
  }
  return out;
}
