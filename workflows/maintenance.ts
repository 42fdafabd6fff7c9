/** Hourly upkeep: deliver what waits, schedule path steps entering the window. */
import { DefineWorkflow } from "deno-slack-sdk/mod.ts";
import { WORKFLOWS } from "../domain/app_ids.ts";
import { RunMaintenanceFunction } from "../functions/run_maintenance/definition.ts";

const MaintenanceWorkflow = DefineWorkflow({
  callback_id: WORKFLOWS.maintenance,
  title: "Session Bridge upkeep",
  description: "Hourly upkeep: deliver what waits, schedule path steps entering the window.",
  input_parameters: {
    properties: {},
    required: [],
  },
});

MaintenanceWorkflow.addStep(RunMaintenanceFunction, {});

export default MaintenanceWorkflow;
