/** Learning events as a platform sends them (docs/events.md), with overridable parts, and DM readers. */
import ActivityDatastore from "../datastores/activity.ts";
import LedgerDatastore from "../datastores/ledger.ts";
export { waitPastStaleReads } from "./reads.ts";
import ScheduledStepsDatastore from "../datastores/scheduled_steps.ts";
import { SlackAPI } from "deno-slack-api/mod.ts";
import { type AppContext, createContext } from "../adapters/context.ts";
import { workflowRef, WORKFLOWS } from "../domain/app_ids.ts";
import { startApp, type TestApp } from "./app.ts";

/** The app with Slack's waits (DM pacing, retry delays) ten times shorter, so tests stay quick. */
export async function startLearningApp(): Promise<TestApp> {
  return await startApp({ timeScale: 10 });
}

/** Runs a test body against a fresh app, and closes it once every run it started has ended. */
export async function withLearningApp(body: (app: TestApp) => Promise<void>): Promise<void> {
  const app = await startLearningApp();
  try {
    await body(app);
  } finally {
    // Engine.close() stops listening for completions, so runs still going must end first.
    await app.settle();
    await app.close();
  }
}

/** Sends a batch as the learning platform would and waits until it is delivered. */
export async function sendAndSettle(
  app: TestApp,
  events: unknown[],
  secret?: string,
): Promise<void> {
  const res = await app.sendLearning(events, secret);
  if (res.status !== 200) throw new Error(`The webhook answered ${res.status}`);
  await app.settle();
}

export const GROUP = {
  name: "Acme Academy",
  logo_url: "https://learning.example/groups/acme/logo.png",
};

export const SESSION = {
  title: "Negotiation basics",
  description: "Learn to prepare, open and close a negotiation.",
  url: "https://learning.example/paths/p_1/sessions/s_1",
  starts_at: "2026-12-01T09:00:00Z",
  ends_at: "2026-12-01T11:30:00Z",
  cover_image: { url: "https://learning.example/covers/s_1.jpg", is_default: false },
};

let n = 0;

type Event = Record<string, unknown>;
/** A learning event as sent: its id is always there. */
export type Payload = { id: string; type: string; [field: string]: unknown };

export function learningEvent(type: string, email: string, parts: Event = {}): Payload {
  n++;
  const { session, ...rest } = parts;
  return {
    id: `lrn_${n}_${crypto.randomUUID().slice(0, 6)}`,
    type,
    occurred_at: new Date(Date.UTC(2026, 10, 20, 9, 0, n % 60)).toISOString(),
    learner: { email },
    notification: { title: `You are invited to “${SESSION.title}”` },
    session: { ...SESSION, ...(session as Event | undefined) },
    group: GROUP,
    ...rest,
  };
}

export const assignment = (email: string, parts: Event = {}): Payload =>
  learningEvent("session_assignment", email, parts);

export const information = (email: string, parts: Event = {}): Payload =>
  learningEvent("session_information", email, {
    notification: { title: `News about “${SESSION.title}”` },
    ...parts,
  });

/** A path step due `sendAt` (epoch ms of the fake clock). */
export const pathStep = (email: string, sendAt: number, parts: Event = {}): Payload =>
  learningEvent("path_step", email, {
    notification: { title: "Step 2: practise with a colleague" },
    send_at: new Date(sendAt).toISOString(),
    ...parts,
  });

export type DmMessage = {
  ts: string;
  text: string;
  username?: string;
  icons?: { image_48?: string };
  blocks?: Array<Record<string, unknown>>;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
};

/** The app's DM channel with a seeded user (conversations.open, as the app does). */
export async function dmChannel(app: TestApp, user: string): Promise<string> {
  const res = await app.api("conversations.open", { users: app.users[user]! });
  if (!res.ok) throw new Error(`Cannot open the DM with ${user}: ${res.error}`);
  return (res.channel as { id: string }).id;
}

/** Every message in the app's DM with a seeded user, oldest first. */
export async function dmMessages(app: TestApp, user: string): Promise<DmMessage[]> {
  const channel = await dmChannel(app, user);
  const res = await app.api("conversations.history", {
    channel,
    include_all_metadata: true,
    limit: 200,
  });
  if (!res.ok) throw new Error(`Cannot read the DM with ${user}: ${res.error}`);
  return (res.messages as DmMessage[]).slice().reverse();
}

export type Scheduled = { id: string; channel_id: string; post_at: number; text: string };

export async function scheduledIn(app: TestApp, user: string): Promise<Scheduled[]> {
  const channel = await dmChannel(app, user);
  const res = await app.api("chat.scheduledMessages.list", { channel });
  if (!res.ok) throw new Error(`Cannot list scheduled messages: ${res.error}`);
  return res.scheduled_messages as Scheduled[];
}

export function block(
  m: { blocks?: Array<Record<string, unknown>> },
  id: string,
): Record<string, unknown> | undefined {
  return m.blocks?.find((b) => b.block_id === id);
}

/** The text elements of a rich_text block, in order. */
export function richTexts(b: Record<string, unknown> | undefined): string[] {
  const sections = (b?.elements ?? []) as Array<{ elements: Array<{ text?: string }> }>;
  return sections.flatMap((s) => s.elements.flatMap((e) => e.text === undefined ? [] : [e.text]));
}

/** The URLs of the buttons in a message, by action id. */
export function buttons(m: { blocks?: Array<Record<string, unknown>> }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of m.blocks ?? []) {
    if (b.type !== "actions") continue;
    for (const e of b.elements as Array<{ action_id: string; url?: string }>) {
      if (e.url) out[e.action_id] = e.url;
    }
  }
  return out;
}

/** Activity rows recorded so far (what the health overview shows). */
export async function activityRows(app: TestApp): Promise<Array<Record<string, unknown>>> {
  return await app.fake.workspace.datastores.items(ActivityDatastore.name);
}

/** What became of an event (its done marker), by event id. */
export async function outcomeOf(app: TestApp, eventId: unknown): Promise<string | undefined> {
  const row = await app.fake.workspace.datastores.latest<{ outcome: string }>(
    LedgerDatastore.name,
    `done:learning:${String(eventId)}`,
  );
  return row?.outcome;
}

/** The scheduled_steps row of a path-step event. */
export async function stepOf(
  app: TestApp,
  eventId: unknown,
): Promise<Record<string, unknown> | null> {
  return await app.fake.workspace.datastores.latest<Record<string, unknown>>(
    ScheduledStepsDatastore.name,
    `learning:${String(eventId)}`,
  );
}

/** Runs the hourly upkeep now and waits for everything it started. */
export async function runMaintenance(app: TestApp): Promise<void> {
  // The hourly trigger may be running the upkeep too (the clock moves fast in these tests): then
  // this run finds the steps busy, and runs again once that one is done.
  for (let attempt = 0;; attempt++) {
    await app.settle();
    const run = await app.engine.startWorkflow(workflowRef(WORKFLOWS.maintenance), {}, null).done;
    const status = String(run.steps[0]?.outputs?.status ?? "");
    if (!status.includes("steps:busy") || attempt >= 5) break;
  }
  await app.settle();
}

/** An app context in the test process, with the app's bot token (for calling adapters directly). */
export function appContext(app: TestApp): AppContext {
  return createContext({
    client: SlackAPI(app.fake.workspace.requireApp().bot_token, { slackApiUrl: app.fake.apiUrl }),
    env: {},
    step: "test",
  });
}
