import assert from "node:assert/strict";
import fc from "fast-check";
import { compileExpression, ExpressionError } from "./expression.ts";

type Item = Record<string, unknown>;

/** Which of `items` match, by index. */
function matches(
  items: Item[],
  expression: string,
  names: Record<string, string> = {},
  values: Record<string, unknown> = {},
): number[] {
  const f = compileExpression(expression, names, values);
  return items.flatMap((item, i) => f(item) ? [i] : []);
}

const PEOPLE: Item[] = [
  { id: "a", n: 1, name: "alpha", tags: ["x", "y"], m: { k: 1, j: 2 } },
  { id: "b", n: 5, name: "beta", tags: ["y"] },
  { id: "c", n: 10, name: "alps", tags: [], m: { k: 2 } },
  { id: "d", name: "delta" },
];

Deno.test("compileExpression() compares with =, <>, <, <=, > and >=", () => {
  const v = { ":five": 5 };
  assert.deepEqual(matches(PEOPLE, "n = :five", {}, v), [1]);
  assert.deepEqual(matches(PEOPLE, "n <> :five", {}, v), [0, 2, 3]);
  assert.deepEqual(matches(PEOPLE, "n < :five", {}, v), [0]);
  assert.deepEqual(matches(PEOPLE, "n <= :five", {}, v), [0, 1]);
  assert.deepEqual(matches(PEOPLE, "n > :five", {}, v), [2]);
  assert.deepEqual(matches(PEOPLE, "n >= :five", {}, v), [1, 2]);
  assert.deepEqual(matches(PEOPLE, "#nm > :b", { "#nm": "name" }, { ":b": "b" }), [1, 3]);
});

Deno.test("compileExpression() never orders values of different types", () => {
  assert.deepEqual(matches(PEOPLE, "n < :s", {}, { ":s": "9" }), []);
  assert.deepEqual(matches(PEOPLE, "n = :s", {}, { ":s": "5" }), []);
});

Deno.test("compileExpression() supports BETWEEN (inclusive) and IN", () => {
  assert.deepEqual(matches(PEOPLE, "n BETWEEN :lo AND :hi", {}, { ":lo": 1, ":hi": 5 }), [0, 1]);
  assert.deepEqual(matches(PEOPLE, "id IN (:a, :c, :z)", {}, { ":a": "a", ":c": "c", ":z": "z" }), [
    0,
    2,
  ]);
});

Deno.test("compileExpression() binds AND tighter than OR, and NOT tighter than AND", () => {
  const v = { ":one": 1, ":five": 5, ":beta": "beta" };
  // (n = 1) OR (n = 5 AND name = beta): item a matches through the left side alone.
  assert.deepEqual(matches(PEOPLE, "n = :one OR n = :five AND #n = :beta", { "#n": "name" }, v), [
    0,
    1,
  ]);
  // (NOT n = 1) AND name = beta, not NOT (n = 1 AND name = beta).
  const w = { ":one": 1, ":beta": "beta" };
  assert.deepEqual(matches(PEOPLE, "NOT n = :one AND #n = :beta", { "#n": "name" }, w), [1]);
  // Keywords are case-insensitive.
  assert.deepEqual(matches(PEOPLE, "not n = :one and #n = :beta", { "#n": "name" }, w), [1]);
});

Deno.test("compileExpression() lets parentheses override precedence", () => {
  const v = { ":one": 1, ":five": 5, ":beta": "beta" };
  assert.deepEqual(
    matches(PEOPLE, "(n = :one OR n = :five) AND #n = :beta", { "#n": "name" }, v),
    [1],
  );
  const w = { ":one": 1, ":beta": "beta" };
  assert.deepEqual(matches(PEOPLE, "NOT (n = :one AND #n = :beta)", { "#n": "name" }, w), [
    0,
    1,
    2,
    3,
  ]);
});

Deno.test("compileExpression() supports begins_with and contains on strings and lists", () => {
  assert.deepEqual(matches(PEOPLE, "begins_with(#n, :p)", { "#n": "name" }, { ":p": "alp" }), [
    0,
    2,
  ]);
  assert.deepEqual(matches(PEOPLE, "contains(#n, :s)", { "#n": "name" }, { ":s": "lt" }), [3]);
  assert.deepEqual(matches(PEOPLE, "contains(tags, :t)", {}, { ":t": "y" }), [0, 1]);
  assert.deepEqual(matches(PEOPLE, "begins_with(n, :p)", {}, { ":p": "1" }), [], "not a string");
});

Deno.test("compileExpression() supports attribute_exists, attribute_not_exists and attribute_type", () => {
  assert.deepEqual(matches(PEOPLE, "attribute_exists(m)"), [0, 2]);
  assert.deepEqual(matches(PEOPLE, "attribute_not_exists(n)"), [3]);
  assert.deepEqual(matches(PEOPLE, "attribute_type(tags, :l)", {}, { ":l": "L" }), [0, 1, 2]);
});

Deno.test("compileExpression() supports size() of strings, lists and maps", () => {
  assert.deepEqual(matches(PEOPLE, "size(tags) = :zero", {}, { ":zero": 0 }), [2]);
  assert.deepEqual(matches(PEOPLE, "size(#n) > :four", { "#n": "name" }, { ":four": 4 }), [0, 3]);
  assert.deepEqual(matches(PEOPLE, "size(m) = :two", {}, { ":two": 2 }), [0]);
});

Deno.test("compileExpression() resolves nested paths and list indexes", () => {
  assert.deepEqual(matches(PEOPLE, "#m.#k = :two", { "#m": "m", "#k": "k" }, { ":two": 2 }), [2]);
  assert.deepEqual(matches(PEOPLE, "tags[0] = :y", {}, { ":y": "y" }), [1]);
});

Deno.test("compileExpression() compares maps by content, whatever their key order", () => {
  const items = [{ m: { k: 1, j: 2 } }, { m: { j: 2, k: 1 } }, { m: { k: 1 } }];
  assert.deepEqual(matches(items, "m = :m", {}, { ":m": { j: 2, k: 1 } }), [0, 1]);
  assert.deepEqual(
    matches([{ l: [{ a: 1, b: 2 }] }], "contains(l, :e)", {}, { ":e": { b: 2, a: 1 } }),
    [
      0,
    ],
  );
});

Deno.test("compileExpression() treats a missing attribute as matching only <> and attribute_not_exists", () => {
  const v = { ":x": 1 };
  assert.deepEqual(matches([{}], "n = :x", {}, v), []);
  assert.deepEqual(matches([{}], "n < :x", {}, v), []);
  assert.deepEqual(matches([{}], "n <> :x", {}, v), [0]);
  assert.deepEqual(matches([{}], "n BETWEEN :x AND :x", {}, v), []);
});

function rejects(
  expression: string,
  message: string,
  names: Record<string, unknown> = {},
  values: unknown = {},
): void {
  assert.throws(
    () =>
      compileExpression(
        expression,
        names as Record<string, string>,
        values as Record<string, unknown>,
      ),
    (err: unknown) => {
      assert.ok(err instanceof ExpressionError, `not an ExpressionError: ${err}`);
      assert.equal(err.message, message);
      return true;
    },
  );
}

Deno.test("compileExpression() rejects a #name that expression_attributes does not define", () => {
  rejects("#nope = :v", 'Invalid expression: "#nope" is not in expression_attributes', {}, {
    ":v": 1,
  });
});

Deno.test("compileExpression() rejects a :value that expression_values does not define", () => {
  rejects("n = :v", 'Invalid expression: ":v" is not in expression_values');
});

Deno.test("compileExpression() rejects placeholders that the expression does not use, as DynamoDB does", () => {
  rejects(
    "n = :v",
    'Invalid expression: "#extra" in expression_attributes is unused',
    { "#extra": "x" },
    { ":v": 1 },
  );
  rejects("n = :v", 'Invalid expression: ":w" in expression_values is unused', {}, {
    ":v": 1,
    ":w": 2,
  });
});

Deno.test("compileExpression() rejects syntax errors with a message saying what is wrong", () => {
  rejects("", "Invalid expression: it is empty");
  rejects("n = ", "Invalid expression: expected an attribute name");
  rejects("n = :v AND", "Invalid expression: expected an attribute name", {}, { ":v": 1 });
  rejects("(n = :v", 'Invalid expression: expected ")"', {}, { ":v": 1 });
  rejects("n :v", "Invalid expression: expected a comparison operator", {}, { ":v": 1 });
  rejects("n = :v $", 'Invalid expression: unexpected character "$" at 7', {}, { ":v": 1 });
  rejects("n = :v :v", 'Invalid expression: unexpected ":v"', {}, { ":v": 1 });
  rejects("n BETWEEN :v OR :v", "Invalid expression: BETWEEN needs AND", {}, { ":v": 1 });
  rejects("tags[x] = :v", "Invalid expression: bad list index", {}, { ":v": 1 });
});

Deno.test("compileExpression() rejects placeholder maps of the wrong shape instead of crashing", () => {
  rejects(
    "n = :v",
    'Invalid expression: expression_values must map ":value" placeholders to values',
    {},
    "not an object",
  );
  rejects(
    "#n = :v",
    'Invalid expression: expression_attributes must map "#name" placeholders to attribute names',
    { "#n": 5 },
    { ":v": 1 },
  );
});

// ---------- property: the compiled filter agrees with a direct evaluation ----------

type Leaf =
  | { k: "cmp"; attr: "a" | "b"; op: "=" | "<>" | "<" | "<=" | ">" | ">="; v: number | string }
  | { k: "between"; lo: number; hi: number }
  | { k: "in"; vs: number[] }
  | { k: "begins"; v: string }
  | { k: "contains"; attr: "b" | "c"; v: string }
  | { k: "exists"; attr: "a" | "b" | "c"; negate: boolean }
  | { k: "size"; attr: "b" | "c"; n: number };
type Expr = Leaf | { k: "and" | "or"; l: Expr; r: Expr } | { k: "not"; e: Expr };

const num = fc.integer({ min: -2, max: 2 });
const text = fc.constantFrom("", "x", "xy", "y", "yx");
const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({
    k: fc.constant("cmp" as const),
    attr: fc.constantFrom("a" as const, "b" as const),
    op: fc.constantFrom(
      "=" as const,
      "<>" as const,
      "<" as const,
      "<=" as const,
      ">" as const,
      ">=" as const,
    ),
    v: fc.oneof(num, text),
  }),
  fc.record({ k: fc.constant("between" as const), lo: num, hi: num }),
  fc.record({ k: fc.constant("in" as const), vs: fc.array(num, { minLength: 1, maxLength: 3 }) }),
  fc.record({ k: fc.constant("begins" as const), v: text }),
  fc.record({
    k: fc.constant("contains" as const),
    attr: fc.constantFrom("b" as const, "c" as const),
    v: text,
  }),
  fc.record({
    k: fc.constant("exists" as const),
    attr: fc.constantFrom("a" as const, "b" as const, "c" as const),
    negate: fc.boolean(),
  }),
  fc.record({
    k: fc.constant("size" as const),
    attr: fc.constantFrom("b" as const, "c" as const),
    n: fc.integer({ min: 0, max: 2 }),
  }),
);
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      k: fc.constantFrom("and" as const, "or" as const),
      l: tie("expr"),
      r: tie("expr"),
    }),
    fc.record({ k: fc.constant("not" as const), e: tie("expr") }),
  ),
}));
const item = fc.record({
  a: num,
  b: text,
  c: fc.array(text, { maxLength: 3 }),
}, { requiredKeys: [] });

/** Renders the tree fully parenthesised, with every name and value as a placeholder. */
function render(
  e: Expr,
): { src: string; names: Record<string, string>; values: Record<string, unknown> } {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const name = (a: string) => (names[`#${a}`] = a, `#${a}`);
  const value = (v: unknown) => {
    const key = `:v${Object.keys(values).length}`;
    values[key] = v;
    return key;
  };
  const go = (x: Expr): string => {
    switch (x.k) {
      case "cmp":
        return `${name(x.attr)} ${x.op} ${value(x.v)}`;
      case "between":
        return `${name("a")} BETWEEN ${value(x.lo)} AND ${value(x.hi)}`;
      case "in":
        return `${name("a")} IN (${x.vs.map(value).join(", ")})`;
      case "begins":
        return `begins_with(${name("b")}, ${value(x.v)})`;
      case "contains":
        return `contains(${name(x.attr)}, ${value(x.v)})`;
      case "exists":
        return `${x.negate ? "attribute_not_exists" : "attribute_exists"}(${name(x.attr)})`;
      case "size":
        return `size(${name(x.attr)}) = ${value(x.n)}`;
      case "and":
      case "or":
        return `(${go(x.l)}) ${x.k.toUpperCase()} (${go(x.r)})`;
      case "not":
        return `NOT (${go(x.e)})`;
    }
  };
  return { src: go(e), names, values };
}

/** The meaning we give each form, written directly (missing attributes: see README). */
function model(e: Expr, it: { a?: number; b?: string; c?: string[] }): boolean {
  switch (e.k) {
    case "cmp": {
      const x = it[e.attr];
      if (x === undefined) return e.op === "<>";
      if (typeof x !== typeof e.v) return e.op === "<>";
      const [p, q] = [x as number | string, e.v];
      return { "=": p === q, "<>": p !== q, "<": p < q, "<=": p <= q, ">": p > q, ">=": p >= q }[
        e.op
      ];
    }
    case "between":
      return it.a !== undefined && it.a >= e.lo && it.a <= e.hi;
    case "in":
      return it.a !== undefined && e.vs.includes(it.a);
    case "begins":
      return it.b !== undefined && it.b.startsWith(e.v);
    case "contains": {
      const x = it[e.attr];
      return x !== undefined && x.includes(e.v);
    }
    case "exists":
      return (it[e.attr] !== undefined) !== e.negate;
    case "size": {
      const x = it[e.attr];
      return x !== undefined && x.length === e.n;
    }
    case "and":
      return model(e.l, it) && model(e.r, it);
    case "or":
      return model(e.l, it) || model(e.r, it);
    case "not":
      return !model(e.e, it);
  }
}

Deno.test("compileExpression() agrees with a direct evaluation on random items and expressions", () => {
  fc.assert(
    fc.property(expr, fc.array(item, { maxLength: 6 }), (e, items) => {
      const { src, names, values } = render(e);
      const f = compileExpression(src, names, values);
      for (const it of items) assert.equal(f(it), model(e, it), `${src} on ${JSON.stringify(it)}`);
    }),
    { seed: 42, numRuns: 500 },
  );
});
