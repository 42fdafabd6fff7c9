/**
 * The fake Slack: a loopback HTTP server that speaks the Web API at /api/<method> (Slack's envelope,
 * error codes, token and scope checks, rate limits) with its state in Deno KV, plus control
 * endpoints under /_control/ for tests and the sandbox page. See sandbox/README.md for where it
 * departs from Slack.
 */
import { sandboxLog } from "../log.ts";
import { refusal, refused } from "../http_guard.ts";
import { Clock } from "./clock.ts";
import { SlackApiError } from "./errors.ts";
import type { CallRecord } from "./model.ts";
import {
  mergeRateLimits,
  RateLimiter,
  type RateLimitPatch,
  SLACK_RATE_LIMITS,
} from "./rate_limits.ts";
import type { Args, MethodSpec, MethodTable } from "./spec.ts";
import { Store } from "./storage/mod.ts";
import { ALL_METHODS } from "./methods/mod.ts";
import { handleControl } from "./control.ts";
import { type FaultRule, Faults } from "./faults.ts";
import { personTokenRefusal } from "./person_tokens.ts";
import { seededRandom } from "./random.ts";
import { Workspace } from "./workspace.ts";

export type { FaultRule } from "./faults.ts";

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
  quiet?: boolean;
};

/** Small next to a function's work, large next to one call: enough to break read-your-writes designs. */
export const DEFAULT_STALE_READ_MS = 50;

/**
 * The HTTP side of the fake: Slack's envelope, tokens, scopes, rate limits, injected faults and the
 * call log, in front of a Workspace (./workspace.ts) that holds the state.
 */
export class FakeSlack {
  readonly workspace: Workspace;
  readonly limiter: RateLimiter;
  readonly methods: MethodTable = ALL_METHODS;
  url = "";
  #server: Deno.HttpServer | null = null;
  #calls: CallRecord[] = [];
  #callSeq = 0;
  #faults: Faults;
  #mounts: Array<{ prefix: string; handler: (req: Request, url: URL) => Promise<Response> }> = [];

  private constructor(store: Store, options: FakeSlackOptions) {
    const clock = options.clock ?? new Clock(0, { scale: options.timeScale ?? 1 });
    // Buckets refill on the clock's time: a compressed clock refills them as much faster.
    const limits = { ...SLACK_RATE_LIMITS, timeScale: clock.scale };
    this.limiter = new RateLimiter(
      options.rateLimits === false
        ? { ...limits, enabled: false }
        : mergeRateLimits(limits, options.rateLimits ?? {}),
    );
    this.#faults = new Faults(seededRandom(options.faultSeed ?? 1));
    this.workspace = new Workspace(store, clock, {
      ...(options.team ? { team: options.team } : {}),
      ...(options.pointerTtlMs !== undefined ? { pointerTtlMs: options.pointerTtlMs } : {}),
      ...(options.ttlSweepLagMs !== undefined ? { ttlSweepLagMs: options.ttlSweepLagMs } : {}),
      staleReadMs: options.staleReadMs ?? DEFAULT_STALE_READ_MS,
      // Its own generator, so stale reads never shift the fault injector's draws.
      seed: (options.faultSeed ?? 1) + 0x5eed,
    });
    if (options.quiet) this.workspace.quiet = true;
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
    await fake.workspace.load();
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

  /** Slack's clock (the workspace's): compressed or moved in tests and on the page. */
  get clock(): Clock {
    return this.workspace.clock;
  }

  async close(): Promise<void> {
    await this.#server?.shutdown();
    this.workspace.close();
  }

  mount(prefix: string, handler: (req: Request, url: URL) => Promise<Response>): void {
    this.#mounts.push({ prefix, handler });
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
    return this.#faults.add(rule);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  get faults(): FaultRule[] {
    return this.#faults.rules;
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
    const token = this.workspace.tokenInfo(tokenValue);
    if (!token) return answer(200, { ok: false, error: "invalid_auth" });
    record.token_kind = token.kind;
    record.actor = token.user_id;
    if (token.execution_id) record.execution_id = token.execution_id;
    if (token.revoked) return answer(200, { ok: false, error: "token_revoked" });
    if (token.expires_at !== undefined && token.expires_at < this.clock.now()) {
      return answer(200, { ok: false, error: "token_expired" });
    }

    let fault = this.#faults.draw(method);
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
      this.workspace.app,
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
      const ctx = { workspace: this.workspace, origin: this.url, token, actor: token.user_id };
      body = await this.workspace.exclusive(() => spec.handler(ctx, args));
    } catch (err) {
      if (err instanceof SlackApiError) {
        return answer(200, { ok: false, error: err.code, ...err.extra });
      }
      if (!this.workspace.quiet) sandboxLog("error", `fake slack: ${method} failed`, err);
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
    this.workspace.quiet = v;
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
