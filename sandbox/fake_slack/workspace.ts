/**
 * The workspace the fake Slack serves: its team, the installed app, people, channels, messages,
 * tokens and the app's datastores, over typed records (./storage) and a clock. The Web API methods
 * are handlers over a Workspace; the HTTP layers (fake.ts, control.ts, the page) only translate.
 * Every change tells listeners (`on`), as Slack's events would.
 */
import { sandboxLog } from "../log.ts";
import type { Clock } from "./clock.ts";
import { secretToken, slackId, TsSequence } from "./ids.ts";
import type {
  AppInstall,
  Channel,
  DatastoreDef,
  Execution,
  Message,
  Pointer,
  TokenInfo,
  User,
} from "./model.ts";
import { seededRandom } from "./random.ts";
import { DatastoreTable, Records, type Store, type Team } from "./storage/mod.ts";

export type WorkspaceEvents = {
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

export type WorkspaceOptions = {
  team?: Partial<Team>;
  /** How long an interactivity pointer lives (Slack: about 3 s). */
  pointerTtlMs?: number;
  /** How long expired datastore items stay readable after their TTL (Slack deletes lazily). */
  ttlSweepLagMs?: number;
  /**
   * A datastore read may miss a write completed less than this many ms earlier (Slack documents no
   * read-your-writes). 0 turns stale reads off.
   */
  staleReadMs: number;
  /** Seed for the stale reads' draws. */
  seed: number;
};

type Listener<K extends keyof WorkspaceEvents> = (e: WorkspaceEvents[K]) => void | Promise<void>;

/**
 * users.lookupByEmail ignores the case of ASCII letters only ("Ada@Example.org" finds
 * ada@example.org; "CHLOÉ@…" does not find chloé@…): keys are the address with ASCII lowered.
 */
function emailKey(email: string): string {
  return email.trim().replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export class Workspace {
  readonly records: Records;
  readonly clock: Clock;
  readonly ts = new TsSequence();
  readonly pointerTtlMs: number;
  readonly ttlSweepLagMs: number;
  /** The app's datastore items (hash-order scans, stale reads). */
  readonly datastores: DatastoreTable;
  team: Team = { id: "T0SANDBOX", name: "Session Bridge Sandbox", domain: "sandbox" };
  app: AppInstall | null = null;
  quiet = false;
  #lock: Promise<unknown> = Promise.resolve();
  #listeners = new Map<keyof WorkspaceEvents, Set<(e: unknown) => void | Promise<void>>>();
  #tokens = new Map<string, TokenInfo>();

  readonly #store: Store;

  constructor(store: Store, clock: Clock, options: WorkspaceOptions) {
    this.#store = store;
    this.records = new Records(store);
    this.clock = clock;
    this.pointerTtlMs = options.pointerTtlMs ?? 3000;
    this.ttlSweepLagMs = options.ttlSweepLagMs ?? 10 * 60_000;
    this.datastores = new DatastoreTable(store, clock, {
      staleReadMs: options.staleReadMs,
      random: seededRandom(options.seed),
    });
    if (options.team) this.team = { ...this.team, ...options.team };
  }

  /** Reads what a restart must find again: the team, the app, its tokens. */
  async load(): Promise<void> {
    const team = await this.records.team();
    if (team) this.team = team;
    else await this.records.setTeam(this.team);
    this.app = await this.records.app();
    for (const t of await this.records.tokens()) this.#tokens.set(t.token, t);
  }

  close(): void {
    this.#store.close();
  }

  // ---------- events ----------

  on<K extends keyof WorkspaceEvents>(name: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, set = new Set());
    const l = listener as (e: unknown) => void | Promise<void>;
    set.add(l);
    return () => set.delete(l);
  }

  emit<K extends keyof WorkspaceEvents>(name: K, event: WorkspaceEvents[K]): void {
    for (const l of this.#listeners.get(name) ?? []) {
      Promise.resolve(l(event)).catch((err) => {
        if (!this.quiet) sandboxLog("error", `fake slack listener for ${name} failed:`, err);
      });
    }
    if (name !== "state") this.emit("state", { what: name });
  }

  /** Runs state changes one at a time, so multi-step methods are atomic as Slack's are. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  // ---------- tokens and install ----------

  async saveToken(info: TokenInfo): Promise<TokenInfo> {
    this.#tokens.set(info.token, info);
    await this.records.setToken(info);
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
    await this.records.setExecution(execution);
    return { execution, token: await this.mintWorkflowToken(execution.id) };
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
    await this.records.setPointer(p);
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
      await this.records.setApp(app);
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
    await this.records.setUser(
      user,
      email ? emailKey(email) : null,
      prior?.profile.email ? emailKey(prior.profile.email) : null,
    );
    this.emit("state", { what: "user" });
    return user;
  }

  getUser(id: string): Promise<User | null> {
    return this.records.user(id);
  }

  async userByEmail(email: string): Promise<User | null> {
    const id = await this.records.userIdByEmail(emailKey(email));
    return id ? await this.getUser(id) : null;
  }

  listUsers(): Promise<User[]> {
    return this.records.users();
  }

  getChannel(id: string): Promise<Channel | null> {
    return this.records.channel(id);
  }

  async channelByName(name: string): Promise<Channel | null> {
    const id = await this.records.channelIdByName(name);
    return id ? await this.getChannel(id) : null;
  }

  async putChannel(c: Channel): Promise<Channel> {
    const before = await this.records.channel(c.id);
    await this.records.setChannel(c);
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
    const existing = await this.records.imOf(userId);
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
    await this.records.setIm(userId, channel.id);
    return await this.putChannel(channel);
  }

  // ---------- messages ----------

  getMessage(channel: string, ts: string): Promise<Message | null> {
    return this.records.message(channel, ts);
  }

  saveMessage(m: Message): Promise<void> {
    return this.records.setMessage(m);
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
    }
    await this.records.addMessage(message);
    this.emit("message", { message, by });
    return message;
  }

  async topLevelMessages(channel: string): Promise<Message[]> {
    return await this.#messagesAt(channel, await this.records.topLevelTs(channel));
  }

  async threadReplies(channel: string, threadTs: string): Promise<Message[]> {
    return await this.#messagesAt(channel, await this.records.replyTs(channel, threadTs));
  }

  async #messagesAt(channel: string, stamps: string[]): Promise<Message[]> {
    const out: Message[] = [];
    for (const ts of stamps) {
      const m = await this.getMessage(channel, ts);
      if (m) out.push(m);
    }
    return out;
  }
}
