/**
 * The fake Slack's public surface: the only door the workflow engine, the page, the simulators and
 * tests use (sandbox/structure_test.ts checks it).
 */
export { DEFAULT_STALE_READ_MS, FakeSlack, type FakeSlackOptions } from "./fake.ts";
export type { FaultRule } from "./faults.ts";
export { Clock, type ClockReading } from "./clock.ts";
export { seededRandom } from "./random.ts";
export { slackId } from "./ids.ts";
export { invalidArguments, SlackApiError } from "./errors.ts";
export { checkBlocks, checkView } from "./blocks.ts";
export { type RateLimitConfig, type RateLimitPatch, SLACK_RATE_LIMITS } from "./rate_limits.ts";
export { CONTROL_ENDPOINTS, type Seed, seed } from "./control.ts";
export { postDueScheduledMessages } from "./methods/chat.ts";
export { viewResponse } from "./methods/views.ts";
export { Workspace, type WorkspaceEvents } from "./workspace.ts";
export type { Records, SandboxSetting, SimulatorRecords, Team } from "./storage/mod.ts";
export { withSlack } from "./test_helpers.ts";
export type * from "./model.ts";
