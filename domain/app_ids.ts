/**
 * Callback ids the app refers to at run time (triggers it creates itself). Workflows use the same
 * constants, so a rename cannot leave a runtime-created trigger pointing nowhere.
 */
export const WORKFLOWS = {
  webinarEvents: "webinar_events_received",
  learningEvents: "learning_events_received",
  moderatorReplied: "moderator_replied",
  drainOutbox: "drain_outbox",
  maintenance: "maintenance",
  configure: "configure_session_bridge",
  health: "session_bridge_health",
  learnerPreferences: "my_learning_notifications",
} as const;

export const workflowRef = (callbackId: string): string => `#/workflows/${callbackId}`;
