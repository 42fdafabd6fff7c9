/** How learning webhook requests are read (P1, P2, P3): the learning lane's IngestSpec. */
import {
  checkLearningEvent,
  learnerSubject,
  type LearningEvent,
  learningEventTime,
  MAX_EVENTS_PER_REQUEST,
  parseLearningEvent,
} from "../../domain/learning/event.ts";
import type { IngestSpec } from "../ingest.ts";
import { learningProcessor } from "./process.ts";

export function learningIngestSpec(secret: string, now = Date.now()): IngestSpec<LearningEvent> {
  return {
    lane: "learning",
    processor: learningProcessor,
    secret,
    secretName: "LEARNING_EVENT_SECRET",
    maxEvents: MAX_EVENTS_PER_REQUEST,
    parse: parseLearningEvent,
    check: checkLearningEvent,
    describe: (event) => ({
      eventId: event.id,
      occurredAt: learningEventTime(event, now),
      subject: learnerSubject(event.learner.email),
    }),
  };
}
