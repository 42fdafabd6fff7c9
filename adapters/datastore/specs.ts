/** Each datastore with its row schema, key and TTL attribute, for records.ts. */
import ActivityDatastore, { ActivityRow } from "../../datastores/activity.ts";
import AppStateDatastore, { AppStateRow } from "../../datastores/app_state.ts";
import DeliveriesDatastore, { DeliveryRow } from "../../datastores/deliveries.ts";
import OutboxDatastore, { OutboxRow } from "../../datastores/outbox.ts";
import PeopleDatastore, { PersonRow } from "../../datastores/people.ts";
import PreferencesDatastore, { PreferencesRow } from "../../datastores/preferences.ts";
import ScheduledStepsDatastore, { ScheduledStepRow } from "../../datastores/scheduled_steps.ts";
import SettingsDatastore, { SettingsRow } from "../../datastores/settings.ts";
import ThreadsDatastore, { ThreadRow } from "../../datastores/threads.ts";
import WebinarsDatastore, { WebinarRow } from "../../datastores/webinars.ts";
import type { StoreSpec } from "./records.ts";

export const SETTINGS: StoreSpec<SettingsRow> = {
  name: SettingsDatastore.name,
  schema: SettingsRow,
  key: "id",
};
export const THREADS: StoreSpec<ThreadRow> = {
  name: ThreadsDatastore.name,
  schema: ThreadRow,
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
export const DELIVERIES: StoreSpec<DeliveryRow> = {
  name: DeliveriesDatastore.name,
  schema: DeliveryRow,
  key: "id",
  ttl: "expires_at",
};
export const ACTIVITY: StoreSpec<ActivityRow> = {
  name: ActivityDatastore.name,
  schema: ActivityRow,
  key: "id",
  ttl: "expires_at",
};
export const PREFERENCES: StoreSpec<PreferencesRow> = {
  name: PreferencesDatastore.name,
  schema: PreferencesRow,
  key: "user_id",
};
export const PEOPLE: StoreSpec<PersonRow> = {
  name: PeopleDatastore.name,
  schema: PersonRow,
  key: "id",
  ttl: "expires_at",
};
export const STEPS: StoreSpec<ScheduledStepRow> = {
  name: ScheduledStepsDatastore.name,
  schema: ScheduledStepRow,
  key: "id",
  ttl: "expires_at",
};
export const APP_STATE: StoreSpec<AppStateRow> = {
  name: AppStateDatastore.name,
  schema: AppStateRow,
  key: "id",
};
