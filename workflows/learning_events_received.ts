/** A learning platform sent events to the webhook trigger. */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { IngestLearningEventsFunction } from "../functions/ingest_learning_events/definition.ts";

const LearningEventsReceivedWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.learningEvents,
  title: "Learning events received",
  description: "A learning platform sent events to the webhook trigger.",
  input_parameters: {
    properties: {
      secret: { type: Schema.types.string },
      events: { type: Schema.types.array, items: { type: Schema.types.object } },
    },
    required: [],
  },
});

LearningEventsReceivedWorkflow.addStep(IngestLearningEventsFunction, {
  secret: LearningEventsReceivedWorkflow.inputs.secret,
  events: LearningEventsReceivedWorkflow.inputs.events,
});

export default LearningEventsReceivedWorkflow;
