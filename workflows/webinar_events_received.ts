/** A webinar platform sent events to the webhook trigger. */
import { DefineWorkflow, Schema } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { IngestWebinarEventsFunction } from "../functions/ingest_webinar_events/definition.ts";

const WebinarEventsReceivedWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.webinarEvents,
  title: "Webinar events received",
  description: "A webinar platform sent events to the webhook trigger.",
  input_parameters: {
    properties: {
      secret: { type: Schema.types.string },
      events: { type: Schema.types.array, items: { type: Schema.types.object } },
    },
    required: [],
  },
});

WebinarEventsReceivedWorkflow.addStep(IngestWebinarEventsFunction, {
  secret: WebinarEventsReceivedWorkflow.inputs.secret,
  events: WebinarEventsReceivedWorkflow.inputs.events,
});

export default WebinarEventsReceivedWorkflow;
