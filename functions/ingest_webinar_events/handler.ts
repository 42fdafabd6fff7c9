import { mainHandler } from "../../adapters/main_handler.ts";
import { ingest } from "../../adapters/ingest.ts";
import { runStep } from "../../adapters/step.ts";
import { webinarProcessor, webinarSubject } from "../../adapters/webinar/process.ts";
import {
  eventTime,
  MAX_EVENTS_PER_REQUEST,
  parseWebinarEvent,
} from "../../domain/webinar/event.ts";
import type { IngestWebinarEventsFunction } from "./definition.ts";

export default mainHandler<typeof IngestWebinarEventsFunction>(({ inputs, client, env }) =>
  runStep({ step: "ingest_webinar_events", client, env }, (ctx) =>
    ingest(ctx, {
      lane: "webinar",
      processor: webinarProcessor,
      secret: ctx.config.webinarEventSecret,
      secretName: "WEBINAR_EVENT_SECRET",
      maxEvents: MAX_EVENTS_PER_REQUEST,
      parse: parseWebinarEvent,
      describe: (event) => ({
        eventId: event.id,
        occurredAt: eventTime(event),
        subject: webinarSubject(event.webinar.id, event.attendee.id),
      }),
    }, inputs))
);
