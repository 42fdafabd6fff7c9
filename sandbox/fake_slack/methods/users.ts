import { SlackApiError } from "../errors.ts";
import type { User } from "../model.ts";
import { bool, type MethodTable, num, scope, str } from "../spec.ts";
import { clampLimit, page } from "./common.ts";

/** What users.* return: locale only when asked, email only with users:read.email (bot tokens). */
function userView(u: User, includeLocale: boolean, canSeeEmail: boolean): Record<string, unknown> {
  const { locale, profile, ...rest } = u;
  const { email, ...profileRest } = profile;
  return {
    ...rest,
    profile: { ...profileRest, ...(canSeeEmail && email ? { email } : {}) },
    ...(includeLocale ? { locale } : {}),
  };
}

export const userMethods: MethodTable = {
  "users.lookupByEmail": {
    tier: 3,
    scopes: scope("users:read.email"),
    args: { email: { type: "string", required: true } },
    async handler(ctx, args) {
      if (ctx.token.kind !== "user" && !ctx.token.scopes.includes("users:read")) {
        throw new SlackApiError("missing_scope", {
          needed: "users:read",
          provided: ctx.token.scopes.join(","),
        });
      }
      const user = await ctx.workspace.userByEmail(str(args, "email")!);
      if (!user || user.deleted) throw new SlackApiError("users_not_found");
      return { user: userView(user, false, true) };
    },
  },

  "users.info": {
    tier: 4,
    scopes: scope("users:read"),
    args: { user: { type: "string", required: true }, include_locale: { type: "boolean" } },
    async handler(ctx, args) {
      const user = await ctx.workspace.getUser(str(args, "user")!);
      if (!user) throw new SlackApiError("user_not_found");
      const email = ctx.token.kind === "user" || ctx.token.scopes.includes("users:read.email");
      return { user: userView(user, bool(args, "include_locale"), email) };
    },
  },

  "users.list": {
    tier: 2,
    scopes: scope("users:read"),
    args: {
      limit: { type: "number" },
      cursor: { type: "string" },
      include_locale: { type: "boolean" },
      team_id: { type: "string" },
    },
    async handler(ctx, args) {
      const all = (await ctx.workspace.listUsers()).sort((a, b) => a.id.localeCompare(b.id));
      const { items, next } = page(
        all,
        str(args, "cursor"),
        clampLimit(num(args, "limit"), 200, 1000),
      );
      const email = ctx.token.kind === "user" || ctx.token.scopes.includes("users:read.email");
      return {
        members: items.map((u) => userView(u, bool(args, "include_locale"), email)),
        cache_ts: Math.floor(ctx.workspace.clock.now() / 1000),
        response_metadata: { next_cursor: next },
      };
    },
  },

  "auth.test": {
    tier: 4,
    args: {},
    async handler(ctx) {
      const app = ctx.workspace.app;
      const user = await ctx.workspace.getUser(ctx.actor);
      return {
        url: `${ctx.origin}/`,
        team: ctx.workspace.team.name,
        user: user?.name ?? "",
        team_id: ctx.workspace.team.id,
        user_id: ctx.actor,
        ...(ctx.token.kind !== "user" && app ? { bot_id: app.bot_id, app_id: app.app_id } : {}),
        is_enterprise_install: false,
      };
    },
  },
};
