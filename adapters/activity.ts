/** Records what admins should see in the health overview (W9), with the fix in their language. */
import type { ActivityRow } from "../datastores/activity.ts";
import { type Locale, t } from "../domain/i18n/mod.ts";
import { FIX_FOR_CODE, REMEDIATION, type RemediationCode } from "../domain/i18n/remediation.ts";
import type { AppContext } from "./context.ts";
import { putRows } from "./datastore/records.ts";
import { ACTIVITY } from "./datastore/specs.ts";

const KEEP_S = 30 * 86_400;

export type ActivityInput = {
  kind: ActivityRow["kind"];
  source: string;
  code: string;
  detail: string;
  context?: Record<string, string | number | undefined>;
  remediation?: RemediationCode;
  remediationParams?: Record<string, string>;
  email?: string;
  actor?: string;
  /** A stable id makes a repeated record (the same event seen twice) overwrite itself. */
  id?: string;
};

export function activityRow(input: ActivityInput, locale: Locale, now = Date.now()): ActivityRow {
  const context = Object.fromEntries(
    Object.entries(input.context ?? {}).filter(([, v]) => v !== undefined),
  );
  const fix = FIX_FOR_CODE[input.code] ?? input.remediation;
  return {
    id: input.id ?? `${String(now).padStart(14, "0")}:${crypto.randomUUID().slice(0, 8)}`,
    at: now,
    kind: input.kind,
    source: input.source,
    code: input.code,
    detail: input.detail.slice(0, 2000),
    context_json: JSON.stringify(context),
    ...(fix
      ? {
        remediation: t(locale, REMEDIATION[fix], {
          code: input.code,
          ...input.remediationParams,
        }),
      }
      : {}),
    ...(input.email ? { email: input.email } : {}),
    ...(input.actor ? { actor: input.actor } : {}),
    expires_at: Math.floor(now / 1000) + KEEP_S,
  };
}

/** Best effort: a failure to record is logged, never allowed to break the work that found it. */
export async function recordActivity(
  ctx: Pick<AppContext, "client" | "budget" | "ms" | "log">,
  inputs: ActivityInput[],
  locale: Locale,
): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((i) => activityRow(i, locale));
  for (const r of rows) {
    ctx.log[r.kind === "error" ? "error" : "info"]("activity", {
      kind: r.kind,
      code: r.code,
      context: r.context_json,
      detail: r.detail,
    });
  }
  try {
    await putRows(ctx, ACTIVITY, rows);
  } catch (err) {
    ctx.log.error("activity_not_recorded", { error: err, count: rows.length });
  }
}
