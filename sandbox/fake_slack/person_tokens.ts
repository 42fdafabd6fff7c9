/**
 * What a person's token may not do, as on Slack, although the fake lets person tokens (`xoxp-`,
 * from /_control/token and the page) skip scope checks elsewhere: read or write an app's
 * datastores. Slack takes a user token there only with the app's `app_id` and the datastore scopes,
 * which a workspace member's token does not carry (only the app's collaborators, through the CLI).
 */
import type { AppInstall, TokenInfo } from "./model.ts";

/** The body of Slack's refusal, or null when the call may go on. */
export function personTokenRefusal(
  method: string,
  args: Record<string, unknown>,
  token: TokenInfo,
  app: AppInstall | null,
  neededScopes: string[],
): Record<string, unknown> | null {
  if (token.kind !== "user" || !method.startsWith("apps.datastore.")) return null;
  if (typeof args.app_id !== "string" || args.app_id === "") {
    return {
      error: "invalid_arguments",
      response_metadata: {
        messages: [
          "[ERROR] app_id is required when calling with a user token [json-pointer:/app_id]",
        ],
      },
    };
  }
  if (args.app_id !== app?.app_id) return { error: "invalid_app_id" };
  const held = token.scopes.filter((s) => s !== "*");
  if (neededScopes.some((s) => held.includes(s))) return null;
  return { error: "missing_scope", needed: neededScopes.join(","), provided: held.join(",") };
}
