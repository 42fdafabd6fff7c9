/**
 * The workspace's records, typed: the only code that knows the fake's Deno KV keys (with `store.ts`
 * under it, and `datastore_table.ts` for the app's datastore items). Everything else (the Web API
 * methods, the workflow engine, the page, the simulators, tests) asks in terms of users, channels,
 * messages, views... and never builds a key. `sandbox/structure_test.ts` holds that line.
 */
import type {
  AppInstall,
  Channel,
  Execution,
  Message,
  Pointer,
  ScheduledMessage,
  TokenInfo,
  TriggerRecord,
  User,
  View,
} from "../model.ts";
import type { Store } from "./store.ts";

export type Team = { id: string; name: string; domain: string };

/** What the records need of a workflow run; the engine owns the full type. */
export type StoredRun = { id: string; inputs: Record<string, unknown> };

/** The sandbox's own settings, kept across restarts. */
export type SandboxSetting = "seeded" | "clock_offset_ms" | "env";

/** One simulator's world (webinars, learners...), as records of a kind by id. */
export interface SimulatorRecords {
  load<T>(kind: string): Promise<T[]>;
  put(kind: string, id: string, value: unknown): Promise<void>;
  delete(kind: string, id: string): Promise<void>;
}

export class Records {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  // ---------- team, app, tokens ----------

  team(): Promise<Team | null> {
    return this.#store.get<Team>(["team"]);
  }

  setTeam(team: Team): Promise<void> {
    return this.#store.set(["team"], team);
  }

  app(): Promise<AppInstall | null> {
    return this.#store.get<AppInstall>(["app"]);
  }

  setApp(app: AppInstall): Promise<void> {
    return this.#store.set(["app"], app);
  }

  tokens(): Promise<TokenInfo[]> {
    return this.#store.list<TokenInfo>(["token"]);
  }

  setToken(info: TokenInfo): Promise<void> {
    return this.#store.set(["token", info.token], info);
  }

  // ---------- function executions and interactivity pointers ----------

  execution(id: string): Promise<Execution | null> {
    return this.#store.get<Execution>(["exec", id]);
  }

  executions(): Promise<Execution[]> {
    return this.#store.list<Execution>(["exec"]);
  }

  setExecution(e: Execution): Promise<void> {
    return this.#store.set(["exec", e.id], e);
  }

  pointer(id: string): Promise<Pointer | null> {
    return this.#store.get<Pointer>(["pointer", id]);
  }

  setPointer(p: Pointer): Promise<void> {
    return this.#store.set(["pointer", p.id], p);
  }

  // ---------- users ----------

  user(id: string): Promise<User | null> {
    return this.#store.get<User>(["user", id]);
  }

  users(): Promise<User[]> {
    return this.#store.list<User>(["user"]);
  }

  /** Stores a user and its email index (`emailKey`: the address as lookups compare it). */
  async setUser(user: User, emailKey: string | null, priorEmailKey: string | null): Promise<void> {
    if (priorEmailKey !== null && priorEmailKey !== emailKey) {
      await this.#store.delete(["user_email", priorEmailKey]);
    }
    await this.#store.set(["user", user.id], user);
    if (emailKey !== null) await this.#store.set(["user_email", emailKey], user.id);
  }

  userIdByEmail(emailKey: string): Promise<string | null> {
    return this.#store.get<string>(["user_email", emailKey]);
  }

  // ---------- channels ----------

  channel(id: string): Promise<Channel | null> {
    return this.#store.get<Channel>(["channel", id]);
  }

  channels(): Promise<Channel[]> {
    return this.#store.list<Channel>(["channel"]);
  }

  channelIdByName(name: string): Promise<string | null> {
    return this.#store.get<string>(["channel_name", name]);
  }

  async setChannel(c: Channel): Promise<void> {
    await this.#store.set(["channel", c.id], c);
    if (!c.is_im) await this.#store.set(["channel_name", c.name], c.id);
  }

  /** The app's DM channel with a person, if it was opened. */
  imOf(userId: string): Promise<string | null> {
    return this.#store.get<string>(["im", userId]);
  }

  setIm(userId: string, channelId: string): Promise<void> {
    return this.#store.set(["im", userId], channelId);
  }

  lastRead(userId: string, channelId: string): Promise<string | null> {
    return this.#store.get<string>(["last_read", userId, channelId]);
  }

  setLastRead(userId: string, channelId: string, ts: string): Promise<void> {
    return this.#store.set(["last_read", userId, channelId], ts);
  }

  // ---------- messages ----------

  message(channel: string, ts: string): Promise<Message | null> {
    return this.#store.get<Message>(["msg", channel, ts]);
  }

  /** Every message of a channel, top level and replies, oldest first. */
  messagesIn(channel: string): Promise<Message[]> {
    return this.#store.list<Message>(["msg", channel]);
  }

  /** Overwrites a stored message (an edit, a reaction, a reply count). */
  setMessage(m: Message): Promise<void> {
    return this.#store.set(["msg", m.channel, m.ts], m);
  }

  /** Stores a new message and indexes it as top level or as a reply in its thread. */
  async addMessage(m: Message): Promise<void> {
    if (m.thread_ts) {
      await this.#store.set(["thread", m.channel, m.thread_ts, m.ts], true);
    } else {
      await this.#store.set(["top", m.channel, m.ts], true);
    }
    await this.setMessage(m);
  }

  async deleteMessage(m: Message): Promise<void> {
    await this.#store.delete(["msg", m.channel, m.ts]);
    await this.#store.delete(["top", m.channel, m.ts]);
    if (m.thread_ts) await this.#store.delete(["thread", m.channel, m.thread_ts, m.ts]);
  }

  /** The timestamps of a channel's top-level messages, oldest first. */
  async topLevelTs(channel: string): Promise<string[]> {
    return (await this.#store.listEntries<boolean>(["top", channel])).map((e) => String(e.key[2]));
  }

  /** The timestamps of a thread's replies, oldest first. */
  async replyTs(channel: string, threadTs: string): Promise<string[]> {
    return (await this.#store.listEntries<boolean>(["thread", channel, threadTs]))
      .map((e) => String(e.key[3]));
  }

  // ---------- scheduled messages ----------

  scheduled(): Promise<ScheduledMessage[]> {
    return this.#store.list<ScheduledMessage>(["sched"]);
  }

  scheduledMessage(id: string): Promise<ScheduledMessage | null> {
    return this.#store.get<ScheduledMessage>(["sched", id]);
  }

  setScheduled(s: ScheduledMessage): Promise<void> {
    return this.#store.set(["sched", s.id], s);
  }

  deleteScheduled(id: string): Promise<void> {
    return this.#store.delete(["sched", id]);
  }

  // ---------- triggers ----------

  trigger(id: string): Promise<TriggerRecord | null> {
    return this.#store.get<TriggerRecord>(["trigger", id]);
  }

  triggers(): Promise<TriggerRecord[]> {
    return this.#store.list<TriggerRecord>(["trigger"]);
  }

  setTrigger(t: TriggerRecord): Promise<void> {
    return this.#store.set(["trigger", t.id], t);
  }

  deleteTrigger(id: string): Promise<void> {
    return this.#store.delete(["trigger", id]);
  }

  // ---------- views ----------

  view(id: string): Promise<View | null> {
    return this.#store.get<View>(["view", id]);
  }

  views(): Promise<View[]> {
    return this.#store.list<View>(["view"]);
  }

  setView(v: View): Promise<void> {
    return this.#store.set(["view", v.id], v);
  }

  /** The ids of the views stacked on a person's screen, root first. */
  async viewStack(userId: string): Promise<string[]> {
    return (await this.#store.get<string[]>(["stack", userId])) ?? [];
  }

  setViewStack(userId: string, ids: string[]): Promise<void> {
    return this.#store.set(["stack", userId], ids);
  }

  // ---------- workflow runs ----------

  /** Runs without their inputs, which are kept apart (they can be large): see `runInputs`. */
  runs<R extends StoredRun>(): Promise<R[]> {
    return this.#store.list<R>(["run"]);
  }

  runInputs(id: string): Promise<Record<string, unknown> | null> {
    return this.#store.get<Record<string, unknown>>(["run_inputs", id]);
  }

  /** Stores a run; its inputs are written apart when given, and dropped once it has ended. */
  async setRun(run: StoredRun, options: { inputs?: boolean; ended: boolean }): Promise<void> {
    if (options.inputs) await this.#store.set(["run_inputs", run.id], run.inputs);
    await this.#store.set(["run", run.id], { ...run, inputs: {} });
    if (options.ended) await this.#store.delete(["run_inputs", run.id]);
  }

  async deleteRun(id: string): Promise<void> {
    await this.#store.delete(["run", id]);
    await this.#store.delete(["run_inputs", id]);
  }

  // ---------- the sandbox's own ----------

  setting<T>(name: SandboxSetting): Promise<T | null> {
    return this.#store.get<T>(["sandbox", name]);
  }

  setSetting(name: SandboxSetting, value: unknown): Promise<void> {
    return this.#store.set(["sandbox", name], value);
  }

  /** A platform simulator's world, kept in the same file so a restart finds it again. */
  simulator(name: string): SimulatorRecords {
    const store = this.#store;
    return {
      load: <T>(kind: string) => store.list<T>(["sim", name, kind]),
      put: (kind, id, value) => store.set(["sim", name, kind, id], value),
      delete: (kind, id) => store.delete(["sim", name, kind, id]),
    };
  }
}
