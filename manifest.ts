/** Session Bridge's app manifest: what Slack installs with `slack deploy`. */
import { Manifest } from "deno-slack-sdk/mod.ts";
import ActivityDatastore from "./datastores/activity.ts";
import LedgerDatastore from "./datastores/ledger.ts";
import OutboxDatastore from "./datastores/outbox.ts";
import ScheduledStepsDatastore from "./datastores/scheduled_steps.ts";
import SettingsDatastore from "./datastores/settings.ts";
import WebinarsDatastore from "./datastores/webinars.ts";
import ConfigureWorkflow from "./workflows/configure.ts";
import DrainOutboxWorkflow from "./workflows/drain_outbox.ts";
import LearningEventsReceivedWorkflow from "./workflows/learning_events_received.ts";
import MaintenanceWorkflow from "./workflows/maintenance.ts";
import ModeratorRepliedWorkflow from "./workflows/moderator_replied.ts";
import MyLearningNotificationsWorkflow from "./workflows/my_learning_notifications.ts";
import HealthWorkflow from "./workflows/session_bridge_health.ts";
import WebinarEventsReceivedWorkflow from "./workflows/webinar_events_received.ts";

/**
 * The webinar platform's API host (replies go there). Set it when deploying:
 * `WEBINAR_API_DOMAIN=api.example-webinars.com slack deploy` (a host name only: no scheme or path).
 */
export function outgoingDomains(webinarApiDomain: string | undefined): string[] {
  const domains = ["hooks.slack.com"]; // the app starts its own drain workflow through a webhook trigger
  const host = webinarApiDomain?.trim().toLowerCase();
  if (host) domains.push(host);
  return domains;
}

function readWebinarApiDomain(): string | undefined {
  try {
    return Deno.env.get("WEBINAR_API_DOMAIN");
  } catch {
    return undefined; // no env access: the manifest is still valid, replies then need the domain added
  }
}

export default Manifest({
  name: "Session Bridge",
  description: "Webinar attendees and learning notifications, in Slack",
  longDescription:
    "Session Bridge brings a webinar platform and a learning platform into Slack. Moderators see each attendee arrive in a thread and answer from Slack; learners get their learning-path invitations and session news as DMs.",
  backgroundColor: "#116e73",
  icon: "assets/icon.png",
  workflows: [
    WebinarEventsReceivedWorkflow,
    LearningEventsReceivedWorkflow,
    ModeratorRepliedWorkflow,
    DrainOutboxWorkflow,
    MaintenanceWorkflow,
    ConfigureWorkflow,
    HealthWorkflow,
    MyLearningNotificationsWorkflow,
  ],
  datastores: [
    SettingsDatastore,
    OutboxDatastore,
    LedgerDatastore,
    WebinarsDatastore,
    ActivityDatastore,
    ScheduledStepsDatastore,
  ],
  outgoingDomains: outgoingDomains(readWebinarApiDomain()),
  features: { appHome: { messagesTabEnabled: true, messagesTabReadOnlyEnabled: true } },
  botScopes: [
    "chat:write", // attendee threads, learner DMs, scheduled path-step messages
    "chat:write.customize", // learner DMs show the learning platform group's name and logo (L3)
    "channels:read", // conversations.info / list: check the configured channel, find a channel by name
    "channels:join", // join the configured public channel by itself before asking an admin (W9)
    "channels:manage", // create a channel per webinar and invite its moderators (W6)
    "channels:history", // hear thread replies (message_posted) and check an unconfirmed post landed
    "groups:read", // the configured channel may be private
    "groups:history", // thread replies in a private configured channel
    "im:write", // open the DM a path-step message is scheduled in (L6)
    "im:history", // check an unconfirmed DM landed before sending it again
    "users:read", // who replied (W7), learners' locales (P4), admin checks (W10)
    "users:read.email", // match learners and moderators by email (L2, W6, W7)
    "reactions:write", // mark each relayed reply: chat, email or failed (W3)
    "triggers:write", // reply listeners' channels; the drain's continuation webhook and watchdog
    "triggers:read", // the health overview compares listened channels with the ones in use
    "datastore:read", // settings, outbox, ledger, activity log...
    "datastore:write",
  ],
});
