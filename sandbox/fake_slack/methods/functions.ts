import { SlackApiError } from "../errors.ts";
import type { Execution } from "../model.ts";
import { type CallContext, type MethodTable, str } from "../spec.ts";

async function runningExecution(ctx: CallContext, id: string): Promise<Execution> {
  const e = await ctx.workspace.records.execution(id);
  if (!e) throw new SlackApiError("function_execution_not_found");
  if (e.status !== "running") throw new SlackApiError("execution_not_in_running_state");
  return e;
}

export const functionMethods: MethodTable = {
  "functions.completeSuccess": {
    tier: 3,
    args: {
      function_execution_id: { type: "string", required: true },
      outputs: { type: "json", required: true },
    },
    async handler(ctx, args) {
      const e = await runningExecution(ctx, str(args, "function_execution_id")!);
      const outputs = args.outputs;
      if (typeof outputs !== "object" || outputs === null || Array.isArray(outputs)) {
        throw new SlackApiError("parameter_validation_failed", {
          errors: [{ code: "invalid_outputs", message: "outputs must be an object" }],
        });
      }
      const required = ctx.workspace.requiredOutputs(e.function_callback_id);
      const missing = required.filter((k) => !(k in outputs));
      if (missing.length > 0) {
        throw new SlackApiError("parameter_validation_failed", {
          errors: missing.map((k) => ({
            code: "missing_required_field",
            message: `required output "${k}" is missing`,
            pointer: `/outputs/${k}`,
          })),
        });
      }
      const done: Execution = {
        ...e,
        status: "completed",
        outputs: outputs as Record<string, unknown>,
        ended_at: ctx.workspace.clock.now(),
      };
      await ctx.workspace.records.setExecution(done);
      await ctx.workspace.revokeExecutionTokens(e.id);
      ctx.workspace.emit("execution_completed", { execution_id: e.id, outputs: done.outputs! });
      return {};
    },
  },

  "functions.completeError": {
    tier: 3,
    args: {
      function_execution_id: { type: "string", required: true },
      error: { type: "string", required: true },
    },
    async handler(ctx, args) {
      const e = await runningExecution(ctx, str(args, "function_execution_id")!);
      const error = str(args, "error")!;
      await ctx.workspace.records.setExecution({
        ...e,
        status: "failed",
        error,
        ended_at: ctx.workspace.clock.now(),
      });
      await ctx.workspace.revokeExecutionTokens(e.id);
      ctx.workspace.emit("execution_completed", { execution_id: e.id, error });
      return {};
    },
  },
};
