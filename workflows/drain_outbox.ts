/** Continue delivering queued events (the app starts it through its own webhook). */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { DrainOutboxFunction } from "../functions/drain_outbox/definition.ts";

const DrainOutboxWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.drainOutbox,
  title: "Deliver queued events",
  description: "Continue delivering queued events (the app starts it through its own webhook).",
  input_parameters: {
    properties: { reason: { type: Schema.types.string } },
    required: [],
  },
});

DrainOutboxWorkflow.addStep(DrainOutboxFunction, {
  reason: DrainOutboxWorkflow.inputs.reason,
});

export default DrainOutboxWorkflow;
