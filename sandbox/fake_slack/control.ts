/**
 * Control endpoints (not part of Slack): seed people and channels, inject faults and 429s, read the
 * call log, set rate limits, move the clock. Tests and the sandbox page use them.
 */
import type { Clock } from "./clock.ts";
import type { FaultRule } from "./faults.ts";
import type { CallRecord, User } from "./model.ts";
import type { RateLimiter, RateLimitPatch } from "./rate_limits.ts";
import type { Workspace } from "./workspace.ts";

/** What the control endpoints reach: the workspace and the Web API's limits, faults and call log. */
export interface ControlTarget {
  readonly workspace: Workspace;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  calls(filter: { method?: string; since?: number }): CallRecord[];
  clearCalls(): void;
  addFault(rule: Omit<FaultRule, "id">): FaultRule;
  clearFaults(): void;
}

export type SeedUser = {
  id?: string;
  name: string;
  real_name?: string;
  email?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  locale?: string;
  tz?: string;
};
export type SeedChannel = {
  id?: string;
  name: string;
  is_private?: boolean;
  /** Names or ids of people in the channel. */
  members?: string[];
  /** Whether the app's bot user is a member. */
  app_member?: boolean;
};
export type Seed = { users?: SeedUser[]; channels?: SeedChannel[] };

class ControlError extends Error {}

/** Every control endpoint, as "METHOD path" under /_control/ (sandbox/README.md documents each). */
export const CONTROL_ENDPOINTS = [
  "GET health",
  "POST seed",
  "GET calls",
  "DELETE calls",
  "POST faults",
  "DELETE faults",
  "GET rate_limits",
  "POST rate_limits",
  "GET clock",
  "POST clock",
  "POST token",
  "POST remove_app",
  "POST add_app",
] as const;

export async function seed(
  { workspace }: { workspace: Workspace },
  input: Seed,
): Promise<{ users: Record<string, string>; channels: Record<string, string> }> {
  const users: Record<string, string> = {};
  const channels: Record<string, string> = {};
  for (const u of input.users ?? []) {
    if (typeof u?.name !== "string" || !u.name) throw new ControlError("each user needs a name");
    const existing = u.email ? await workspace.userByEmail(u.email) : null;
    const partial: Partial<User> & { name: string } = {
      name: u.name,
      real_name: u.real_name ?? u.name,
      is_admin: !!u.is_admin,
      is_owner: !!u.is_owner,
      locale: u.locale ?? "en-US",
      tz: u.tz ?? "Europe/Paris",
      profile: {
        real_name: u.real_name ?? u.name,
        display_name: u.name,
        ...(u.email ? { email: u.email } : {}),
      },
    };
    const id = u.id ?? existing?.id;
    if (id) partial.id = id;
    const user = await workspace.putUser(partial);
    users[u.name] = user.id;
  }
  const everyone = await workspace.listUsers();
  const resolve = (ref: string) =>
    users[ref] ?? everyone.find((x) => x.name === ref || x.id === ref)?.id;
  for (const c of input.channels ?? []) {
    if (typeof c?.name !== "string" || !/^[a-z0-9_-]{1,80}$/.test(c.name)) {
      throw new ControlError(`channel name "${String(c?.name)}" is not a valid Slack channel name`);
    }
    const members = (c.members ?? []).map((m) => {
      const id = resolve(m);
      if (!id) throw new ControlError(`unknown member "${m}" for channel "${c.name}"`);
      return id;
    });
    if (c.app_member) members.push(workspace.requireApp().bot_user_id);
    const existing = await workspace.channelByName(c.name);
    if (existing) {
      existing.members = [...new Set([...existing.members, ...members])];
      await workspace.putChannel(existing);
      channels[c.name] = existing.id;
      continue;
    }
    const creator = members[0] ?? workspace.requireApp().bot_user_id;
    const channel = await workspace.createChannel({
      name: c.name,
      is_private: !!c.is_private,
      creator,
      members,
    });
    channels[c.name] = channel.id;
  }
  return { users, channels };
}

/** Checks a fault rule sent to POST /_control/faults, so a typo fails loudly instead of never firing. */
export function faultRule(raw: unknown): Omit<FaultRule, "id"> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ControlError("a fault must be a JSON object");
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.method !== "string" || !r.method) {
    throw new ControlError('a fault needs a method (or "*")');
  }
  const rule: Omit<FaultRule, "id"> = { method: r.method };
  for (const [key, v] of Object.entries(r)) {
    switch (key) {
      case "method":
        break;
      case "status":
        if (
          v !== 200 && v !== 429 && !(Number.isInteger(v) && Number(v) >= 500 && Number(v) <= 599)
        ) {
          throw new ControlError("status must be 200 (a Slack error), 429, or 500 to 599");
        }
        rule.status = Number(v);
        break;
      case "error":
        if (typeof v !== "string" || !/^[a-z0-9_]+$/.test(v)) {
          throw new ControlError("error must be a Slack error code such as fatal_error");
        }
        rule.error = v;
        break;
      case "retryAfter":
        if (!Number.isInteger(v) || Number(v) < 1) {
          throw new ControlError("retryAfter must be a whole number of seconds, at least 1");
        }
        rule.retryAfter = Number(v);
        break;
      case "remaining":
        if (!Number.isInteger(v) || Number(v) < 1) {
          throw new ControlError("remaining must be a whole number, at least 1");
        }
        rule.remaining = Number(v);
        break;
      case "skip":
        if (!Number.isInteger(v) || Number(v) < 1) {
          throw new ControlError("skip must be a whole number, at least 1");
        }
        rule.skip = Number(v);
        break;
      case "probability":
        if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
          throw new ControlError("probability must be a number from 0 to 1");
        }
        rule.probability = v;
        break;
      case "when":
        if (v !== "before" && v !== "after") {
          throw new ControlError('when must be "before" or "after"');
        }
        rule.when = v;
        break;
      case "delayMs":
        if (!Number.isInteger(v) || Number(v) < 1 || Number(v) > 60_000) {
          throw new ControlError("delayMs must be a whole number of ms from 1 to 60000");
        }
        rule.delayMs = Number(v);
        break;
      default:
        throw new ControlError(`unknown fault field "${key}"`);
    }
  }
  if (rule.delayMs !== undefined && (rule.status !== undefined || rule.error !== undefined)) {
    throw new ControlError("a slow call (delayMs) answers as usual: give it no status or error");
  }
  return rule;
}

/** Takes the app's bot user out of a channel, or puts it in, as a person would in the channel's details. */
async function appMembership(
  workspace: Workspace,
  ref: unknown,
  adding: boolean,
): Promise<{ id: string; name: string; app_member: boolean }> {
  if (typeof ref !== "string" || !ref) {
    throw new ControlError('channel must be a channel id ("C…") or name ("#general")');
  }
  const channel = (await workspace.getChannel(ref)) ??
    (await workspace.channelByName(ref.replace(/^#/, "")));
  if (!channel || channel.is_im) throw new ControlError(`no channel "${ref}"`);
  const bot = workspace.requireApp().bot_user_id;
  const member = channel.members.includes(bot);
  if (member === adding) {
    throw new ControlError(
      `${workspace.requireApp().name} is ${adding ? "already" : "not"} in #${channel.name}`,
    );
  }
  channel.members = adding ? [...channel.members, bot] : channel.members.filter((m) => m !== bot);
  await workspace.putChannel(channel);
  return { id: channel.id, name: channel.name, app_member: adding };
}

async function body<T>(req: Request): Promise<T> {
  try {
    return (await req.json()) as T;
  } catch {
    throw new ControlError("the body must be JSON");
  }
}

export async function handleControl(
  fake: ControlTarget,
  req: Request,
  url: URL,
): Promise<Response> {
  const path = url.pathname.slice("/_control/".length);
  try {
    switch (`${req.method} ${path}`) {
      case "GET health":
        return Response.json({ ok: true, app: fake.workspace.app?.name ?? null });
      case "POST seed":
        return Response.json({
          ok: true,
          ...(await fake.workspace.exclusive(async () => await seed(fake, await body<Seed>(req)))),
        });
      case "GET calls": {
        const method = url.searchParams.get("method") ?? undefined;
        const since = Number(url.searchParams.get("since") ?? "0") || undefined;
        return Response.json({
          ok: true,
          calls: fake.calls({ ...(method ? { method } : {}), ...(since ? { since } : {}) }),
        });
      }
      case "DELETE calls":
        fake.clearCalls();
        return Response.json({ ok: true });
      case "POST faults":
        return Response.json({
          ok: true,
          fault: fake.addFault(faultRule(await body<unknown>(req))),
        });
      case "DELETE faults":
        fake.clearFaults();
        return Response.json({ ok: true });
      case "GET rate_limits":
        return Response.json({ ok: true, rate_limits: fake.limiter.config });
      case "POST rate_limits":
        return Response.json({
          ok: true,
          rate_limits: fake.limiter.configure(await body<RateLimitPatch>(req)),
        });
      case "GET clock":
        return Response.json({ ok: true, now: fake.clock.now(), offset_ms: fake.clock.offsetMs });
      case "POST clock": {
        const { advance_ms } = await body<{ advance_ms: number }>(req);
        if (typeof advance_ms !== "number" || advance_ms < 0) {
          throw new ControlError("advance_ms must be a non-negative number");
        }
        return Response.json({ ok: true, now: fake.clock.advance(advance_ms) });
      }
      case "POST token": {
        const { user_id } = await body<{ user_id: string }>(req);
        if (!user_id || !(await fake.workspace.getUser(user_id))) {
          throw new ControlError("user_id must name a seeded user");
        }
        return Response.json({ ok: true, token: await fake.workspace.userToken(user_id) });
      }
      case "POST remove_app":
      case "POST add_app": {
        const adding = path === "add_app";
        const { channel } = await body<{ channel?: unknown }>(req);
        return Response.json({
          ok: true,
          channel: await fake.workspace.exclusive(() =>
            appMembership(fake.workspace, channel, adding)
          ),
        });
      }
      default:
        return Response.json({ ok: false, error: "unknown_control_endpoint" }, { status: 404 });
    }
  } catch (err) {
    if (err instanceof ControlError || err instanceof RangeError) {
      return Response.json({ ok: false, error: err.message }, { status: 400 });
    }
    throw err;
  }
}
