import { SlackFunction } from "deno-slack-sdk/functions/slack-function.ts";
import { runModalStep } from "../../adapters/modal.ts";
import { OPEN_HEALTH_OVERVIEW_ID, OpenHealthOverviewFunction } from "./definition.ts";
import { onHealthClosed, onRefresh, onRetryNow, openHealthOverview } from "./interactions.ts";
import { HEALTH_REFRESH_ACTION, HEALTH_RETRY_ACTION, HEALTH_VIEW } from "./views.ts";

export default SlackFunction(
  OpenHealthOverviewFunction,
  ({ inputs, client, env }) =>
    runModalStep(
      { step: OPEN_HEALTH_OVERVIEW_ID, client, env },
      (ctx) => openHealthOverview(ctx, inputs),
    ),
)
  .addBlockActionsHandler(HEALTH_REFRESH_ACTION, onRefresh)
  .addBlockActionsHandler(HEALTH_RETRY_ACTION, onRetryNow)
  .addViewClosedHandler(HEALTH_VIEW, onHealthClosed);
