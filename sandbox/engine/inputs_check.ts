/** Checks workflow and function inputs against their declared parameter types, as Slack does before a run. */
import type { ParameterDef, Parameters } from "./manifest_types.ts";

function matches(def: ParameterDef, v: unknown): boolean {
  switch (def.type) {
    case "string":
    case "slack#/types/user_id":
    case "slack#/types/channel_id":
    case "slack#/types/usergroup_id":
    case "slack#/types/date":
    case "slack#/types/message_ts":
      return typeof v === "string";
    case "integer":
      return Number.isInteger(v);
    case "number":
    case "slack#/types/timestamp":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "array":
      return Array.isArray(v) && (!def.items || v.every((x) => matches(def.items!, x)));
    case "object":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "slack#/types/interactivity":
      return typeof v === "object" && v !== null && "interactivity_pointer" in v;
    default:
      return true;
  }
}

/** Returns problems (empty when valid) and the inputs with undefined values dropped. */
export function checkInputs(params: Parameters | undefined, values: Record<string, unknown>): {
  problems: string[];
  inputs: Record<string, unknown>;
} {
  const problems: string[] = [];
  const inputs: Record<string, unknown> = {};
  const props = params?.properties ?? {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined || v === null) continue;
    const def = props[name];
    if (!def) continue;
    if (!matches(def, v)) {
      problems.push(
        `input "${name}" must be of type ${def.type}${def.items ? ` of ${def.items.type}` : ""}`,
      );
    } else inputs[name] = v;
  }
  for (const name of params?.required ?? []) {
    if (inputs[name] === undefined && !problems.some((p) => p.includes(`"${name}"`))) {
      problems.push(`required input "${name}" is missing`);
    }
  }
  return { problems, inputs };
}
