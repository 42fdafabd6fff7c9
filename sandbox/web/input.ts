/**
 * Reading the sandbox page's JSON requests: each field is checked, and a bad one gives a
 * BadRequest naming the field and what was wrong (the server answers 400 with that text).
 */
export class BadRequest extends Error {
  override name = "BadRequest";
}

export type Body = Record<string, unknown>;

/** Parses a request body that must be a JSON object. */
export async function jsonBody(req: Request): Promise<Body> {
  const raw = await req.text();
  if (raw.length > 1_000_000) throw new BadRequest("Cannot read the request: body over 1 MB");
  let value: unknown;
  try {
    value = raw ? JSON.parse(raw) : {};
  } catch {
    throw new BadRequest("Cannot read the request: the body is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadRequest("Cannot read the request: the body must be a JSON object");
  }
  return value as Body;
}

export function str(body: Body, key: string, options: { max?: number; optional?: false }): string;
export function str(
  body: Body,
  key: string,
  options: { max?: number; optional: true },
): string | undefined;
export function str(
  body: Body,
  key: string,
  options: { max?: number; optional?: boolean } = {},
): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === "") {
    if (options.optional) return undefined;
    throw new BadRequest(`"${key}" is required`);
  }
  if (typeof v !== "string") throw new BadRequest(`"${key}" must be a string`);
  const max = options.max ?? 200;
  if (v.length > max) throw new BadRequest(`"${key}" must be at most ${max} characters`);
  return v;
}

export function bool(body: Body, key: string): boolean {
  const v = body[key];
  if (typeof v !== "boolean") throw new BadRequest(`"${key}" must be true or false`);
  return v;
}

export function num(
  body: Body,
  key: string,
  options: { min?: number; max?: number; optional?: boolean } = {},
): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (options.optional) return undefined;
    throw new BadRequest(`"${key}" is required`);
  }
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new BadRequest(`"${key}" must be a number`);
  }
  if (options.min !== undefined && v < options.min) {
    throw new BadRequest(`"${key}" must be at least ${options.min}`);
  }
  if (options.max !== undefined && v > options.max) {
    throw new BadRequest(`"${key}" must be at most ${options.max}`);
  }
  return v;
}

export function strList(body: Body, key: string, options: { max?: number } = {}): string[] {
  const v = body[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
    throw new BadRequest(`"${key}" must be a list of strings`);
  }
  if (v.length > (options.max ?? 100)) {
    throw new BadRequest(`"${key}" has more than ${options.max ?? 100} items`);
  }
  return v;
}

export function object(
  body: Body,
  key: string,
  options: { optional?: boolean } = {},
): Body | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (options.optional) return undefined;
    throw new BadRequest(`"${key}" is required`);
  }
  if (typeof v !== "object" || Array.isArray(v)) throw new BadRequest(`"${key}" must be an object`);
  return v as Body;
}

/** A Slack timestamp such as 1767225600.000100. */
export function ts(
  body: Body,
  key: string,
  options: { optional?: boolean } = {},
): string | undefined {
  const v = options.optional
    ? str(body, key, { max: 30, optional: true })
    : str(body, key, { max: 30 });
  if (v !== undefined && !/^\d{1,12}\.\d{6}$/.test(v)) {
    throw new BadRequest(`"${key}" must be a Slack timestamp such as 1767225600.000100`);
  }
  return v;
}

/** view.state.values: { block_id: { action_id: { type, ... } } }. */
export function stateValues(
  body: Body,
  key: string,
): Record<string, Record<string, Record<string, unknown>>> {
  const v = object(body, key, { optional: true }) ?? {};
  for (const [blockId, actions] of Object.entries(v)) {
    if (typeof actions !== "object" || actions === null || Array.isArray(actions)) {
      throw new BadRequest(`"${key}.${blockId}" must be an object of action ids`);
    }
    for (const [actionId, value] of Object.entries(actions)) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new BadRequest(`"${key}.${blockId}.${actionId}" must be an object`);
      }
    }
  }
  return v as Record<string, Record<string, Record<string, unknown>>>;
}
