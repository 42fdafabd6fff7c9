/**
 * A fake learning platform for the sandbox: a platform group (name and logo), learners, learning
 * paths with sessions (cover images, long descriptions), and the three things it tells Session
 * Bridge about (domain/learning/event.ts, docs/events.md "Learning events"): a learner is assigned
 * to a path session, learners of a session receive information, and a path step asks for a Slack
 * message at a later time. Each action sends its event through an EventSender.
 */
import { isEmailAddress } from "../../domain/email.ts";
import type { EventSender } from "./sender.ts";
import { type SimStore, WriteQueue } from "./sim_store.ts";
import { SimulatorError } from "./webinar.ts";

export type Group = { name: string; logo: string };
export type Learner = { id: string; name: string; email: string };
export type LearningPath = { id: string; title: string };
export type Cover = { file: string; is_default: boolean };
export type PathSession = {
  id: string;
  path_id: string;
  title: string;
  description: string;
  starts_at: string;
  ends_at: string;
  cover: Cover | null;
};
export type Enrollment = { id: string; session_id: string; learner_id: string; at: number };
/** What the platform sent, as its own log shows it. */
export type Notice = {
  id: string;
  at: number;
  type: "session_assignment" | "session_information" | "path_step";
  learner_id: string;
  session_id: string;
  title: string;
  send_at?: string;
};

export type LearningPlatformOptions = {
  store?: SimStore;
  now?: () => number;
  sender?: EventSender;
  /** The absolute URL of a demo file (cover images, the group logo). */
  assetUrl: (file: string) => string;
  /** The platform's page for a session (the "Open session" button). */
  sessionUrl: (sessionId: string) => string;
  onChange?: () => void;
};

export class LearningPlatform {
  group: Group = { name: "Learning platform", logo: "" };
  readonly learners = new Map<string, Learner>();
  readonly paths = new Map<string, LearningPath>();
  readonly sessions = new Map<string, PathSession>();
  readonly enrollments = new Map<string, Enrollment>();
  readonly notices: Notice[] = [];
  readonly #options: LearningPlatformOptions;
  readonly #writes: WriteQueue | null;
  #seq = 0;
  #lastStamp = 0;

  constructor(options: LearningPlatformOptions) {
    this.#options = options;
    this.#writes = options.store ? new WriteQueue(options.store) : null;
  }

  static async start(options: LearningPlatformOptions): Promise<LearningPlatform> {
    const p = new LearningPlatform(options);
    if (options.store) await p.#load(options.store);
    return p;
  }

  async #load(store: SimStore): Promise<void> {
    const [group] = await store.load<Group>("group");
    if (group) this.group = group;
    for (const l of await store.load<Learner>("learner")) this.learners.set(l.id, l);
    for (const p of await store.load<LearningPath>("path")) this.paths.set(p.id, p);
    for (const s of await store.load<PathSession>("session")) this.sessions.set(s.id, s);
    for (const e of await store.load<Enrollment>("enrollment")) this.enrollments.set(e.id, e);
    this.notices.push(...(await store.load<Notice>("notice")).sort((a, b) => a.at - b.at));
  }

  async flush(): Promise<void> {
    await this.#writes?.flush();
  }

  now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  #changed(kind: string, id: string, value: unknown): void {
    this.#writes?.put(kind, id, value);
    this.#options.onChange?.();
  }

  nextId(prefix: string): string {
    return `${prefix}_${this.now().toString(36)}${(++this.#seq).toString(36)}`;
  }

  // ---------- the platform's world ----------

  setGroup(group: Group): void {
    this.group = group;
    this.#changed("group", "group", group);
  }

  addLearner(l: Omit<Learner, "id"> & { id?: string }): Learner {
    const name = l.name.trim();
    const email = l.email.trim();
    if (!name) throw new SimulatorError("A learner needs a name");
    if (!isEmailAddress(email)) {
      throw new SimulatorError(`"${email}" is not an email address`);
    }
    const learner = { id: l.id ?? this.nextId("lrn"), name, email };
    this.learners.set(learner.id, learner);
    this.#changed("learner", learner.id, learner);
    return learner;
  }

  addPath(p: LearningPath): LearningPath {
    this.paths.set(p.id, p);
    this.#changed("path", p.id, p);
    return p;
  }

  addSession(s: PathSession): PathSession {
    if (!this.paths.has(s.path_id)) throw new SimulatorError(`Unknown path "${s.path_id}"`);
    if (Date.parse(s.ends_at) < Date.parse(s.starts_at)) {
      throw new SimulatorError("A session cannot end before it starts");
    }
    this.sessions.set(s.id, s);
    this.#changed("session", s.id, s);
    return s;
  }

  #learner(id: string): Learner {
    const l = this.learners.get(id);
    if (!l) throw new SimulatorError(`Unknown learner "${id}"`);
    return l;
  }

  #session(id: string): PathSession {
    const s = this.sessions.get(id);
    if (!s) throw new SimulatorError(`Unknown session "${id}"`);
    return s;
  }

  enrolled(sessionId: string): Learner[] {
    return [...this.enrollments.values()]
      .filter((e) => e.session_id === sessionId)
      .flatMap((e) => this.learners.get(e.learner_id) ?? []);
  }

  // ---------- what the platform tells Session Bridge ----------

  /** L2: the learner is assigned to a path session (and enrolled in it). */
  assign(learnerId: string, sessionId: string): Record<string, unknown> {
    const learner = this.#learner(learnerId);
    const session = this.#session(sessionId);
    const id = `${sessionId}:${learnerId}`;
    if (!this.enrollments.has(id)) {
      const enrollment = { id, session_id: sessionId, learner_id: learnerId, at: this.now() };
      this.enrollments.set(id, enrollment);
      this.#changed("enrollment", id, enrollment);
    }
    return this.#send(
      "session_assignment",
      learner,
      session,
      `You have been assigned to “${session.title}”`,
    );
  }

  /** L5's second kind: news about a session, to every learner enrolled in it (or the chosen ones). */
  sendInformation(
    sessionId: string,
    input: { title: string; learnerIds?: string[] },
  ): Array<Record<string, unknown>> {
    const session = this.#session(sessionId);
    const title = input.title.trim();
    if (!title) throw new SimulatorError("Session information needs a title (the email subject)");
    const learners = input.learnerIds?.length
      ? input.learnerIds.map((id) => this.#learner(id))
      : this.enrolled(sessionId);
    if (learners.length === 0) {
      throw new SimulatorError(
        `Nobody is enrolled in “${session.title}” yet: assign a learner first`,
      );
    }
    return learners.map((l) => this.#send("session_information", l, session, title));
  }

  /** L6: a path step asks for a Slack message at `sendAt` (epoch ms, on the sandbox clock). */
  schedulePathStep(
    learnerId: string,
    sessionId: string,
    input: { title: string; sendAt: number },
  ): Record<string, unknown> {
    const learner = this.#learner(learnerId);
    const session = this.#session(sessionId);
    const title = input.title.trim();
    if (!title) throw new SimulatorError("A path step needs a message title");
    if (!Number.isFinite(input.sendAt)) throw new SimulatorError("A path step needs a send time");
    return this.#send("path_step", learner, session, title, new Date(input.sendAt).toISOString());
  }

  #send(
    type: Notice["type"],
    learner: Learner,
    session: PathSession,
    title: string,
    sendAt?: string,
  ): Record<string, unknown> {
    const { assetUrl, sessionUrl } = this.#options;
    const id = this.nextId("evt");
    const event: Record<string, unknown> = {
      id,
      type,
      occurred_at: new Date(this.#lastStamp = Math.max(this.now(), this.#lastStamp + 1))
        .toISOString(),
      learner: { email: learner.email },
      notification: { title },
      session: {
        title: session.title,
        description: session.description,
        url: sessionUrl(session.id),
        starts_at: session.starts_at,
        ends_at: session.ends_at,
        ...(session.cover
          ? {
            cover_image: {
              url: assetUrl(session.cover.file),
              is_default: session.cover.is_default,
            },
          }
          : {}),
      },
      group: {
        name: this.group.name,
        ...(this.group.logo ? { logo_url: assetUrl(this.group.logo) } : {}),
      },
      ...(sendAt ? { send_at: sendAt } : {}),
    };
    const notice: Notice = {
      id,
      at: this.now(),
      type,
      learner_id: learner.id,
      session_id: session.id,
      title,
      ...(sendAt ? { send_at: sendAt } : {}),
    };
    this.notices.push(notice);
    this.#changed("notice", id, notice);
    this.#options.sender?.enqueue([event]);
    return event;
  }

  snapshot(): {
    group: Group;
    learners: Learner[];
    paths: Array<LearningPath & { sessions: Array<PathSession & { enrolled: string[] }> }>;
    notices: Notice[];
  } {
    return structuredClone({
      group: this.group,
      learners: [...this.learners.values()],
      paths: [...this.paths.values()].map((p) => ({
        ...p,
        sessions: [...this.sessions.values()]
          .filter((s) => s.path_id === p.id)
          .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
          .map((s) => ({ ...s, enrolled: this.enrolled(s.id).map((l) => l.id) })),
      })),
      notices: this.notices,
    });
  }
}
