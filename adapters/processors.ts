/** Which processor delivers each outbox lane. */
import type { Processors } from "./delivery.ts";
import { learningProcessor } from "./learning/process.ts";
import { webinarProcessor } from "./webinar/process.ts";

export const PROCESSORS: Processors = {
  webinar: webinarProcessor,
  learning: learningProcessor,
};
