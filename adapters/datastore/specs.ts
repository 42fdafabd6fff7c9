/**
 * Each datastore with its row schema, key and TTL attribute, for records.ts. The definitions in
 * datastores/ are the manifest's alone: each is built in an arrow function called with a pure mark,
 * so a function's bundle, which reads only the row schema beside it, leaves the definition out (a
 * pure mark on the DefineDatastore call itself is not enough: the bundler keeps its arguments, which
 * read SchemaTypes). For the same reason the names are spelled out here, not read from the
 * definitions; manifest_test.ts checks each against the manifest.
 */
import { ActivityRow } from "../../datastores/activity.ts";
import { LedgerRow } from "../../datastores/ledger.ts";
import { OutboxRow } from "../../datastores/outbox.ts";
import { ScheduledStepRow } from "../../datastores/scheduled_steps.ts";
import { SettingsRow } from "../../datastores/settings.ts";
import { WebinarRow } from "../../datastores/webinars.ts";
import type { StoreSpec } from "./records.ts";

export const SETTINGS: StoreSpec<SettingsRow> = {
  name: "settings",
  schema: SettingsRow,
  key: "id",
};
export const WEBINARS: StoreSpec<WebinarRow> = {
  name: "webinars",
  schema: WebinarRow,
  key: "id",
};
export const OUTBOX: StoreSpec<OutboxRow> = {
  name: "outbox",
  schema: OutboxRow,
  key: "id",
  ttl: "expires_at",
};
export const LEDGER: StoreSpec<LedgerRow> = {
  name: "ledger",
  schema: LedgerRow,
  key: "id",
  ttl: "expires_at",
};
export const ACTIVITY: StoreSpec<ActivityRow> = {
  name: "activity_log",
  schema: ActivityRow,
  key: "id",
  ttl: "expires_at",
};
export const STEPS: StoreSpec<ScheduledStepRow> = {
  name: "scheduled_steps",
  schema: ScheduledStepRow,
  key: "id",
  ttl: "expires_at",
};
