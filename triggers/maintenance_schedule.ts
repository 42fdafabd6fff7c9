/** Hourly upkeep (delivers what waits, schedules path steps entering Slack's 120-day window). Create with: slack trigger create --trigger-def triggers/maintenance_schedule.ts */
import type { Trigger } from "deno-slack-sdk/types.ts";
import { TriggerTypes } from "deno-slack-api/mod.ts";
import MaintenanceWorkflow from "../workflows/maintenance.ts";

const trigger: Trigger<typeof MaintenanceWorkflow.definition> = {
  type: TriggerTypes.Scheduled,
  name: "Session Bridge: hourly upkeep",
  workflow: `#/workflows/${MaintenanceWorkflow.definition.callback_id}`,
  inputs: {},
  schedule: {
    // Slack needs a start time in the future: the next minute after the trigger is created.
    start_time: new Date(Date.now() + 60_000).toISOString(),
    frequency: { type: "hourly", repeats_every: 1 },
  },
};

export default trigger;
