/**
 * The JSON API behind the sandbox page (/ui/… for the Slack-like client, /sim/… for the platform
 * simulators). People act through the fake's real Web API with their own user token, and through
 * the workflow engine's interactivity methods, as a Slack client would; nothing here writes Slack
 * state directly. Bad input is a 400 with a sentence saying what is wrong.
 */
import type { Channel, FakeSlack, Message, User } from "../fake_slack/mod.ts";
import type { Engine } from "../engine/mod.ts";
import type { LearningPlatform } from "../platforms/learning.ts";
import type { EventSender } from "../platforms/sender.ts";
import { SimulatorError, type WebinarPlatform } from "../platforms/webinar.ts";
import {
  BadRequest,
  type Body,
  bool,
  jsonBody,
  num,
  object,
  stateValues,
  str,
  strList,
  ts,
} from "./input.ts";

export type Webhook = { url: string; secret: string; trigger_id: string };

/** The running sandbox, as the API sees it. */
export type SandboxParts = {
  fake: FakeSlack;
  engine: Engine;
  webinar: WebinarPlatform;
  learning: LearningPlatform;
  webinarSender: EventSender;
  learningSender: EventSender;
  /** What each demo person is in the story, by user id ("primary moderator"...). */
  roles: Record<string, string>;
  webhook(kind: "webinar" | "learning"): Promise<Webhook | null>;
  version(): number;
  /** Moves the sandbox clock (and stores the new offset). */
  advanceClock(ms: number): Promise<number>;
};

const ok = (body: Record<string, unknown> = {}) => Response.json({ ok: true, ...body });
export const problem = (status: number, error: string): Response =>
  Response.json({ ok: false, error }, { status });

const HIDDEN_USERS = new Set(["sandbox-developer"]);
const GET_ROUTES = [
  "GET /ui/state",
  "GET /ui/messages",
  "GET /ui/thread",
  "GET /ui/runs",
  "GET /ui/events",
  "GET /sim/webinar",
  "GET /sim/learning",
];
const MAX_HISTORY = 300;

export class SandboxApi {
  constructor(readonly parts: SandboxParts) {}

  /** Every route of the page API, as "METHOD /path" (sandbox/README.md documents each). */
  get routes(): string[] {
    return [...GET_ROUTES, ...Object.keys(this.#posts).map((p) => `POST ${p}`)];
  }

  /** Answers /ui/… and /sim/… requests; null when the path is not one of them. */
  async handle(req: Request, url: URL): Promise<Response | null> {
    const route = `${req.method} ${url.pathname}`;
    const q = url.searchParams;
    try {
      switch (route) {
        case "GET /ui/state":
          return await this.state(q.get("user"));
        case "GET /ui/messages":
          return await this.messages(q.get("user"), q.get("channel"));
        case "GET /ui/thread":
          return await this.thread(q.get("user"), q.get("channel"), q.get("ts"));
        case "GET /ui/runs":
          return this.runs(q.get("workflow"), q.get("status"));
        case "GET /sim/webinar":
          return await this.webinarState();
        case "GET /sim/learning":
          return await this.learningState();
      }
      if (req.method !== "POST") return null;
      const handler = this.#posts[url.pathname];
      if (!handler) return null;
      return await handler(await jsonBody(req));
    } catch (err) {
      if (err instanceof BadRequest || err instanceof SimulatorError) {
        return problem(400, err.message);
      }
      throw err;
    }
  }

  readonly #posts: Record<string, (b: Body) => Promise<Response>> = {
    "/ui/post": (b) => this.post(b),
    "/ui/react": (b) => this.react(b),
    "/ui/join": (b) => this.join(b),
    "/ui/read": (b) => this.read(b),
    "/ui/channels": (b) => this.createChannel(b),
    "/ui/channel/app": (b) => this.appMembership(b),
    "/ui/channel/archive": (b) => this.archive(b),
    "/ui/action": (b) => this.action(b),
    "/ui/shortcut": (b) => this.shortcut(b),
    "/ui/view/submit": (b) => this.viewSubmit(b),
    "/ui/view/close": (b) => this.viewClose(b),
    "/ui/view/action": (b) => this.viewAction(b),
    "/ui/clock": (b) => this.clock(b),
    "/sim/webinar/webinars": (b) => this.simCreateWebinar(b),
    "/sim/webinar/register": (b) =>
      this.sim(() =>
        this.parts.webinar.registerAttendee({
          webinar_id: str(b, "webinar_id", {}),
          name: str(b, "name", { max: 200 }),
          email: str(b, "email", { max: 254 }),
        }).attendee
      ),
    "/sim/webinar/join": (b) =>
      this.sim(() => this.parts.webinar.join(str(b, "webinar_id", {}), str(b, "attendee_id", {}))),
    "/sim/webinar/presence": (b) =>
      this.sim(() =>
        this.parts.webinar.setOnline(
          str(b, "webinar_id", {}),
          str(b, "attendee_id", {}),
          bool(b, "online"),
        )
      ),
    "/sim/webinar/chat": (b) =>
      this.sim(() =>
        this.parts.webinar.chat(
          str(b, "webinar_id", {}),
          str(b, "attendee_id", {}),
          str(b, "text", { max: 10_000 }),
        )
      ),
    "/sim/webinar/answer": (b) => this.simAnswer(b),
    "/sim/webinar/end": (b) =>
      this.sim(() => this.parts.webinar.endSession(str(b, "session_id", {}))),
    "/sim/webinar/bounce": (b) => this.sim(() => this.parts.webinar.bounce(str(b, "email_id", {}))),
    "/sim/learning/learners": (b) =>
      this.sim(() =>
        this.parts.learning.addLearner({
          name: str(b, "name", { max: 200 }),
          email: str(b, "email", { max: 254 }),
        })
      ),
    "/sim/learning/assign": (b) =>
      this.sim(() =>
        this.parts.learning.assign(str(b, "learner_id", {}), str(b, "session_id", {}))
      ),
    "/sim/learning/information": (b) =>
      this.sim(() =>
        this.parts.learning.sendInformation(str(b, "session_id", {}), {
          title: str(b, "title", { max: 500 }),
          learnerIds: strList(b, "learner_ids"),
        })
      ),
    "/sim/learning/path-step": (b) => this.simPathStep(b),
  };

  // ---------- people and conversations ----------

  async #user(id: string | null | undefined): Promise<User> {
    if (!id) throw new BadRequest(`"user" is required: who is acting`);
    const u = await this.parts.fake.workspace.getUser(id);
    if (!u || u.is_bot || u.deleted) {
      throw new BadRequest(`"${id}" is not a person in this workspace`);
    }
    return u;
  }

  async #channel(id: string | null | undefined, user: User): Promise<Channel> {
    if (!id) throw new BadRequest(`"channel" is required`);
    const c = await this.parts.fake.workspace.getChannel(id);
    if (!c || (c.is_private && !c.members.includes(user.id))) {
      throw new BadRequest(`No conversation "${id}" that ${user.real_name} can see`);
    }
    return c;
  }

  async #token(userId: string): Promise<string> {
    return await this.parts.fake.workspace.userToken(userId);
  }

  /** Calls the fake's Web API as a person would, with their user token. */
  async #web(method: string, userId: string, args: Record<string, unknown>): Promise<Body> {
    const { fake } = this.parts;
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) {
      if (v !== undefined) form.set(k, typeof v === "string" ? v : JSON.stringify(v));
    }
    const res = await fake.handle(
      new Request(`${fake.apiUrl}${method}`, {
        method: "POST",
        headers: {
          "Authorization": `Bearer ${await this.#token(userId)}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: form,
      }),
    );
    return await res.json() as Body;
  }

  #appDmReadOnly(): boolean {
    const home = this.parts.engine.manifest.features?.app_home;
    return typeof home === "object" && home !== null &&
      (home as { messages_tab_read_only_enabled?: boolean }).messages_tab_read_only_enabled ===
        true;
  }

  async state(userId: string | null): Promise<Response> {
    const { fake, engine } = this.parts;
    const app = fake.workspace.app;
    const everyone = await fake.workspace.listUsers();
    const people = everyone
      .filter((u) => !u.is_bot && !u.deleted && !HIDDEN_USERS.has(u.name))
      .sort((a, b) => a.real_name.localeCompare(b.real_name));
    const me = userId ? people.find((p) => p.id === userId) ?? null : null;
    const channels = await fake.workspace.records.channels();
    const visible = me
      ? channels
        // Archived channels stay listed for their members (dimmed), so they can be unarchived.
        .filter((c) => !c.is_archived || c.members.includes(me.id))
        .filter((c) => c.is_im ? c.user === me.id : !c.is_private || c.members.includes(me.id))
      : [];
    const conversations = [];
    for (const c of visible) {
      const member = c.members.includes(me!.id);
      conversations.push({
        id: c.id,
        name: c.is_im ? (app?.name ?? "App") : c.name,
        kind: c.is_im ? "im" : c.is_private ? "private" : "public",
        member,
        purpose: c.purpose.value,
        members: c.members.length,
        app_member: app ? c.members.includes(app.bot_user_id) : false,
        archived: c.is_archived,
        ...(member
          ? await this.#unread(me!.id, c)
          : { unread: false, mentions: 0, last_read: null }),
      });
    }
    conversations.sort((a, b) => a.name.localeCompare(b.name));
    const triggers = await engine.triggers();
    return ok({
      version: this.parts.version(),
      now: fake.clock.now(),
      clock_offset_ms: fake.clock.offsetMs,
      team: { name: fake.workspace.team.name },
      app: app
        ? {
          name: app.name,
          bot_id: app.bot_id,
          bot_user_id: app.bot_user_id,
          icon: "/demo/app-icon.png",
          dm_read_only: this.#appDmReadOnly(),
        }
        : null,
      people: people.map((p) => ({
        id: p.id,
        name: p.real_name,
        handle: p.name,
        email: p.profile.email ?? null,
        tz: p.tz,
        locale: p.locale,
        admin: p.is_admin || p.is_owner,
        role: this.parts.roles[p.id] ?? null,
      })),
      names: Object.fromEntries(everyone.map((u) => [u.id, u.real_name || u.name])),
      channel_names: Object.fromEntries(
        channels.map((c) => [c.id, c.is_im ? (app?.name ?? "app") : c.name]),
      ),
      conversations,
      shortcuts: triggers
        .filter((t) => t.type === "shortcut")
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((t) => ({ id: t.id, name: t.name, description: t.description ?? "" })),
      views: me
        ? (await engine.viewStack(me.id)).map((v) => ({ ...v, execution_id: undefined }))
        : [],
    });
  }

  /**
   * What a Slack client shows in the sidebar for a conversation: bold while it holds a message the
   * person has not read (after conversations.mark's position, not theirs), and a badge counting
   * the unread ones that mention them (every unread message, in a DM).
   */
  async #unread(
    userId: string,
    c: Channel,
  ): Promise<{ unread: boolean; mentions: number; last_read: string | null }> {
    const { fake } = this.parts;
    const read = await fake.workspace.records.lastRead(userId, c.id);
    let unread = false;
    let mentions = 0;
    for (const ts of await fake.workspace.records.topLevelTs(c.id)) {
      if (read !== null && compareTs(ts, read) <= 0) continue;
      const m = await fake.workspace.getMessage(c.id, ts);
      if (!m || m.user === userId) continue;
      unread = true;
      if (c.is_im || mentionsOf(m.text, userId)) mentions++;
    }
    return { unread, mentions, last_read: read };
  }

  #publicMessage(m: Message): Record<string, unknown> {
    const { _execution_id: _e, metadata: _m, ...rest } = m;
    return rest;
  }

  async messages(userId: string | null, channelId: string | null): Promise<Response> {
    const me = await this.#user(userId);
    const channel = await this.#channel(channelId, me);
    const top = (await this.parts.fake.workspace.topLevelMessages(channel.id))
      .sort((a, b) => compareTs(a.ts, b.ts))
      .slice(-MAX_HISTORY);
    return ok({
      channel: {
        id: channel.id,
        name: channel.is_im ? (this.parts.fake.workspace.app?.name ?? "App") : channel.name,
        kind: channel.is_im ? "im" : channel.is_private ? "private" : "public",
        member: channel.members.includes(me.id),
        purpose: channel.purpose.value,
        members: channel.members.length,
        member_ids: channel.is_im ? [] : channel.members,
        app_member: this.parts.fake.workspace.app
          ? channel.members.includes(this.parts.fake.workspace.app.bot_user_id)
          : false,
        read_only: channel.is_im && this.#appDmReadOnly(),
        archived: channel.is_archived,
      },
      messages: top.map((m) => this.#publicMessage(m)),
    });
  }

  async thread(
    userId: string | null,
    channelId: string | null,
    threadTs: string | null,
  ): Promise<Response> {
    const me = await this.#user(userId);
    const channel = await this.#channel(channelId, me);
    if (!threadTs) throw new BadRequest(`"ts" is required`);
    const parent = await this.parts.fake.workspace.getMessage(channel.id, threadTs);
    if (!parent) throw new BadRequest(`No message "${threadTs}" in this conversation`);
    const replies = (await this.parts.fake.workspace.threadReplies(channel.id, threadTs))
      .sort((a, b) => compareTs(a.ts, b.ts));
    return ok({
      parent: this.#publicMessage(parent),
      replies: replies.map((m) => this.#publicMessage(m)),
    });
  }

  /** Workflow runs, newest first, optionally of one workflow and one status. */
  runs(workflow: string | null = null, status: string | null = null): Response {
    const { engine } = this.parts;
    const matching = engine.runs.filter((r) =>
      (!workflow || r.workflow === workflow) && (!status || r.status === status)
    );
    return ok({
      workflows: Object.keys(engine.manifest.workflows ?? {}).sort(),
      statuses: ["running", "completed", "failed"],
      total: matching.length,
      runs: matching.slice(-60).reverse().map((r) => ({
        id: r.id,
        workflow: r.workflow,
        status: r.status,
        started_at: r.started_at,
        ended_at: r.ended_at ?? null,
        resumed_at: r.resumed_at ?? null,
        error: r.error ?? null,
        steps: r.steps.map((s) => ({
          id: s.id,
          function_id: s.function_id,
          status: s.status,
          error: s.error ?? null,
          outputs: s.outputs ?? null,
        })),
      })),
      logs: engine.logs.slice(-200).reverse(),
    });
  }

  // ---------- what people do in Slack ----------

  async post(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const text = str(b, "text", { max: 40_000 });
    if (!text.trim()) throw new BadRequest("A message needs some text");
    const threadTs = ts(b, "thread_ts", { optional: true });
    if (channel.is_im && this.#appDmReadOnly()) {
      throw new BadRequest(
        "Sending messages to this app has been turned off (its Messages tab is read-only)",
      );
    }
    if (!channel.members.includes(me.id)) {
      throw new BadRequest(`${me.real_name} is not in #${channel.name}: join the channel first`);
    }
    const command = /^\/([a-z]+)(?:\s+(.*))?$/s.exec(text.trim());
    if (command && !threadTs) return await this.#slashCommand(me, channel, command[1]!, command[2]);
    const res = await this.#web("chat.postMessage", me.id, {
      channel: channel.id,
      text: escapeTyped(text),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok({ ts: res.ts });
  }

  /**
   * Slack's `/invite @someone` and `/remove @someone` in a channel's composer: the app is invited
   * or removed like a person (Slack's "Add apps" does the same). Anything else is not a command
   * the sandbox knows.
   */
  async #slashCommand(
    me: User,
    channel: Channel,
    name: string,
    argument: string | undefined,
  ): Promise<Response> {
    if (name !== "invite" && name !== "remove") {
      throw new BadRequest(
        `“/${name}” is not a command here: the sandbox knows /invite and /remove`,
      );
    }
    if (channel.is_im) throw new BadRequest(`/${name} works in a channel, not in a DM`);
    const who = await this.#mentioned(argument ?? "");
    if (!who) {
      throw new BadRequest(
        `Cannot ${name} “${argument ?? ""}”: name a person or app, as in /${name} @Session Bridge`,
      );
    }
    const res = name === "invite"
      ? await this.#web("conversations.invite", me.id, { channel: channel.id, users: who.id })
      : await this.#web("conversations.kick", me.id, { channel: channel.id, user: who.id });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok({ command: name, user: who.id });
  }

  /** "@Session Bridge", "@priya", "<@U…>" or a display name: the person or app it names. */
  async #mentioned(text: string): Promise<User | null> {
    const ref = text.trim().replace(/^<@([A-Z0-9]+)(?:\|[^>]*)?>$/, "$1").replace(/^@/, "")
      .toLowerCase();
    if (!ref) return null;
    const everyone = (await this.parts.fake.workspace.listUsers()).filter((u) => !u.deleted);
    return everyone.find((u) => u.id.toLowerCase() === ref) ??
      everyone.find((u) => u.real_name.toLowerCase() === ref || u.name.toLowerCase() === ref) ??
      null;
  }

  async read(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const res = await this.#web("conversations.mark", me.id, {
      channel: channel.id,
      ts: ts(b, "ts")!,
    });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok();
  }

  async createChannel(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const res = await this.#web("conversations.create", me.id, {
      name: str(b, "name", { max: 80 }),
      is_private: b.is_private === undefined ? false : bool(b, "is_private"),
    });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok({ channel: (res.channel as { id: string }).id });
  }

  /** A channel's details › Integrations: add Session Bridge to the channel, or remove it. */
  async appMembership(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const app = this.parts.fake.workspace.requireApp();
    const res = bool(b, "member")
      ? await this.#web("conversations.invite", me.id, {
        channel: channel.id,
        users: app.bot_user_id,
      })
      : await this.#web("conversations.kick", me.id, {
        channel: channel.id,
        user: app.bot_user_id,
      });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok();
  }

  /** A channel's details › About: archive it, or unarchive it (Slack's conversations.archive). */
  async archive(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const res = await this.#web(
      bool(b, "archived") ? "conversations.archive" : "conversations.unarchive",
      me.id,
      { channel: channel.id },
    );
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok();
  }

  async react(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const name = str(b, "name", { max: 100 });
    const at = ts(b, "ts")!;
    const message = await this.parts.fake.workspace.getMessage(channel.id, at);
    if (!message) throw new BadRequest(`No message "${at}" in this conversation`);
    const mine = message.reactions?.find((r) => r.name === name)?.users.includes(me.id) ?? false;
    const res = await this.#web(mine ? "reactions.remove" : "reactions.add", me.id, {
      channel: channel.id,
      timestamp: at,
      name,
    });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok({ added: !mine });
  }

  async join(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const res = await this.#web("conversations.join", me.id, { channel: channel.id });
    if (res.ok !== true) return problem(400, `Slack answered ${String(res.error)}`);
    return ok();
  }

  async action(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const channel = await this.#channel(str(b, "channel", {}), me);
    const at = ts(b, "ts")!;
    const action = object(b, "action")!;
    if (typeof action.action_id !== "string") {
      throw new BadRequest(`"action.action_id" is required`);
    }
    const result = await this.parts.engine.messageAction(me.id, channel.id, at, action);
    return result.ok ? ok({ result }) : problem(409, result.error ?? "The app did not respond");
  }

  async shortcut(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const triggerId = str(b, "trigger_id", {});
    const channelId = str(b, "channel", { optional: true });
    const trigger = await this.parts.fake.workspace.records.trigger(triggerId);
    if (!trigger || trigger.type !== "shortcut") {
      throw new BadRequest(`No link trigger "${triggerId}"`);
    }
    try {
      const run = await this.parts.engine.runShortcut(trigger.id, me.id, channelId);
      return ok({ run: run.id });
    } catch (err) {
      return problem(
        409,
        `Cannot start “${trigger.name}”: ${err instanceof Error ? err.message : err}`,
      );
    }
  }

  async viewSubmit(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const result = await this.parts.engine.submitView(
      me.id,
      str(b, "view_id", {}),
      stateValues(b, "values"),
    );
    if (!result.ok) return problem(409, result.error ?? "The app did not respond");
    return ok({ errors: result.errors ?? null });
  }

  async viewClose(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const result = await this.parts.engine.closeView(me.id, str(b, "view_id", {}));
    // Closing always closes on screen; a handler problem is only reported.
    return ok({ warning: result.ok ? null : result.error ?? null });
  }

  async viewAction(b: Body): Promise<Response> {
    const me = await this.#user(str(b, "user", {}));
    const action = object(b, "action")!;
    if (typeof action.action_id !== "string") {
      throw new BadRequest(`"action.action_id" is required`);
    }
    const result = await this.parts.engine.viewAction(
      me.id,
      str(b, "view_id", {}),
      action,
      stateValues(b, "values"),
    );
    return result.ok ? ok() : problem(409, result.error ?? "The app did not respond");
  }

  async clock(b: Body): Promise<Response> {
    const ms = num(b, "advance_ms", { min: 0, max: 400 * 86_400_000 })!;
    return ok({ now: await this.parts.advanceClock(ms) });
  }

  // ---------- simulators ----------

  /** Runs a simulator action; a SimulatorError it throws becomes a 400 in handle(). */
  sim(action: () => unknown): Promise<Response> {
    return Promise.resolve(ok({ result: action() ?? null }));
  }

  simCreateWebinar(b: Body): Promise<Response> {
    const person = (o: Body | undefined, what: string) => {
      if (!o) throw new BadRequest(`"${what}" is required`);
      return { name: str(o, "name", { max: 200 }), email: str(o, "email", { max: 254 }) };
    };
    const attribution = str(b, "reply_attribution", {});
    if (attribution !== "sender" && attribution !== "primary_moderator") {
      throw new BadRequest(`"reply_attribution" must be "sender" or "primary_moderator"`);
    }
    const primary = person(object(b, "primary_moderator"), "primary_moderator");
    const others = Array.isArray(b.moderators)
      ? b.moderators.map((m, i) => {
        if (typeof m !== "object" || m === null || Array.isArray(m)) {
          throw new BadRequest(`"moderators[${i}]" must be an object with name and email`);
        }
        return person(m as Body, `moderators[${i}]`);
      })
      : [];
    const { webinar } = this.parts.webinar.createWebinar({
      title: str(b, "title", { max: 500 }),
      reply_attribution: attribution,
      primary_moderator: primary,
      moderators: [primary, ...others.filter((m) => m.email !== primary.email)],
      session: {
        type: str(b, "session_type", { max: 100 }),
        starts_at: str(b, "starts_at", { max: 40 }),
      },
      polls: [{
        id: "poll_default",
        title: "How did you hear about this webinar?",
        options: ["Newsletter", "A colleague", "Social media"],
      }],
    });
    return Promise.resolve(ok({ result: webinar }));
  }

  simAnswer(b: Body): Promise<Response> {
    const webinarId = str(b, "webinar_id", {});
    const webinar = this.parts.webinar.webinars.get(webinarId);
    if (!webinar) throw new BadRequest(`Unknown webinar "${webinarId}"`);
    const kind = str(b, "kind", { optional: true, max: 20 }) ?? "poll";
    const pollId = str(b, "poll_id", { optional: true, max: 100 });
    const poll = pollId ? webinar.polls?.find((p) => p.id === pollId) : undefined;
    if (pollId && !poll) throw new BadRequest(`Webinar "${webinarId}" has no poll "${pollId}"`);
    const title = poll?.title ?? str(b, "title", { max: 500 });
    const response = str(b, "response", { max: 5000 });
    return this.sim(() =>
      this.parts.webinar.answer(webinarId, str(b, "attendee_id", {}), {
        ...(poll ? { id: poll.id } : {}),
        kind,
        title,
        response,
      })
    );
  }

  simPathStep(b: Body): Promise<Response> {
    const { learning, fake } = this.parts;
    const delay = num(b, "delay_minutes", { min: 0, max: 200 * 24 * 60, optional: true });
    const at = str(b, "send_at", { optional: true, max: 40 });
    let sendAt: number;
    if (delay !== undefined) sendAt = fake.clock.now() + delay * 60_000;
    else if (at !== undefined) {
      sendAt = Date.parse(at);
      if (!Number.isFinite(sendAt)) throw new BadRequest(`"send_at" is not a date: "${at}"`);
    } else throw new BadRequest(`"delay_minutes" or "send_at" is required`);
    return this.sim(() =>
      learning.schedulePathStep(str(b, "learner_id", {}), str(b, "session_id", {}), {
        title: str(b, "title", { max: 500 }),
        sendAt,
      })
    );
  }

  async webinarState(): Promise<Response> {
    const { webinar, webinarSender } = this.parts;
    const hook = await this.parts.webhook("webinar");
    return ok({
      ...webinar.snapshot(),
      api_url: webinar.url,
      webhook: hook ? { url: hook.url, secret: hook.secret, trigger_id: hook.trigger_id } : null,
      sender: webinarSender.status,
      now: webinar.now(),
    });
  }

  async learningState(): Promise<Response> {
    const { learning, learningSender, fake } = this.parts;
    const hook = await this.parts.webhook("learning");
    const scheduled = [];
    for (
      const m of (await fake.workspace.records.scheduled())
        .sort((a, b) => a.post_at - b.post_at)
    ) {
      const dm = await fake.workspace.getChannel(m.channel);
      const person = dm?.user ? await fake.workspace.getUser(dm.user) : null;
      scheduled.push({
        id: m.id,
        channel: m.channel,
        post_at: m.post_at,
        text: m.text,
        recipient: person
          ? { id: person.id, name: person.real_name, email: person.profile.email ?? null }
          : null,
      });
    }
    return ok({
      ...learning.snapshot(),
      webhook: hook ? { url: hook.url, secret: hook.secret, trigger_id: hook.trigger_id } : null,
      sender: learningSender.status,
      scheduled,
      now: fake.clock.now(),
    });
  }
}

/** Whether Slack text mentions this person: `<@U…>`, or `<!channel>`, `<!here>`, `<!everyone>`. */
export function mentionsOf(text: string, userId: string): boolean {
  return text.includes(`<@${userId}>`) || text.includes(`<@${userId}|`) ||
    /<!(channel|here|everyone)(\|[^>]*)?>/.test(text);
}

/** Orders Slack timestamps exactly. */
export function compareTs(a: string, b: string): number {
  const x = BigInt(a.replace(".", ""));
  const y = BigInt(b.replace(".", ""));
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * What a Slack client sends for typed text: &, < and > escaped (so "<b>" is text), while the
 * mention and link tokens the person picked stay tokens.
 */
export function escapeTyped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(
    /<(?!(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!here|!channel|!everyone)>)/g,
    "&lt;",
  )
    .replace(/(?<!<(?:@[UW][A-Z0-9]+|#C[A-Z0-9]+|!here|!channel|!everyone))>/g, "&gt;");
}
