/** Shared set-up for the fake's own tests: a fake with an installed app, seeded people and channels. */
import assert from "node:assert/strict";
import { FakeSlack, type FakeSlackOptions } from "./fake.ts";
import { type Seed, seed } from "./control.ts";
import type { DatastoreDef } from "./model.ts";

/** Every bot scope the fake checks, so a test removes only the one it is about. */
export const ALL_BOT_SCOPES: readonly string[] = [
  "chat:write",
  "chat:write.public",
  "chat:write.customize",
  "channels:read",
  "channels:history",
  "channels:manage",
  "channels:join",
  "groups:read",
  "groups:write",
  "groups:history",
  "im:read",
  "im:write",
  "im:history",
  "users:read",
  "users:read.email",
  "reactions:read",
  "reactions:write",
  "datastore:read",
  "datastore:write",
  "triggers:read",
  "triggers:write",
];

/** People and channels most tests start from. The app is in #general and #team only. */
export const DEFAULT_SEED: Seed = {
  users: [
    { name: "alice", real_name: "Alice Archer", email: "alice@example.com", locale: "fr-FR" },
    { name: "bob", real_name: "Bob Baker", email: "bob@example.com" },
    { name: "carol", real_name: "Carol Cole", email: "carol@example.com" },
  ],
  channels: [
    { name: "general", members: ["alice", "bob"], app_member: true },
    { name: "random", members: ["alice"] },
    { name: "secret", is_private: true, members: ["alice"] },
    { name: "team", is_private: true, members: ["alice"], app_member: true },
  ],
};

/** The fields tests read from Slack's envelope; method-specific fields come from the type argument. */
export type SlackBody = {
  ok: boolean;
  error?: string;
  warning?: string;
  needed?: string;
  provided?: string;
  errors?: Array<Record<string, unknown>>;
  response_metadata?: { messages?: string[]; warnings?: string[]; next_cursor?: string };
};

export type Answer<T> = { status: number; headers: Headers; body: SlackBody & T };

export type CallOptions = {
  /** Token to send; the bot token when absent, none at all when null. */
  token?: string | null;
  /** Send a JSON body instead of the SDK's form encoding. */
  json?: boolean;
};

export type TestSlack = {
  fake: FakeSlack;
  botToken: string;
  botUserId: string;
  /** Seeded people and channels by name. */
  users: Record<string, string>;
  channels: Record<string, string>;
  call<T = Record<string, unknown>>(
    method: string,
    args?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<Answer<T>>;
  /** Calls a method and asserts `ok: true`. */
  ok<T = Record<string, unknown>>(
    method: string,
    args?: Record<string, unknown>,
    options?: CallOptions,
  ): Promise<SlackBody & T>;
  /** Calls a method and asserts HTTP 200 with `{ ok: false, error: code }`. */
  fails(
    method: string,
    args: Record<string, unknown>,
    code: string,
    options?: CallOptions,
  ): Promise<SlackBody>;
  /** A user token for a seeded person (acts as that person; user tokens skip scope checks). */
  userToken(name: string): Promise<string>;
};

export type TestSlackOptions = {
  fake?: FakeSlackOptions;
  scopes?: readonly string[];
  datastores?: Record<string, Omit<DatastoreDef, "name">>;
  functions?: Record<string, unknown>;
  workflows?: Record<string, unknown>;
  seed?: Seed;
};

/** Encodes arguments as the SDK does: form fields, objects as JSON strings. */
export function formBody(args: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) {
    if (v === undefined) continue;
    form.set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  return form;
}

/** Posts to the fake's Web API and returns status, headers and the JSON body. */
export async function callApi<T = Record<string, unknown>>(
  fake: FakeSlack,
  method: string,
  args: Record<string, unknown>,
  token: string | null,
  json = false,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    "Content-Type": json ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded",
  };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: "POST",
    headers,
    body: json ? JSON.stringify(args) : formBody(args),
  });
  const body = (await res.json()) as SlackBody & T;
  return { status: res.status, headers: res.headers, body };
}

/** Starts a fake with the app installed and DEFAULT_SEED, runs `fn`, and always closes the fake. */
export async function withSlack(
  options: TestSlackOptions,
  fn: (s: TestSlack) => Promise<void>,
): Promise<void> {
  const fake = await FakeSlack.start({ rateLimits: false, ...options.fake });
  fake.quiet = true;
  try {
    const app = await fake.workspace.installApp({
      display_information: { name: "Session Bridge" },
      oauth_config: { scopes: { bot: [...(options.scopes ?? ALL_BOT_SCOPES)] } },
      ...(options.datastores ? { datastores: options.datastores } : {}),
      ...(options.functions ? { functions: options.functions } : {}),
      ...(options.workflows ? { workflows: options.workflows } : {}),
    });
    const seeded = await seed(fake, options.seed ?? DEFAULT_SEED);
    const tokenFor = (o?: CallOptions) => o?.token === undefined ? app.bot_token : o.token;
    const s: TestSlack = {
      fake,
      botToken: app.bot_token,
      botUserId: app.bot_user_id,
      users: seeded.users,
      channels: seeded.channels,
      call: (method, args = {}, o) => callApi(fake, method, args, tokenFor(o), o?.json),
      async ok<T>(method: string, args: Record<string, unknown> = {}, o?: CallOptions) {
        const { status, body } = await callApi<T>(fake, method, args, tokenFor(o), o?.json);
        assert.equal(status, 200, `${method} answered HTTP ${status}`);
        assert.equal(body.ok, true, `${method} failed: ${JSON.stringify(body)}`);
        return body;
      },
      async fails(method, args, code, o) {
        const { status, body } = await callApi(fake, method, args, tokenFor(o), o?.json);
        assert.equal(status, 200, `${method} answered HTTP ${status}`);
        assert.equal(body.ok, false, `${method} should have failed with ${code}`);
        assert.equal(body.error, code, `${method}: ${JSON.stringify(body)}`);
        return body;
      },
      userToken: (name) => {
        const id = seeded.users[name];
        if (!id) throw new Error(`No seeded user "${name}"`);
        return fake.workspace.userToken(id);
      },
    };
    await fn(s);
  } finally {
    await fake.close();
  }
}

/** A JSON value read from a response: walks keys and indexes, failing loudly when one is absent. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let cur = value;
  for (const p of path) {
    assert.ok(cur !== null && typeof cur === "object", `no ${String(p)} in ${JSON.stringify(cur)}`);
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}
