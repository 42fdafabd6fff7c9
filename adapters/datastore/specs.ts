/**
 * Each datastore with its row schema, key and TTL attribute, for records.ts. The definitions in
 * datastores/ are the manifest's alone: each is built in an arrow function called with a pure mark,
 * so a function's bundle, which reads only the row schema beside it, leaves the definition out (a
 * pure mark on the DefineDatastore call itself is not enough: the bundler keeps its arguments, which
 * read SchemaTypes). For the same reason each name is read from its own constant, not from
 * the definition.
 */
import { ACTIVITY_DATASTORE, ActivityRow } from "../../datastores/activity.ts";
import { LEDGER_DATASTORE, LedgerRow } from "../../datastores/ledger.ts";
import { OUTBOX_DATASTORE, OutboxRow } from "../../datastores/outbox.ts";
import { ScheduledStepRow, STEPS_DATASTORE } from "../../datastores/scheduled_steps.ts";
import { SETTINGS_DATASTORE, SettingsRow } from "../../datastores/settings.ts";
import { WebinarRow, WEBINARS_DATASTORE } from "../../datastores/webinars.ts";
import type { StoreSpec } from "./records.ts";

export const SETTINGS: StoreSpec<SettingsRow> = {
  name: SETTINGS_DATASTORE,
  schema: SettingsRow,
  key: "id",
};
export const WEBINARS: StoreSpec<WebinarRow> = {
  name: WEBINARS_DATASTORE,
  schema: WebinarRow,
  key: "id",
};
export const OUTBOX: StoreSpec<OutboxRow> = {
  name: OUTBOX_DATASTORE,
  schema: OutboxRow,
  key: "id",
  ttl: "expires_at",
};
export const LEDGER: StoreSpec<LedgerRow> = {
  name: LEDGER_DATASTORE,
  schema: LedgerRow,
  key: "id",
  ttl: "expires_at",
};
export const ACTIVITY: StoreSpec<ActivityRow> = {
  name: ACTIVITY_DATASTORE,
  schema: ActivityRow,
  key: "id",
  ttl: "expires_at",
};
export const STEPS: StoreSpec<ScheduledStepRow> = {
  name: STEPS_DATASTORE,
  schema: ScheduledStepRow,
  key: "id",
  ttl: "expires_at",
};
