/** Accepts a webinar platform's webhook request (docs/events.md). */
import { DefineFunction } from "deno-slack-sdk/functions/definitions/slack-function.ts";
import { WEBHOOK_INPUT_PARAMETERS, WEBHOOK_OUTPUT_PARAMETERS } from "../parameters.ts";

export const INGEST_WEBINAR_EVENTS_ID = "ingest_webinar_events";

export const IngestWebinarEventsFunction = DefineFunction({
  callback_id: INGEST_WEBINAR_EVENTS_ID,
  title: "Receive webinar events",
  description: "Checks, records and delivers events sent by the webinar platform",
  source_file: "functions/ingest_webinar_events/handler.ts",
  input_parameters: WEBHOOK_INPUT_PARAMETERS,
  output_parameters: WEBHOOK_OUTPUT_PARAMETERS,
});
