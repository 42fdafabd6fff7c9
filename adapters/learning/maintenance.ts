/**
 * Hourly upkeep of path steps (L6): schedules waiting steps once they are within Slack's 120-day
 * window (posting at once any whose time has come), and while learning notifications or path
 * steps are off, takes scheduled ones back out of Slack (L1, L7). Nothing is dropped silently: each
 * step ends scheduled, posted, cancelled or skipped with a reason, and failures reach the activity log.
 */
import type { LedgerRow } from "../../datastores/ledger.ts";
import type { ScheduledStepRow } from "../../datastores/scheduled_steps.ts";
import type { Locale } from "../../domain/i18n/mod.ts";
import { type LearningEvent, LearningEventSchema } from "../../domain/learning/event.ts";
import { learningGate, SCHEDULE_WINDOW_MS } from "../../domain/learning/plan.ts";
import { type ActivityInput, recordActivity } from "../activity.ts";
import type { AppContext } from "../context.ts";
import { writeLedger } from "../datastore/ledger.ts";
import { queryAll } from "../datastore/records.ts";
import { loadSettings } from "../datastore/settings_store.ts";
import { STEPS } from "../datastore/specs.ts";
import { acquireLease } from "../lease.ts";
import { errorCode } from "../slack/client.ts";
import { Pacer } from "../slack/pacer.ts";
import { deliverLearning } from "./deliver.ts";
import { findLearners, type FoundLearner, normalEmail } from "./learners.ts";
import { preferencesLink } from "./preferences_link.ts";
import { unmatchedActivity } from "./process.ts";
import { markStep, pauseScheduledSteps } from "./steps.ts";

type Ctx = Pick<AppContext, "client" | "budget" | "log" | "sleep">;

/** Leaves this much of the invocation for the drain that follows. */
const KEEP_FOR_DRAIN_MS = 25_000;
const MAX_PER_RUN = 500;
/** Marks a step whose scheduling was started, so a crash before it was recorded is looked for. */
const IN_PROGRESS = "scheduling";

export type StepsReport = {
  status: "busy" | "done" | "paused" | "partial";
  scheduled: number;
  posted: number;
  paused: number;
  skipped: number;
  failed: number;
};

export async function scheduleDueSteps(ctx: Ctx): Promise<StepsReport> {
  const report: StepsReport = {
    status: "done",
    scheduled: 0,
    posted: 0,
    paused: 0,
    skipped: 0,
    failed: 0,
  };
  const acquired = await acquireLease(ctx, "steps");
  // Busy or contended: the next hourly run tries again (waiting steps are kept, nothing is lost).
  if (acquired.kind !== "acquired") return { ...report, status: "busy" };
  const notes: ActivityInput[] = [];
  /** Person rows learned while scheduling (DM ids), written at the end. */
  const learned: LedgerRow[] = [];
  let language: Locale = "en";
  try {
    const settings = await loadSettings(ctx);
    language = settings.language;
    const gate = learningGate("path_step", settings);
    if (gate) {
      report.status = "paused";
      report.paused = await pauseScheduledSteps(ctx, gate);
      // A step whose time came while notifications were off is not sent afterwards (L1).
      const passed = await queryAll(ctx, STEPS, {
        expression: "#s = :waiting AND #p <= :now",
        attributes: { "#s": "status", "#p": "post_at" },
        values: { ":waiting": "waiting", ":now": Date.now() },
      }, { max: MAX_PER_RUN });
      for (const row of passed) {
        await markStep(ctx, row, { status: "skipped", detail: gate });
        report.skipped++;
      }
      return report;
    }
    const due = (await queryAll(ctx, STEPS, {
      expression: "#s = :waiting AND #p <= :limit",
      attributes: { "#s": "status", "#p": "post_at" },
      values: { ":waiting": "waiting", ":limit": Date.now() + SCHEDULE_WINDOW_MS },
    })).sort((a, b) => a.post_at - b.post_at || a.id.localeCompare(b.id)).slice(0, MAX_PER_RUN);
    if (due.length === 0) return report;
    const events = new Map<string, LearningEvent>();
    for (const row of due) {
      const event = readStepEvent(row);
      if (event) events.set(row.id, event);
    }
    const { learners, rows: people } = await findLearners(
      ctx,
      [...events.values()].map((e) => normalEmail(e.learner.email)),
    );
    await writeLedger(ctx, people);
    const preferencesUrl = await preferencesLink(ctx);
    const pacer = new Pacer(1000);
    for (const row of due) {
      if (!ctx.budget.has(KEEP_FOR_DRAIN_MS)) {
        report.status = "partial";
        break;
      }
      const event = events.get(row.id);
      if (!event || event.type !== "path_step") {
        await markStep(ctx, row, { status: "skipped", detail: "unreadable" });
        report.skipped++;
        continue;
      }
      const found = learners.get(normalEmail(event.learner.email)) ?? null;
      if (!found) {
        notes.push(unmatchedActivity(event));
        await markStep(ctx, row, { status: "skipped", detail: "unmatched" });
        report.skipped++;
        continue;
      }
      const stop = await scheduleOne(
        ctx,
        { row, event, found, settings, preferencesUrl, pacer, remember: (r) => learned.push(r) },
        report,
        notes,
      );
      if (stop) {
        report.status = "partial";
        break;
      }
    }
  } finally {
    await writeLedger(ctx, learned).catch((err) =>
      ctx.log.error("people_not_saved", { error: err })
    );
    await recordActivity(ctx, notes, language);
    await acquired.lease.release().catch((err) =>
      ctx.log.error("lease_release_failed", { error: err })
    );
    ctx.log.info("steps_maintained", { ...report });
  }
  return report;
}

function readStepEvent(row: ScheduledStepRow): LearningEvent | null {
  try {
    const parsed = LearningEventSchema.safeParse(JSON.parse(row.event_json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Schedules (or posts) one waiting step. Returns true when the run should stop (rate limited). */
async function scheduleOne(
  ctx: Ctx,
  input: {
    row: ScheduledStepRow;
    event: LearningEvent;
    found: FoundLearner;
    remember(row: LedgerRow): void;
    settings: Parameters<typeof learningGate>[1];
    preferencesUrl: string | null;
    pacer: Pacer;
  },
  report: StepsReport,
  notes: ActivityInput[],
): Promise<boolean> {
  const { event } = input;
  // An earlier run may have reached Slack without recording it: look before scheduling again.
  const suspect = input.row.detail === IN_PROGRESS || !!input.row.detail?.startsWith("error:");
  const row = suspect ? input.row : await markStep(ctx, input.row, { detail: IN_PROGRESS });
  try {
    const result = await deliverLearning({
      ctx,
      pacer: input.pacer,
      id: row.id,
      since: input.row.updated_at,
      suspect,
      event,
      found: input.found,
      remember: input.remember,
      settings: input.settings,
      preferencesUrl: input.preferencesUrl,
    });
    switch (result.kind) {
      case "scheduled":
        report.scheduled++;
        return false;
      case "posted":
        await markStep(ctx, row, {
          status: "scheduled",
          channel_id: result.channel,
          detail: `posted_late:${result.ts}`,
        });
        report.posted++;
        return false;
      case "waiting":
        return false;
      case "skipped":
        await markStep(ctx, row, {
          status: result.reason === "muted" ? "cancelled" : "skipped",
          detail: result.reason,
        });
        report.skipped++;
        return false;
      case "unmatched":
        notes.push(unmatchedActivity(event));
        await markStep(ctx, row, { status: "skipped", detail: "unmatched" });
        report.skipped++;
        return false;
      case "restricted":
        notes.push(scheduleFailed(row, event, "restricted_too_many"));
        await markStep(ctx, row, { channel_id: result.channel, detail: "restricted_too_many" });
        report.failed++;
        return false;
    }
  } catch (err) {
    const code = errorCode(err);
    report.failed++;
    if (code === "user_not_found" || code === "user_disabled" || code === "cannot_dm_bot") {
      notes.push(
        unmatchedActivity(event, `belongs to a Slack account that cannot get DMs (${code})`),
      );
      await markStep(ctx, row, { status: "skipped", detail: code });
      return false;
    }
    ctx.log.error("step_schedule_failed", { step: row.id, code, error: err });
    notes.push(scheduleFailed(row, event, code));
    await markStep(ctx, row, { detail: `error:${code}` });
    return code === "ratelimited";
  }
}

function scheduleFailed(row: ScheduledStepRow, event: LearningEvent, code: string): ActivityInput {
  return {
    kind: "error",
    source: "learning",
    code,
    detail:
      `Cannot schedule path step ${event.id} yet: ${code}; it stays waiting and is tried again every hour`,
    context: { event: event.id, step: row.id },
    remediation: "schedule_failed",
    id: `schedule_failed:${row.id}`,
  };
}
