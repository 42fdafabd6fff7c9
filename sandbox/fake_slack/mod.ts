/** The fake Slack's public surface for tests, the workflow engine and the sandbox. */
export { DEFAULT_STALE_READ_MS, FakeSlack, type FakeSlackOptions, type FaultRule } from "./fake.ts";
export { Clock } from "./clock.ts";
export { seededRandom } from "./random.ts";
export { type RateLimitConfig, type RateLimitPatch, SLACK_RATE_LIMITS } from "./rate_limits.ts";
export { CONTROL_ENDPOINTS, type Seed, seed } from "./control.ts";
export { postDueScheduledMessages } from "./methods/chat.ts";
export type * from "./model.ts";
