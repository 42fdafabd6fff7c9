/**
 * The real Session Bridge app on the fake Slack, the workflow engine and a fake webinar platform,
 * with the triggers created from triggers/*.ts as `slack trigger create` would: for end-to-end tests.
 */
import type { FakeSlackOptions } from "../sandbox/fake_slack/mod.ts";
import { seed } from "../sandbox/fake_slack/mod.ts";
import { WebinarPlatform } from "../sandbox/platforms/webinar.ts";
import { type Harness, startHarness } from "./harness.ts";
import { outboxLeft } from "./deliveries.ts";
import { settingsToRow } from "../adapters/datastore/settings_store.ts";
import { DEFAULT_SETTINGS, type Settings } from "../domain/settings.ts";
import SettingsDatastore from "../datastores/settings.ts";
import type { EngineOptions } from "../sandbox/engine/mod.ts";

export const WEBINAR_SECRET = "test-webinar-secret";
export const LEARNING_SECRET = "test-learning-secret";

export type TestApp = Harness & {
  platform: WebinarPlatform;
  users: Record<string, string>;
  channels: Record<string, string>;
  triggers: Record<string, { id: string; webhook_url?: string; shortcut_url?: string }>;
  /** POSTs a batch to the webinar webhook, as the platform would. */
  sendWebinar(
    events: unknown[],
    secret?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  sendLearning(
    events: unknown[],
    secret?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Stores settings directly (the admin modal's job in production). */
  setSettings(patch: Partial<Settings>): Promise<void>;
  userToken(name: string): Promise<string>;
  /** Waits until the engine is idle and no outbox row is due; fails after `timeoutMs`. */
  settle(timeoutMs?: number): Promise<void>;
};

export const TRIGGER_FILES = [
  "webinar_events_webhook",
  "learning_events_webhook",
  "configure_link",
  "health_link",
  "my_notifications_link",
  "maintenance_schedule",
] as const;

export async function startApp(options: {
  fake?: FakeSlackOptions;
  engine?: Partial<Omit<EngineOptions, "fake" | "manifest" | "projectRoot">>;
  env?: Record<string, string>;
  /** See startHarness: Slack time this many times faster, for the app run by the engine. */
  timeScale?: number;
} = {}): Promise<TestApp> {
  const platform = await WebinarPlatform.start();
  const h = await startHarness({
    manifestUrl: new URL("../manifest.ts", import.meta.url),
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    ...(options.fake ? { fake: options.fake } : {}),
    engine: {
      ...options.engine,
      env: {
        WEBINAR_EVENT_SECRET: WEBINAR_SECRET,
        LEARNING_EVENT_SECRET: LEARNING_SECRET,
        WEBINAR_API_URL: platform.url,
        WEBINAR_API_TOKEN: platform.token,
        WEBINAR_API_SIGNING_SECRET: platform.signingSecret,
        ...options.env,
        ...options.engine?.env,
      },
    },
  }).catch(async (err) => {
    await platform.close();
    throw err;
  });
  const ids = await seed(h.fake, {
    users: [
      { name: "alice", real_name: "Alice Admin", email: "alice@example.com", is_admin: true },
      { name: "mo", real_name: "Mo Moderator", email: "mo@example.com" },
      { name: "pat", real_name: "Pat Primary", email: "pat@example.com" },
      { name: "sam", real_name: "Sam Sales", email: "sam@example.com" },
      { name: "lea", real_name: "Léa Learner", email: "lea@example.com", locale: "fr-FR" },
      { name: "liam", real_name: "Liam Learner", email: "liam@example.com", locale: "en-US" },
    ],
    channels: [{ name: "webinar-attendees", members: ["alice", "mo", "pat", "sam"] }],
  });
  const triggers: TestApp["triggers"] = {};
  for (const name of TRIGGER_FILES) {
    const def = structuredClone((await import(`../triggers/${name}.ts`)).default);
    // The CLI evaluates a trigger file afresh each time; a module cached by an earlier test would
    // carry a start time that has passed by now, so compute it again as the file does.
    if (def.schedule && Date.parse(def.schedule.start_time) < h.fake.clock.now() + 5_000) {
      def.schedule.start_time = new Date(h.fake.clock.now() + 60_000).toISOString();
    }
    triggers[name] = await h.engine.createTrigger(def);
  }
  const app: TestApp = {
    ...h,
    platform,
    users: ids.users,
    channels: ids.channels,
    triggers,
    sendWebinar: (events, secret = WEBINAR_SECRET) =>
      h.post(String(triggers.webinar_events_webhook!.webhook_url), { secret, events }),
    sendLearning: (events, secret = LEARNING_SECRET) =>
      h.post(String(triggers.learning_events_webhook!.webhook_url), { secret, events }),
    async setSettings(patch) {
      const res = await h.api("apps.datastore.put", {
        datastore: SettingsDatastore.name,
        item: settingsToRow({ ...DEFAULT_SETTINGS, ...patch }),
      });
      if (!res.ok) throw new Error(`Cannot store settings: ${res.error}`);
    },
    userToken: (name) => h.fake.workspace.userToken(ids.users[name]!),
    async settle(timeoutMs = 180_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        await h.engine.idle(Math.max(1_000, until - Date.now()));
        // Rows due now, or about to be (a run's hold on its rows ends a moment after it stops).
        const soon = h.fake.clock.now() + 2_000;
        const due = (await h.fake.workspace.datastores.items<{ not_before: number }>("outbox"))
          .filter((r) => r.not_before <= soon);
        if (due.length === 0 && h.engine.runs.every((r) => r.status !== "running")) return;
        if (Date.now() > until) {
          throw new Error(`The app did not settle within ${timeoutMs} ms (${due.length} rows due)`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      await h.close();
      await platform.close();
    },
  };
  return app;
}

/**
 * A private channel the app is not in, set as the attendees' channel: Slack hides it from the app
 * (its posts answer channel_not_found) until an admin adds the app (`seed` with `app_member`).
 */
export async function privateChannelWithoutApp(
  app: TestApp,
  name = "private-attendees",
): Promise<string> {
  const { channels } = await seed(app.fake, {
    channels: [{ name, is_private: true, members: ["alice", "mo"] }],
  });
  const channel = channels[name]!;
  await app.setSettings({ channelId: channel });
  return channel;
}

/**
 * Lets the one row in the outbox fail its retries (a channel the app cannot post in) until its next
 * retry is over a minute away, so only a fix can bring it sooner. Returns when that retry is due.
 */
export async function retryMinutesAway(app: TestApp): Promise<number> {
  for (let i = 0; i < 4; i++) {
    app.fake.clock.advance(20 * 60_000);
    await app.engine.startWorkflow("#/workflows/drain_outbox", { reason: "test" }, null).done;
    await app.settle();
  }
  const rows = await outboxLeft(app.fake) as unknown as Array<{ not_before: number }>;
  if (rows.length !== 1) throw new Error(`expected one row waiting, found ${rows.length}`);
  const next = rows[0]!.not_before;
  if (next <= app.fake.clock.now() + 60_000) throw new Error("the row's next retry is not far off");
  return next;
}
