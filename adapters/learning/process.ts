/** Delivers learning outbox rows (L1-L7). Placeholder until the learning notifications land. */
import type { LaneProcessor } from "../drain.ts";

export const learningProcessor: LaneProcessor = {
  queueKey: (row) => row.subject,
  process() {
    return Promise.resolve({ kind: "retry", error: "learning_not_implemented" });
  },
};
