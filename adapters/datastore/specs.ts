/** Each datastore with its row schema, key and TTL attribute, for records.ts. */
import ActivityDatastore, { ActivityRow } from "../../datastores/activity.ts";
import LedgerDatastore, { LedgerRow } from "../../datastores/ledger.ts";
import OutboxDatastore, { OutboxRow } from "../../datastores/outbox.ts";
import ScheduledStepsDatastore, { ScheduledStepRow } from "../../datastores/scheduled_steps.ts";
import SettingsDatastore, { SettingsRow } from "../../datastores/settings.ts";
import WebinarsDatastore, { WebinarRow } from "../../datastores/webinars.ts";
import type { StoreSpec } from "./records.ts";

export const SETTINGS: StoreSpec<SettingsRow> = {
  name: SettingsDatastore.name,
  schema: SettingsRow,
  key: "id",
};
export const WEBINARS: StoreSpec<WebinarRow> = {
  name: WebinarsDatastore.name,
  schema: WebinarRow,
  key: "id",
};
export const OUTBOX: StoreSpec<OutboxRow> = {
  name: OutboxDatastore.name,
  schema: OutboxRow,
  key: "id",
  ttl: "expires_at",
};
export const LEDGER: StoreSpec<LedgerRow> = {
  name: LedgerDatastore.name,
  schema: LedgerRow,
  key: "id",
  ttl: "expires_at",
};
export const ACTIVITY: StoreSpec<ActivityRow> = {
  name: ActivityDatastore.name,
  schema: ActivityRow,
  key: "id",
  ttl: "expires_at",
};
export const STEPS: StoreSpec<ScheduledStepRow> = {
  name: ScheduledStepsDatastore.name,
  schema: ScheduledStepRow,
  key: "id",
  ttl: "expires_at",
};
