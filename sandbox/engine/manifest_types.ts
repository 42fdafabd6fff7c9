/** The parts of the manifest (as `Manifest()` returns it, before the CLI drops `source_file`) the engine reads. */
export type ParameterDef = {
  type: string;
  items?: ParameterDef;
  properties?: Record<string, ParameterDef>;
  required?: string[];
  enum?: unknown[];
};
export type Parameters = { properties: Record<string, ParameterDef>; required?: string[] };

export type FunctionDef = {
  title: string;
  source_file: string;
  input_parameters: Parameters;
  output_parameters: Parameters;
};

export type StepDef = { id: string; function_id: string; inputs: Record<string, unknown> };

export type WorkflowDef = { title: string; input_parameters?: Parameters; steps: StepDef[] };

export type AppManifest = {
  display_information: { name: string; description?: string };
  icon?: string;
  oauth_config?: { scopes?: { bot?: string[] } };
  functions?: Record<string, FunctionDef>;
  workflows?: Record<string, WorkflowDef>;
  datastores?: Record<
    string,
    {
      primary_key: string;
      attributes: Record<string, { type: string }>;
      time_to_live_attribute?: string;
    }
  >;
  outgoing_domains?: string[];
  features?: Record<string, unknown>;
  [key: string]: unknown;
};

/** The manifest as Slack receives it: the get-manifest hook drops each `source_file`; the CLI sends no `icon`. */
export function asSlackReceivesIt(manifest: AppManifest): Record<string, unknown> {
  // Through JSON, as the hook sends it: some SDK values (custom types) are objects with toJSON().
  const copy = JSON.parse(JSON.stringify(manifest)) as Record<string, unknown> & AppManifest;
  delete copy.icon;
  for (const fn of Object.values(copy.functions ?? {})) {
    delete (fn as Partial<FunctionDef>).source_file;
  }
  return copy;
}

/**
 * Slack's public manifest schema (2.0.0) predates `time_to_live_attribute`, which the SDK emits
 * since deno-slack-sdk PR #278 and Slack accepts: exactly that field is set aside before a manifest
 * is checked against the schema.
 */
export function withoutTtl(received: Record<string, unknown>): Record<string, unknown> {
  const datastores = received.datastores as Record<string, Record<string, unknown>> | undefined;
  if (!datastores) return received;
  return {
    ...received,
    datastores: Object.fromEntries(
      Object.entries(datastores).map(([name, { time_to_live_attribute: _ttl, ...rest }]) => [
        name,
        rest,
      ]),
    ),
  };
}
