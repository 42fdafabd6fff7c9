/**
 * Runs a function's main handler body: builds its context, and turns any exception into
 * `{ error }` (the runtime does not call completeError for a throw; PLATFORM.md 3.2).
 */
import { type AppContext, type Client, createContext } from "./context.ts";
import { errorCode } from "./slack/client.ts";

export type StepOptions = {
  step: string;
  client: Client;
  env: Record<string, string | undefined>;
  ref?: string;
};

export type StepResult<O> = { outputs: O } | { error: string };

/** Runs `body` and returns what it returns, or `{ error }` with a short code if it throws. */
export async function guardStep<R>(
  options: StepOptions,
  body: (ctx: AppContext) => Promise<R>,
): Promise<R | { error: string }> {
  const ctx = createContext({ client: options.client, env: options.env, step: options.step });
  try {
    return await body(ctx);
  } catch (err) {
    const code = errorCode(err);
    ctx.log.error("step_failed", { code, error: err, ref: options.ref });
    const about = options.ref ? ` for "${options.ref}"` : "";
    return { error: `Cannot complete "${options.step}"${about}: ${code}` };
  }
}

/** A main handler that completes with outputs. */
export function runStep<O>(
  options: StepOptions,
  body: (ctx: AppContext) => Promise<O>,
): Promise<StepResult<O>> {
  return guardStep(options, async (ctx) => ({ outputs: await body(ctx) }));
}
