/**
 * The local sandbox (P6): the fake Slack (state in a Deno KV file), the workflow engine running the
 * app's real manifest, workflows and functions, a Slack-like page, and both platform simulators,
 * on one loopback port. `deno task sandbox` runs it; tests call startSandbox() in-process.
 *
 *   deno task sandbox [--port 8787] [--reset] [--verbose]     (or PORT=…, SANDBOX_RESET=1)
 */
import { sandboxLog } from "./log.ts";
import { Clock, FakeSlack, type RateLimitPatch } from "./fake_slack/mod.ts";
import { type AppManifest, Engine } from "./engine/mod.ts";
import { WebinarPlatform } from "./platforms/webinar.ts";
import { LearningPlatform } from "./platforms/learning.ts";
import { EventSender } from "./platforms/sender.ts";
import type { SimStore } from "./platforms/sim_store.ts";
import {
  ATTENDEE_CHANNEL,
  DEMO_ROLES,
  demoActivity,
  type DemoUserName,
  seedLearning,
  seedWebinars,
  seedWorkspace,
  WELCOME_TEXT,
} from "./demo/seed.ts";
import { SandboxApi, type Webhook } from "./web/api.ts";
import { createRouter, EventHub, listen } from "./web/server.ts";
import { settingsToRow } from "../adapters/datastore/settings_store.ts";
import SettingsDatastore from "../datastores/settings.ts";
import { DEFAULT_SETTINGS } from "../domain/settings.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";

export const DEFAULT_PORT = 8787;
export const DEFAULT_KV_PATH = ".sandbox/sandbox.kv";

export type SandboxOptions = {
  /** The page's port; 0 picks a free one. Default 8787. */
  port?: number;
  /** When the port is taken, try the next ones (default true). */
  portFallback?: boolean;
  /** Deno KV file for all state; memory when absent (tests). */
  kvPath?: string;
  /** Delete the KV file first: a fresh demo workspace. */
  reset?: boolean;
  /** On first start, send some webinar activity so the channel is not empty. */
  demoActivity?: boolean;
  /** Slack's rate limits (default), changed, or off. */
  rateLimits?: RateLimitPatch | false;
  /** Print the app's log lines as they arrive. */
  echoLogs?: boolean;
  /** How long an interactivity pointer lives (Slack's 3 s by default). */
  pointerTtlMs?: number;
};

export type Sandbox = {
  url: string;
  hostname: string;
  port: number;
  fake: FakeSlack;
  engine: Engine;
  webinar: WebinarPlatform;
  learning: LearningPlatform;
  webinarSender: EventSender;
  learningSender: EventSender;
  /** Demo people by handle ("amelie", "priya"...) → user id. */
  users: Record<string, string>;
  channels: Record<string, string>;
  /** Whether this start created the demo workspace (first start or reset). */
  seeded: boolean;
  /** The page API's routes, as "METHOD /path" (sandbox/README.md). */
  apiRoutes: string[];
  webhook(kind: "webinar" | "learning"): Promise<Webhook | null>;
  /** Waits until events are sent, workflows have finished and no delivery is due (tests). */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

type SandboxEnv = {
  WEBINAR_EVENT_SECRET: string;
  LEARNING_EVENT_SECRET: string;
  WEBINAR_API_TOKEN: string;
  WEBINAR_API_SIGNING_SECRET: string;
};

const randomSecret = (prefix: string) =>
  `${prefix}-${
    Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0"))
      .join("")
  }`;

async function removeKv(path: string): Promise<void> {
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      await Deno.remove(p);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
}

/** The trigger definitions in triggers/*.ts, as `slack trigger create --trigger-def` reads them. */
async function triggerDefinitions(): Promise<Array<Record<string, unknown>>> {
  const dir = new URL("../triggers/", import.meta.url);
  const files: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) files.push(e.name);
  }
  const defs: Array<Record<string, unknown>> = [];
  for (const name of files.sort()) {
    const mod = await import(new URL(name, dir).href);
    defs.push(mod.default as Record<string, unknown>);
  }
  return defs;
}

async function loadManifest(): Promise<AppManifest> {
  const mod = await import(new URL("../manifest.ts", import.meta.url).href);
  return mod.default as AppManifest;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = performance.now();
  if (options.kvPath && options.reset) await removeKv(options.kvPath);
  const clock = new Clock();
  const fake = await FakeSlack.start({
    ...(options.kvPath ? { kvPath: options.kvPath } : {}),
    clock,
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...(options.pointerTtlMs !== undefined ? { pointerTtlMs: options.pointerTtlMs } : {}),
  });
  fake.quiet = !options.echoLogs;
  const cleanup: Array<() => Promise<void> | void> = [() => fake.close()];
  const undo = async () => {
    for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const savedOffset = await fake.workspace.records.setting<number>("clock_offset_ms");
    if (savedOffset && savedOffset > 0) clock.advance(savedOffset);

    let version = 1;
    const hub = new EventHub();
    const bump = () => {
      version++;
      hub.bump(() => version);
    };
    let api: SandboxApi | null = null;
    const router = createRouter({ fake, api: () => api, hub, version: () => version });
    const listening = await listen(options.port ?? DEFAULT_PORT, router, {
      fallback: options.portFallback ?? true,
    });
    const url = `http://${listening.hostname}:${listening.port}`;
    cleanup.push(async () => {
      hub.close();
      await listening.server.shutdown();
    });
    // Every URL Slack hands out (Web API, webhook and link triggers) is on the page's port.
    fake.url = url;
    await rewriteTriggerUrls(fake, url);
    const stopBumping = fake.workspace.on("state", bump);
    cleanup.push(() => void stopBumping());

    const env = await fake.workspace.records.setting<SandboxEnv>("env") ?? {
      WEBINAR_EVENT_SECRET: randomSecret("webinar"),
      LEARNING_EVENT_SECRET: randomSecret("learning"),
      WEBINAR_API_TOKEN: randomSecret("token"),
      WEBINAR_API_SIGNING_SECRET: randomSecret("signing"),
    };
    await fake.workspace.records.setSetting("env", env);

    // In the same KV file as the workspace (memory without one), so a restart finds it again.
    const simStore = (name: string): SimStore => fake.workspace.records.simulator(name);
    const webhook = async (kind: "webinar" | "learning"): Promise<Webhook | null> => {
      const workflow = `#/workflows/${
        kind === "webinar" ? WORKFLOWS.webinarEvents : WORKFLOWS.learningEvents
      }`;
      const t = (await fake.workspace.records.triggers())
        .find((x) => x.type === "webhook" && x.workflow === workflow);
      if (!t) return null;
      return {
        url: `${fake.url}/triggers/${fake.workspace.team.id}/${t.id}/${t.secret}`,
        secret: kind === "webinar" ? env.WEBINAR_EVENT_SECRET : env.LEARNING_EVENT_SECRET,
        trigger_id: t.id,
      };
    };
    const webinarSender = new EventSender({
      target: () => webhook("webinar"),
      now: () => clock.now(),
      onChange: bump,
    });
    const learningSender = new EventSender({
      target: () => webhook("learning"),
      now: () => clock.now(),
      onChange: bump,
    });
    cleanup.push(() => webinarSender.close(), () => learningSender.close());

    const webinar = await WebinarPlatform.start({
      token: env.WEBINAR_API_TOKEN,
      signingSecret: env.WEBINAR_API_SIGNING_SECRET,
      store: simStore("webinar"),
      now: () => clock.now(),
      sender: webinarSender,
      chatUrl: (w, a) =>
        `${fake.url}/#webinar/${encodeURIComponent(w)}${a ? `/${encodeURIComponent(a)}` : ""}`,
      onChange: bump,
    });
    cleanup.push(() => webinar.close());
    const learning = await LearningPlatform.start({
      store: simStore("learning"),
      now: () => clock.now(),
      sender: learningSender,
      assetUrl: (file) => `${fake.url}/demo/images/${encodeURIComponent(file)}`,
      sessionUrl: (id) => `${fake.url}/#learning/session/${encodeURIComponent(id)}`,
      onChange: bump,
    });
    cleanup.push(() => learning.flush());

    const engine = await Engine.start({
      fake,
      manifest: await loadManifest(),
      projectRoot: new URL("../", import.meta.url),
      env: {
        ...env,
        WEBINAR_API_URL: webinar.url,
      },
      echoLogs: options.echoLogs ?? false,
    });
    // A workflow waiting for a person (an open modal) never ends by itself: stop waiting after 3 s.
    cleanup.push(async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        engine.close().catch(() => undefined),
        new Promise((r) => timer = setTimeout(r, 3_000)),
      ]);
      clearTimeout(timer);
    });

    const firstStart = !(await fake.workspace.records.setting<boolean>("seeded"));
    let ids: { users: Record<string, string>; channels: Record<string, string> };
    if (firstStart) {
      ids = await seedWorkspace(fake);
      await createTriggers(engine);
      await putSettings(fake, { channelId: ids.channels[ATTENDEE_CHANNEL]! });
      await postWelcome(fake, ids);
      seedWebinars(webinar, clock.now());
      seedLearning(learning, clock.now());
      await webinar.flush();
      await learning.flush();
      await fake.workspace.records.setSetting("seeded", true);
    } else {
      ids = await knownIds(fake);
      await createTriggers(engine);
    }
    const roles: Record<string, string> = {};
    for (const [handle, role] of Object.entries(DEMO_ROLES)) {
      const id = ids.users[handle as DemoUserName];
      if (id) roles[id] = role;
    }
    // However the clock moves (the page, POST /_control/clock), the next start finds it there.
    const stopPersisting = clock.onAdvance(() => {
      void fake.workspace.records.setSetting("clock_offset_ms", clock.offsetMs).catch(() =>
        undefined
      );
      bump();
    });
    cleanup.push(() => void stopPersisting());

    api = new SandboxApi({
      fake,
      engine,
      webinar,
      learning,
      webinarSender,
      learningSender,
      roles,
      webhook,
      version: () => version,
      advanceClock: async (ms) => {
        const now = clock.advance(ms);
        await fake.workspace.records.setSetting("clock_offset_ms", clock.offsetMs);
        return now;
      },
    });
    if (firstStart && options.demoActivity) demoActivity(webinar);
    bump();

    let closed = false;
    const sandbox: Sandbox = {
      url,
      hostname: listening.hostname,
      port: listening.port,
      fake,
      engine,
      webinar,
      learning,
      webinarSender,
      learningSender,
      users: ids.users,
      channels: ids.channels,
      seeded: firstStart,
      apiRoutes: api.routes,
      webhook,
      async settle(timeoutMs = 60_000) {
        const until = Date.now() + timeoutMs;
        let quiet = 0;
        // Quiet three checks in a row: nothing queued, no function running, no delivery due.
        // Workflows waiting for a person (an open modal) do not count as busy.
        while (quiet < 3) {
          await webinarSender.idle();
          await learningSender.idle();
          const due = (await fake.workspace.datastores.items<{ not_before: number }>("outbox"))
            .filter((r) => r.not_before <= clock.now());
          const busy = engine.activeInvocations > 0 || due.length > 0 ||
            webinarSender.status.queued > 0 || learningSender.status.queued > 0;
          quiet = busy ? 0 : quiet + 1;
          if (Date.now() > until) {
            throw new Error(`The sandbox is still busy after ${timeoutMs} ms`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async close() {
        if (closed) return;
        closed = true;
        api = null;
        await undo();
      },
    };
    if (options.echoLogs) {
      sandboxLog("info", `sandbox: ready in ${Math.round(performance.now() - started)} ms`);
    }
    return sandbox;
  } catch (err) {
    await undo();
    throw err;
  }
}

/** After a restart on another port, the stored trigger URLs point at the new one. */
async function rewriteTriggerUrls(fake: FakeSlack, url: string): Promise<void> {
  for (const t of await fake.workspace.records.triggers()) {
    const fix = (u: string | undefined) => u?.replace(/^http:\/\/127\.0\.0\.1:\d+/, url);
    const next = {
      ...t,
      ...(t.webhook_url ? { webhook_url: fix(t.webhook_url) } : {}),
      ...(t.shortcut_url ? { shortcut_url: fix(t.shortcut_url) } : {}),
    };
    if (next.webhook_url !== t.webhook_url || next.shortcut_url !== t.shortcut_url) {
      await fake.workspace.records.setTrigger(next);
    }
  }
}

/** Creates the triggers in triggers/*.ts that do not exist yet (by name), as `slack trigger create`. */
async function createTriggers(engine: Engine): Promise<void> {
  const existing = new Set((await engine.triggers()).map((t) => t.name));
  for (const def of await triggerDefinitions()) {
    if (existing.has(String(def.name))) continue;
    await engine.createTrigger(def);
  }
}

async function webApi(
  fake: FakeSlack,
  method: string,
  token: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) {
    form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  const res = await fake.handle(
    new Request(`${fake.apiUrl}${method}`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: form,
    }),
  );
  const json = await res.json() as Record<string, unknown>;
  if (json.ok !== true) {
    throw new Error(`Cannot call ${method} while seeding: ${String(json.error)}`);
  }
  return json;
}

/** The settings an admin would have saved: attendees go to #webinar-attendees. */
async function putSettings(fake: FakeSlack, patch: { channelId: string }): Promise<void> {
  await webApi(fake, "apps.datastore.put", fake.workspace.requireApp().bot_token, {
    datastore: SettingsDatastore.name,
    item: settingsToRow({ ...DEFAULT_SETTINGS, ...patch, updatedAt: fake.clock.now() }),
  });
}

async function postWelcome(
  fake: FakeSlack,
  ids: { users: Record<string, string>; channels: Record<string, string> },
): Promise<void> {
  const author = ids.users.amelie;
  const general = ids.channels.general;
  const attendees = ids.channels[ATTENDEE_CHANNEL];
  if (!author || !general || !attendees) return;
  await webApi(fake, "chat.postMessage", await fake.workspace.userToken(author), {
    channel: general,
    text: WELCOME_TEXT.replace("<#CHANNEL>", `<#${attendees}>`),
  });
}

async function knownIds(
  fake: FakeSlack,
): Promise<{ users: Record<string, string>; channels: Record<string, string> }> {
  const users: Record<string, string> = {};
  for (const u of await fake.workspace.listUsers()) if (!u.is_bot) users[u.name] = u.id;
  const channels: Record<string, string> = {};
  for (
    const c of await fake.workspace.records.channels()
  ) {
    if (!c.is_im) channels[c.name] = c.id;
  }
  return { users, channels };
}

// ---------- command line ----------

export type CliOptions = { port: number; reset: boolean; verbose: boolean; kvPath: string };

/** Reads `--port N`, `--reset`, `--verbose`, and PORT / SANDBOX_RESET; throws on anything else. */
export function parseArgs(args: string[], env: (name: string) => string | undefined): CliOptions {
  const out: CliOptions = {
    port: DEFAULT_PORT,
    reset: false,
    verbose: false,
    kvPath: DEFAULT_KV_PATH,
  };
  const envPort = env("PORT");
  if (envPort !== undefined && envPort !== "") out.port = portNumber(envPort, "PORT");
  const envReset = env("SANDBOX_RESET");
  if (envReset && envReset !== "0" && envReset !== "false") out.reset = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--reset") out.reset = true;
    else if (a === "--verbose") out.verbose = true;
    else if (a === "--port") out.port = portNumber(args[++i], "--port");
    else if (a.startsWith("--port=")) out.port = portNumber(a.slice(7), "--port");
    else if (a === "--help" || a === "-h") throw new UsageError("");
    else throw new UsageError(`Unknown option "${a}"`);
  }
  return out;
}

export class UsageError extends Error {
  override name = "UsageError";
}

function portNumber(raw: string | undefined, what: string): number {
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`${what} must be a port number from 0 to 65535, not "${raw ?? ""}"`);
  }
  return n;
}

const USAGE = `Usage: deno task sandbox [--port 8787] [--reset] [--verbose]
  --port N    listen on 127.0.0.1:N (also PORT=N); the next free port is used if N is taken
  --reset     forget everything and start with a fresh demo workspace (also SANDBOX_RESET=1)
  --verbose   print the app's log lines`;

async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseArgs(Deno.args, (name) => Deno.env.get(name));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) sandboxLog("error", err.message);
    sandboxLog("info", USAGE);
    Deno.exit(err.message ? 2 : 0);
  }
  await Deno.mkdir(".sandbox", { recursive: true });
  const t0 = performance.now();
  const sandbox = await startSandbox({
    port: cli.port,
    kvPath: cli.kvPath,
    reset: cli.reset,
    demoActivity: true,
    echoLogs: cli.verbose,
  });
  const ms = Math.round(performance.now() - t0);
  if (sandbox.port !== cli.port && cli.port !== 0) {
    sandboxLog("warn", `Port ${cli.port} is taken: using ${sandbox.port} instead.`);
  }
  sandboxLog(
    "info",
    [
      "",
      `  Session Bridge sandbox is running (${
        sandbox.seeded ? "new demo workspace" : "state restored"
      }, ready in ${ms} ms)`,
      "",
      `  Open ${sandbox.url}/ in your browser.`,
      "",
      `  Fake Slack Web API:  ${sandbox.url}/api/<method>`,
      `  State:               ${cli.kvPath} (start with --reset for a fresh workspace)`,
      "  Stop:                Ctrl-C",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) Deno.exit(130);
    stopping = true;
    sandboxLog("info", "\nStopping the sandbox…");
    const timer = setTimeout(() => {
      sandboxLog("warn", "A workflow is still running: stopping anyway.");
      Deno.exit(0);
    }, 5_000);
    await sandbox.close();
    clearTimeout(timer);
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
}

if (import.meta.main) await main();
