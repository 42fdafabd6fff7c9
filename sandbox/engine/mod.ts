/** The workflow engine's public surface. */
export {
  Engine,
  type EngineOptions,
  type InteractionResult,
  jsonDepth,
  WEBHOOK_LIMITS,
  type WorkflowRun,
} from "./engine.ts";
export { type AppManifest, asSlackReceivesIt } from "./manifest_types.ts";
export type { LogLine } from "./invoker.ts";
