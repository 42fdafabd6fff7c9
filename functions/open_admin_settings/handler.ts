import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { runModalStep } from "../../adapters/modal.ts";
import { OPEN_ADMIN_SETTINGS_ID, OpenAdminSettingsFunction } from "./definition.ts";
import {
  onPrefixTyped,
  onSettingsClosed,
  onSettingsSubmitted,
  openAdminSettings,
} from "./interactions.ts";
import { SETTINGS_ACTIONS, SETTINGS_VIEW } from "./views.ts";

export default SlackFunction(
  OpenAdminSettingsFunction,
  ({ inputs, client, env }) =>
    runModalStep(
      { step: OPEN_ADMIN_SETTINGS_ID, client, env },
      (ctx) => openAdminSettings(ctx, inputs),
    ),
)
  .addBlockActionsHandler(SETTINGS_ACTIONS.prefix, onPrefixTyped)
  .addViewSubmissionHandler(SETTINGS_VIEW, onSettingsSubmitted)
  .addViewClosedHandler(SETTINGS_VIEW, onSettingsClosed);
