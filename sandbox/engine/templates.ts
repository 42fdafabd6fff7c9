/**
 * Workflow template values: `{{data.x}}` in trigger inputs, `{{inputs.x}}` and `{{steps.N.y}}` in step
 * inputs. A string that is exactly one template keeps the value's type; templates inside longer
 * strings are interpolated as text, as Slack does.
 */
export type TemplateScope = Record<string, unknown>;

const ONE = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/;
const ANY = /\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g;

export function lookup(path: string, scope: TemplateScope): unknown {
  let cur: unknown = scope;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function resolveTemplates(value: unknown, scope: TemplateScope): unknown {
  if (typeof value === "string") {
    const one = ONE.exec(value);
    if (one) return lookup(one[1]!, scope);
    if (!value.includes("{{")) return value;
    return value.replace(ANY, (_m, path: string) => {
      const v = lookup(path, scope);
      if (v === undefined || v === null) return "";
      return typeof v === "object" ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplates(v, scope));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, scope)]),
    );
  }
  return value;
}
