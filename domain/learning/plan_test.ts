import assert from "node:assert/strict";
import { DEFAULT_SETTINGS, type NotificationType, type Settings } from "../settings.ts";
import { type LearningEvent, parseLearningEvent } from "./event.ts";
import { BLOCKS } from "./messages.ts";
import {
  type Learner,
  learningGate,
  planLearningEvent,
  SCHEDULE_LIMIT_MS,
  SCHEDULE_WINDOW_MS,
} from "./plan.ts";

const NOW = Date.parse("2026-11-20T10:00:00Z");
const DAY = 86_400_000;

function event(type: NotificationType, sendAt?: number): LearningEvent {
  const parsed = parseLearningEvent({
    id: "lrn_1",
    type,
    learner: { email: "lea@example.com" },
    notification: { title: "Step 2" },
    session: {
      title: "Negotiation basics",
      url: "https://learning.example/sessions/s_1",
      starts_at: "2026-12-01T09:00:00Z",
      ends_at: "2026-12-01T11:30:00Z",
    },
    group: { name: "Acme Academy", logo_url: "https://learning.example/logo.png" },
    ...(sendAt === undefined ? {} : { send_at: new Date(sendAt).toISOString() }),
  });
  if (parsed.kind !== "valid") throw new Error(`fixture is not valid: ${JSON.stringify(parsed)}`);
  return parsed.event;
}

const LEA: Learner = { userId: "U1", slackLocale: "fr-FR", isBot: false, muted: [] };

function plan(
  e: LearningEvent,
  options: { settings?: Partial<Settings>; learner?: Learner | null; now?: number } = {},
) {
  return planLearningEvent(e, {
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
    learner: options.learner === undefined ? LEA : options.learner,
    now: options.now ?? NOW,
    preferencesUrl: null,
  });
}

Deno.test("learningGate() stops everything while learning is off, and each disabled type", () => {
  assert.equal(learningGate("session_assignment", DEFAULT_SETTINGS), null);
  assert.equal(
    learningGate("session_assignment", { ...DEFAULT_SETTINGS, learningEnabled: false }),
    "learning_off",
  );
  const enabledTypes = { ...DEFAULT_SETTINGS.enabledTypes, session_information: false };
  assert.equal(
    learningGate("session_information", { ...DEFAULT_SETTINGS, enabledTypes }),
    "type_disabled",
  );
  assert.equal(learningGate("session_assignment", { ...DEFAULT_SETTINGS, enabledTypes }), null);
});

Deno.test("planLearningEvent() sends nothing while inactive or for a disabled type", () => {
  assert.deepEqual(plan(event("session_assignment"), { settings: { learningEnabled: false } }), {
    kind: "skip",
    reason: "learning_off",
  });
  const enabledTypes = { ...DEFAULT_SETTINGS.enabledTypes, path_step: false };
  assert.deepEqual(plan(event("path_step", NOW + DAY), { settings: { enabledTypes } }), {
    kind: "skip",
    reason: "type_disabled",
  });
});

Deno.test("planLearningEvent() reports an unmatched learner (or a bot) as unmatched", () => {
  assert.deepEqual(plan(event("session_assignment"), { learner: null }), { kind: "unmatched" });
  assert.deepEqual(plan(event("session_assignment"), { learner: { ...LEA, isBot: true } }), {
    kind: "unmatched",
  });
});

Deno.test("planLearningEvent() honours a muted type and only that type", () => {
  const learner = { ...LEA, muted: ["session_information" as const] };
  assert.deepEqual(plan(event("session_information"), { learner }), {
    kind: "skip",
    reason: "muted",
  });
  const invitation = plan(event("session_assignment"), { learner });
  assert.equal(invitation.kind, "dm");
});

Deno.test("planLearningEvent() DMs an invitation as the group, in the learner's language", () => {
  const p = plan(event("session_assignment"));
  assert.equal(p.kind, "dm");
  if (p.kind !== "dm") return;
  assert.equal(p.userId, "U1");
  assert.equal(p.locale, "fr");
  assert.equal(p.late, false);
  assert.deepEqual(p.sender, {
    username: "Acme Academy",
    iconUrl: "https://learning.example/logo.png",
  });
  assert.equal(p.message.blocks.some((b) => b.block_id === BLOCKS.identity), false);
  const en = plan(event("session_assignment"), { learner: { ...LEA, slackLocale: null } });
  assert.equal(en.kind === "dm" && en.locale, "en");
});

Deno.test("planLearningEvent() schedules a path step within Slack's window, naming the group inline", () => {
  const at = NOW + 2 * DAY;
  const p = plan(event("path_step", at));
  assert.equal(p.kind, "schedule");
  if (p.kind !== "schedule") return;
  assert.equal(p.postAt, at);
  assert.equal(p.message.blocks[0]?.block_id, BLOCKS.identity);
});

Deno.test("planLearningEvent() keeps a path step beyond 120 days waiting", () => {
  const far = NOW + 200 * DAY;
  assert.deepEqual(plan(event("path_step", far)), { kind: "wait", userId: "U1", postAt: far });
  assert.equal(plan(event("path_step", NOW + SCHEDULE_WINDOW_MS)).kind, "schedule");
  assert.equal(plan(event("path_step", NOW + SCHEDULE_LIMIT_MS)).kind, "wait");
  // Once the clock reaches it, the same step is scheduled.
  assert.equal(plan(event("path_step", far), { now: far - 100 * DAY }).kind, "schedule");
});

Deno.test("planLearningEvent() posts a path step at once when its time has come", () => {
  const p = plan(event("path_step", NOW + 5_000));
  assert.equal(p.kind, "dm");
  assert.equal(p.kind === "dm" && p.late, true);
  assert.equal(plan(event("path_step", NOW - DAY)).kind, "dm");
});

Deno.test("planLearningEvent() does not schedule a path step for a learner who muted them", () => {
  const learner = { ...LEA, muted: ["path_step" as const] };
  assert.deepEqual(plan(event("path_step", NOW + 200 * DAY), { learner }), {
    kind: "skip",
    reason: "muted",
  });
});
