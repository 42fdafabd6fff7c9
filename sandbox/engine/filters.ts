/**
 * Trigger filters: `{ version: 1, root }` where root is `{ statement }` or
 * `{ operator: "AND" | "OR" | "NOT", inputs }`; statements compare two operands with == != > < or
 * CONTAINS. Operands are `{{data.x}}` templates or literals (null, true, false, numbers, text).
 */
import { lookup, type TemplateScope } from "./templates.ts";

export type FilterNode = { statement: string } | {
  operator: "AND" | "OR" | "NOT";
  inputs: FilterNode[];
};
export type Filter = { version: number; root: FilterNode };

function operand(raw: string, scope: TemplateScope): unknown {
  const t = raw.trim();
  const tpl = /^\{\{\s*([A-Za-z0-9_.]+)\s*\}\}$/.exec(t);
  if (tpl) {
    const v = lookup(tpl[1]!, scope);
    return v === undefined ? null : v;
  }
  if (t === "null") return null;
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  const quoted = /^"(.*)"$/.exec(t) ?? /^'(.*)'$/.exec(t);
  return quoted ? quoted[1] : t;
}

function statement(s: string, scope: TemplateScope): boolean {
  const m = /^(.*?)\s+(==|!=|>|<|CONTAINS)\s+(.*)$/.exec(s.trim());
  if (!m) throw new TypeError(`Cannot read filter statement "${s}": expected "<a> <op> <b>"`);
  const a = operand(m[1]!, scope);
  const b = operand(m[3]!, scope);
  switch (m[2]) {
    case "==":
      return a === b || (a !== null && b !== null && String(a) === String(b));
    case "!=":
      return !(a === b || (a !== null && b !== null && String(a) === String(b)));
    case ">":
      return Number(a) > Number(b);
    case "<":
      return Number(a) < Number(b);
    case "CONTAINS":
      return typeof a === "string" && a.includes(String(b));
  }
  return false;
}

function node(n: FilterNode, scope: TemplateScope): boolean {
  if ("statement" in n) return statement(n.statement, scope);
  switch (n.operator) {
    case "AND":
      return n.inputs.every((x) => node(x, scope));
    case "OR":
      return n.inputs.some((x) => node(x, scope));
    case "NOT":
      return !n.inputs.some((x) => node(x, scope));
  }
}

export function passesFilter(filter: Filter | undefined, data: Record<string, unknown>): boolean {
  if (!filter) return true;
  return node(filter.root, { data });
}
