/**
 * What every piece of app I/O gets: the Slack client, configuration, a logger, the invocation's
 * time budget (Slack stops a function after 60 s; an interaction handler after 10 s) and an id for
 * this run (it names the outbox rows the run owns).
 */
import type { BaseSlackClient } from "deno-slack-api/types.ts";
import { type Config, readConfig } from "./config.ts";
import { createLogger, type Logger } from "./log.ts";
import type { MethodPace } from "./slack/pace.ts";

/**
 * Every call goes through `apiCall` (adapters/slack/client.ts), so the app needs only the base
 * client: SlackFunction's proxy client is one, and so is the plain one of adapters/main_handler.ts.
 */
export type Client = BaseSlackClient;

export class Budget {
  readonly #deadline: number;
  constructor(ms: number) {
    this.#deadline = Date.now() + ms;
  }
  remaining(): number {
    return this.#deadline - Date.now();
  }
  /** True while at least `ms` are left. */
  has(ms: number): boolean {
    return this.remaining() > ms;
  }
  /** When the budget runs out (epoch ms). */
  get endsAt(): number {
    return this.#deadline;
  }
}

export type AppContext = {
  client: Client;
  config: Config;
  log: Logger;
  /** When to stop starting new work. */
  budget: Budget;
  /** When Slack stops the function (less a second): for finishing what was started. */
  deadline: Budget;
  /** This invocation: a fresh id per run. */
  runId: string;
  /** When the invocation started (epoch ms). */
  startedAt: number;
  /** Set for a long-running caller (the drainer): keeps each method to half its tier. */
  pace?: MethodPace;
  sleep(ms: number): Promise<void>;
};

/** Slack's limits on one invocation. */
export const FUNCTION_LIMIT_MS = 60_000;
export const INTERACTION_LIMIT_MS = 10_000;

export function createContext(
  options: {
    client: Client;
    env: Record<string, string | undefined>;
    step: string;
    limitMs?: number;
    marginMs?: number;
  },
): AppContext {
  const config = readConfig(options.env);
  const limit = options.limitMs ?? FUNCTION_LIMIT_MS;
  // Stop starting new work well before Slack stops the function.
  const margin = options.marginMs ?? Math.min(12_000, limit / 4);
  return {
    client: options.client,
    config,
    log: createLogger(options.step, config.logLevel),
    budget: new Budget(limit - margin),
    deadline: new Budget(limit - 1_000),
    runId: crypto.randomUUID(),
    startedAt: Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
}

/** The same context, allowed to use the margin: for finishing what was started (a last write...). */
export function finishing<C extends Pick<AppContext, "budget" | "deadline">>(ctx: C): C {
  return { ...ctx, budget: ctx.deadline };
}
