/** Which processor delivers each outbox lane. */
import type { LaneProcessor } from "./drain.ts";
import { learningProcessor } from "./learning/process.ts";
import type { Lane } from "./outbox.ts";
import { webinarProcessor } from "./webinar/process.ts";

export const PROCESSORS: Record<Lane, LaneProcessor> = {
  webinar: webinarProcessor,
  learning: learningProcessor,
};
