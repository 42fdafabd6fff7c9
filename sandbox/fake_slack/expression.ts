/**
 * DynamoDB-style filter expressions, as apps.datastore.query and count accept them
 * (`#name` attribute placeholders, `:value` placeholders, = <> < <= > >=, BETWEEN, IN, AND, OR, NOT,
 * parentheses, attribute_exists, attribute_not_exists, attribute_type, begins_with, contains, size).
 * Written by hand: no npm library evaluates these expressions against plain objects.
 */
export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExpressionError";
  }
}

type Token =
  | { t: "name"; v: string }
  | { t: "value"; v: string }
  | { t: "ident"; v: string }
  | { t: "op"; v: string }
  | { t: "punct"; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      out.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if (c === "=" || c === "<" || c === ">") {
      out.push({ t: "op", v: c });
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === "." || c === "[" || c === "]") {
      out.push({ t: "punct", v: c });
      i++;
      continue;
    }
    const m = /^[#:]?[A-Za-z0-9_]+/.exec(src.slice(i));
    if (!m) throw new ExpressionError(`Invalid expression: unexpected character "${c}" at ${i}`);
    const word = m[0];
    if (word.startsWith("#")) out.push({ t: "name", v: word });
    else if (word.startsWith(":")) out.push({ t: "value", v: word });
    else out.push({ t: "ident", v: word });
    i += word.length;
  }
  return out;
}

type PathPart = string | number;
type Operand =
  | { k: "path"; path: PathPart[] }
  | { k: "value"; name: string }
  | { k: "size"; path: PathPart[] };
type Cond =
  | { k: "cmp"; op: string; l: Operand; r: Operand }
  | { k: "between"; v: Operand; lo: Operand; hi: Operand }
  | { k: "in"; v: Operand; list: Operand[] }
  | { k: "fn"; name: string; path: PathPart[]; arg?: Operand }
  | { k: "and" | "or"; a: Cond; b: Cond }
  | { k: "not"; a: Cond };

const FUNCTIONS = new Set([
  "attribute_exists",
  "attribute_not_exists",
  "attribute_type",
  "begins_with",
  "contains",
]);

class Parser {
  #i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly names: Record<string, string>,
    private readonly usedNames: Set<string>,
    private readonly usedValues: Set<string>,
  ) {}

  parse(): Cond {
    const c = this.or();
    if (this.#i < this.toks.length) {
      throw new ExpressionError(`Invalid expression: unexpected "${this.toks[this.#i]!.v}"`);
    }
    return c;
  }

  #peek(): Token | undefined {
    return this.toks[this.#i];
  }
  #isWord(w: string): boolean {
    const t = this.#peek();
    return t?.t === "ident" && t.v.toUpperCase() === w;
  }
  #expect(v: string): void {
    const t = this.toks[this.#i++];
    if (!t || t.v !== v) throw new ExpressionError(`Invalid expression: expected "${v}"`);
  }

  or(): Cond {
    let a = this.and();
    while (this.#isWord("OR")) {
      this.#i++;
      a = { k: "or", a, b: this.and() };
    }
    return a;
  }
  and(): Cond {
    let a = this.not();
    while (this.#isWord("AND")) {
      this.#i++;
      a = { k: "and", a, b: this.not() };
    }
    return a;
  }
  not(): Cond {
    if (this.#isWord("NOT")) {
      this.#i++;
      return { k: "not", a: this.not() };
    }
    return this.primary();
  }
  primary(): Cond {
    const t = this.#peek();
    if (t?.t === "punct" && t.v === "(") {
      this.#i++;
      const c = this.or();
      this.#expect(")");
      return c;
    }
    if (t?.t === "ident" && FUNCTIONS.has(t.v)) {
      this.#i++;
      this.#expect("(");
      const path = this.path();
      let arg: Operand | undefined;
      if (t.v !== "attribute_exists" && t.v !== "attribute_not_exists") {
        this.#expect(",");
        arg = this.operand();
      }
      this.#expect(")");
      return { k: "fn", name: t.v, path, ...(arg ? { arg } : {}) };
    }
    const l = this.operand();
    if (this.#isWord("BETWEEN")) {
      this.#i++;
      const lo = this.operand();
      if (!this.#isWord("AND")) throw new ExpressionError("Invalid expression: BETWEEN needs AND");
      this.#i++;
      return { k: "between", v: l, lo, hi: this.operand() };
    }
    if (this.#isWord("IN")) {
      this.#i++;
      this.#expect("(");
      const list = [this.operand()];
      while (this.#peek()?.v === ",") {
        this.#i++;
        list.push(this.operand());
      }
      this.#expect(")");
      return { k: "in", v: l, list };
    }
    const op = this.toks[this.#i++];
    if (!op || op.t !== "op") {
      throw new ExpressionError("Invalid expression: expected a comparison operator");
    }
    return { k: "cmp", op: op.v, l, r: this.operand() };
  }
  operand(): Operand {
    const t = this.#peek();
    if (t?.t === "value") {
      this.#i++;
      this.usedValues.add(t.v);
      return { k: "value", name: t.v };
    }
    if (t?.t === "ident" && t.v === "size") {
      this.#i++;
      this.#expect("(");
      const path = this.path();
      this.#expect(")");
      return { k: "size", path };
    }
    return { k: "path", path: this.path() };
  }
  path(): PathPart[] {
    const parts: PathPart[] = [this.#segment()];
    for (;;) {
      const t = this.#peek();
      if (t?.v === ".") {
        this.#i++;
        parts.push(this.#segment());
      } else if (t?.v === "[") {
        this.#i++;
        const n = this.toks[this.#i++];
        if (!n || !/^\d+$/.test(n.v)) {
          throw new ExpressionError("Invalid expression: bad list index");
        }
        parts.push(Number(n.v));
        this.#expect("]");
      } else return parts;
    }
  }
  #segment(): string {
    const t = this.toks[this.#i++];
    if (t?.t === "name") {
      this.usedNames.add(t.v);
      const real = this.names[t.v];
      if (real === undefined) {
        throw new ExpressionError(`Invalid expression: "${t.v}" is not in expression_attributes`);
      }
      return real;
    }
    if (t?.t === "ident") return t.v;
    throw new ExpressionError("Invalid expression: expected an attribute name");
  }
}

export type CompiledExpression = (item: Record<string, unknown>) => boolean;

export function compileExpression(
  expression: string,
  names: Record<string, string> = {},
  values: Record<string, unknown> = {},
): CompiledExpression {
  if (!expression.trim()) throw new ExpressionError("Invalid expression: it is empty");
  const isRecord = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(names) || Object.values(names).some((n) => typeof n !== "string")) {
    throw new ExpressionError(
      'Invalid expression: expression_attributes must map "#name" placeholders to attribute names',
    );
  }
  if (!isRecord(values)) {
    throw new ExpressionError(
      'Invalid expression: expression_values must map ":value" placeholders to values',
    );
  }
  const usedNames = new Set<string>();
  const usedValues = new Set<string>();
  const ast = new Parser(tokenize(expression), names, usedNames, usedValues).parse();
  for (const v of usedValues) {
    if (!(v in values)) {
      throw new ExpressionError(`Invalid expression: "${v}" is not in expression_values`);
    }
  }
  for (const n of Object.keys(names)) {
    if (!usedNames.has(n)) {
      throw new ExpressionError(`Invalid expression: "${n}" in expression_attributes is unused`);
    }
  }
  for (const v of Object.keys(values)) {
    if (!usedValues.has(v)) {
      throw new ExpressionError(`Invalid expression: "${v}" in expression_values is unused`);
    }
  }
  return (item) => evaluate(ast, item, values);
}

const MISSING = Symbol("missing");

function resolve(path: PathPart[], item: unknown): unknown {
  let cur: unknown = item;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return MISSING;
    const next = (cur as Record<string | number, unknown>)[p];
    if (next === undefined) return MISSING;
    cur = next;
  }
  return cur;
}

function operandValue(o: Operand, item: unknown, values: Record<string, unknown>): unknown {
  switch (o.k) {
    case "value":
      return values[o.name];
    case "path":
      return resolve(o.path, item);
    case "size": {
      const v = resolve(o.path, item);
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (v && typeof v === "object") return Object.keys(v).length;
      return MISSING;
    }
  }
}

/** DynamoDB equality: maps compare by content whatever their key order, lists element by element. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && same(a[k as keyof typeof a], b[k as keyof typeof b]));
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === MISSING || b === MISSING) return op === "<>" && a !== b;
  if (op === "=") return same(a, b);
  if (op === "<>") return !same(a, b);
  const sameType = (typeof a === "number" && typeof b === "number") ||
    (typeof a === "string" && typeof b === "string");
  if (!sameType) return false;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
  return false;
}

function typeCode(v: unknown): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return "S";
  if (typeof v === "number") return "N";
  if (typeof v === "boolean") return "BOOL";
  if (Array.isArray(v)) return "L";
  return "M";
}

function evaluate(c: Cond, item: unknown, values: Record<string, unknown>): boolean {
  switch (c.k) {
    case "and":
      return evaluate(c.a, item, values) && evaluate(c.b, item, values);
    case "or":
      return evaluate(c.a, item, values) || evaluate(c.b, item, values);
    case "not":
      return !evaluate(c.a, item, values);
    case "cmp":
      return compare(c.op, operandValue(c.l, item, values), operandValue(c.r, item, values));
    case "between": {
      const v = operandValue(c.v, item, values);
      return compare(">=", v, operandValue(c.lo, item, values)) &&
        compare("<=", v, operandValue(c.hi, item, values));
    }
    case "in": {
      const v = operandValue(c.v, item, values);
      return c.list.some((o) => compare("=", v, operandValue(o, item, values)));
    }
    case "fn": {
      const v = resolve(c.path, item);
      const arg = c.arg ? operandValue(c.arg, item, values) : undefined;
      switch (c.name) {
        case "attribute_exists":
          return v !== MISSING;
        case "attribute_not_exists":
          return v === MISSING;
        case "attribute_type":
          return v !== MISSING && typeCode(v) === arg;
        case "begins_with":
          return typeof v === "string" && typeof arg === "string" && v.startsWith(arg);
        case "contains":
          if (typeof v === "string") return typeof arg === "string" && v.includes(arg);
          if (Array.isArray(v)) return v.some((e) => same(e, arg));
          return false;
      }
      return false;
    }
  }
}
