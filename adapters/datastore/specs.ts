/**
 * Each datastore with its row schema, key and TTL attribute, for records.ts. Names are spelled out,
 * not read from the definitions, so that a function's bundle leaves the definitions out (they are
 * the manifest's); manifest_test.ts checks each against the manifest.
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
