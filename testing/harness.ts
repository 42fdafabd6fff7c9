/** Starts a fake Slack and the workflow engine around an app's manifest, for tests and the bench. */
import { FakeSlack, type FakeSlackOptions } from "../sandbox/fake_slack/mod.ts";
import { type AppManifest, Engine, type EngineOptions } from "../sandbox/engine/mod.ts";

export type Harness = {
  fake: FakeSlack;
  engine: Engine;
  /** POSTs JSON as a platform would; returns the HTTP status and body. */
  post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Calls the fake's Web API with a token and returns the JSON answer. */
  api(
    method: string,
    args: Record<string, unknown>,
    token?: string,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
};

export async function loadManifest(manifestUrl: URL): Promise<AppManifest> {
  const mod = await import(manifestUrl.href);
  return mod.default as AppManifest;
}

export async function startHarness(options: {
  manifestUrl: URL;
  fake?: FakeSlackOptions;
  engine?: Partial<Omit<EngineOptions, "fake" | "manifest" | "projectRoot">>;
  /**
   * Slack time runs this many times faster (the fake's clock, its rate limits, and every function's
   * Date, timers and time limit). App code called from the test process itself runs on real time:
   * use it only where the test leaves the app to the engine.
   */
  timeScale?: number;
}): Promise<Harness> {
  const fake = await FakeSlack.start({
    rateLimits: false,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    ...options.fake,
  });
  fake.quiet = true;
  let engine: Engine;
  try {
    engine = await Engine.start({
      fake,
      manifest: await loadManifest(options.manifestUrl),
      projectRoot: new URL("./", options.manifestUrl),
      ...options.engine,
    });
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    engine,
    async post(url, body) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    },
    async api(method, args, token) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(args)) {
        form.set(k, typeof v === "string" ? v : JSON.stringify(v));
      }
      const res = await fetch(`${fake.apiUrl}${method}`, {
        method: "POST",
        headers: {
          "Authorization": `Bearer ${token ?? fake.workspace.requireApp().bot_token}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: form,
      });
      return await res.json();
    },
    async close() {
      await engine.close();
      await fake.close();
    },
  };
}
