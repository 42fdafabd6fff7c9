/**
 * Runs a function's main handler body: builds its context, and turns any exception into
 * `{ error }` (the runtime does not call completeError for a throw; PLATFORM.md 3.2).
 */
import { type AppContext, type Client, createContext } from "./context.ts";
import { SlackCallError } from "./slack/client.ts";

export type StepResult<O> = { outputs: O } | { error: string };

export async function runStep<O>(
  options: { step: string; client: Client; env: Record<string, string | undefined>; ref?: string },
  body: (ctx: AppContext) => Promise<O>,
): Promise<StepResult<O>> {
  const ctx = createContext({ client: options.client, env: options.env, step: options.step });
  try {
    return { outputs: await body(ctx) };
  } catch (err) {
    const code = err instanceof SlackCallError
      ? err.code
      : err instanceof Error
      ? err.name
      : "error";
    ctx.log.error("step_failed", { code, error: err, ref: options.ref });
    return {
      error: `Cannot complete "${options.step}"${
        options.ref ? ` for "${options.ref}"` : ""
      }: ${code}`,
    };
  }
}
