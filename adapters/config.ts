/**
 * The app's configuration, read once per invocation from the handler's `env` (set with
 * `slack env add`; never Deno.env, which hosted functions cannot read).
 */
export type Config = {
  webinarEventSecret: string;
  learningEventSecret: string;
  webinarApiUrl: string | null;
  webinarApiToken: string;
  webinarApiSigningSecret: string;
  logLevel: "debug" | "info";
};

export function readConfig(env: Record<string, string | undefined>): Config {
  const apiUrl = env.WEBINAR_API_URL?.trim();
  return {
    webinarEventSecret: env.WEBINAR_EVENT_SECRET ?? "",
    learningEventSecret: env.LEARNING_EVENT_SECRET ?? "",
    webinarApiUrl: apiUrl ? apiUrl.replace(/\/+$/, "") : null,
    webinarApiToken: env.WEBINAR_API_TOKEN ?? "",
    webinarApiSigningSecret: env.WEBINAR_API_SIGNING_SECRET ?? env.WEBINAR_EVENT_SECRET ?? "",
    logLevel: env.LOG_LEVEL === "debug" ? "debug" : "info",
  };
}
