/**
 * Thin typed access to the fake's Deno KV: a file in the sandbox, memory in tests. A Deno KV value
 * holds at most 64 KiB, so a larger value (a webhook run's inputs, a message, a view) is kept as
 * JSON split into pieces under ["piece", ...key, generation, n], with a small head at its own key;
 * reads put it back together. Nothing the contract allows is refused for its size.
 */
export type Key = Deno.KvKey;

/** What stands at a key whose value is kept in pieces. */
type Head = { [HEAD]: { generation: string; pieces: number; bytes: number } };
const HEAD = "__sandbox_pieces__";
const PIECE = "piece";
/** Well under Deno KV's 65,536-byte value limit. */
export const PIECE_BYTES = 60_000;
/** Keys under these prefixes are never split: the emulated app datastores keep their own cap. */
const UNSPLIT = new Set(["ds"]);

function isHead(value: unknown): value is Head {
  return typeof value === "object" && value !== null && Object.hasOwn(value, HEAD);
}

function tooLarge(err: unknown): boolean {
  return err instanceof TypeError && /too large/i.test(err.message);
}

export class Store {
  /** Keys (JSON-encoded) whose value is in pieces; one process owns the KV file, so this holds. */
  readonly #split = new Set<string>();

  constructor(readonly kv: Deno.Kv) {}

  static async open(path?: string): Promise<Store> {
    const store = new Store(await Deno.openKv(path ?? ":memory:"));
    for await (
      const e of store.kv.list<unknown>({ prefix: [PIECE] }, { consistency: "eventual" })
    ) {
      // ["piece", ...key, generation, n]
      store.#split.add(JSON.stringify(e.key.slice(1, -2)));
    }
    return store;
  }

  async get<T>(key: Key): Promise<T | null> {
    const value = (await this.kv.get<T | Head>(key)).value;
    return isHead(value) ? await this.#join<T>(key, value) : value as T | null;
  }

  async set(key: Key, value: unknown): Promise<void> {
    const id = JSON.stringify(key);
    try {
      await this.kv.set(key, value);
    } catch (err) {
      if (!tooLarge(err) || UNSPLIT.has(String(key[0]))) throw err;
      await this.#setInPieces(key, value);
      return;
    }
    if (this.#split.has(id)) {
      this.#split.delete(id);
      await this.#deletePieces(key);
    }
  }

  async delete(key: Key): Promise<void> {
    await this.kv.delete(key);
    const id = JSON.stringify(key);
    if (this.#split.has(id)) {
      this.#split.delete(id);
      await this.#deletePieces(key);
    }
  }

  async list<T>(
    prefix: Key,
    options: { reverse?: boolean; limit?: number; start?: Key } = {},
  ): Promise<T[]> {
    const out: T[] = [];
    const selector = options.start ? { prefix, start: options.start } : { prefix };
    const iter = this.kv.list<T | Head>(selector, {
      ...(options.reverse ? { reverse: true } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    for await (const entry of iter) {
      out.push(
        isHead(entry.value) ? await this.#join<T>(entry.key, entry.value) : entry.value as T,
      );
    }
    return out;
  }

  async listEntries<T>(prefix: Key): Promise<Array<{ key: Key; value: T }>> {
    const out: Array<{ key: Key; value: T }> = [];
    for await (const entry of this.kv.list<T | Head>({ prefix })) {
      const value = isHead(entry.value)
        ? await this.#join<T>(entry.key, entry.value)
        : entry.value as T;
      out.push({ key: entry.key, value });
    }
    return out;
  }

  /** A counter that survives restarts (message sequence, call log). */
  async next(name: string): Promise<number> {
    const key = ["counter", name];
    for (;;) {
      const cur = await this.kv.get<number>(key);
      const value = (cur.value ?? 0) + 1;
      const res = await this.kv.atomic().check(cur).set(key, value).commit();
      if (res.ok) return value;
    }
  }

  async clear(): Promise<void> {
    for await (const entry of this.kv.list({ prefix: [] })) await this.kv.delete(entry.key);
    this.#split.clear();
  }

  close(): void {
    this.kv.close();
  }

  /** Pieces first, the head last: a reader never finds a head whose pieces are not all there. */
  async #setInPieces(key: Key, value: unknown): Promise<void> {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    const generation = crypto.randomUUID();
    const pieces = Math.ceil(bytes.length / PIECE_BYTES);
    for (let n = 0; n < pieces; n++) {
      await this.kv.set(
        [PIECE, ...key, generation, n],
        bytes.slice(n * PIECE_BYTES, (n + 1) * PIECE_BYTES),
      );
    }
    const head: Head = { [HEAD]: { generation, pieces, bytes: bytes.length } };
    await this.kv.set(key, head);
    this.#split.add(JSON.stringify(key));
    await this.#deletePieces(key, generation);
  }

  async #join<T>(key: Key, head: Head): Promise<T> {
    const { generation, pieces, bytes } = head[HEAD];
    const whole = new Uint8Array(bytes);
    let at = 0;
    let found = 0;
    for await (const e of this.kv.list<Uint8Array>({ prefix: [PIECE, ...key, generation] })) {
      whole.set(e.value, at);
      at += e.value.length;
      found++;
    }
    if (found !== pieces || at !== bytes) {
      throw new Error(
        `Cannot read ${JSON.stringify(key)}: ${found} of its ${pieces} pieces are stored`,
      );
    }
    return JSON.parse(new TextDecoder().decode(whole)) as T;
  }

  /** Deletes the pieces kept for `key`, all of them or every generation but `keep`. */
  async #deletePieces(key: Key, keep?: string): Promise<void> {
    for await (const e of this.kv.list({ prefix: [PIECE, ...key] })) {
      if (e.key.length !== key.length + 3) continue; // a longer key's pieces share the prefix
      if (keep !== undefined && e.key[key.length + 1] === keep) continue;
      await this.kv.delete(e.key);
    }
  }
}
