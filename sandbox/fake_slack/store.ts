/** Thin typed access to the fake's Deno KV: a file in the sandbox, memory in tests. */
export type Key = Deno.KvKey;

export class Store {
  constructor(readonly kv: Deno.Kv) {}

  static async open(path?: string): Promise<Store> {
    return new Store(await Deno.openKv(path ?? ":memory:"));
  }

  async get<T>(key: Key): Promise<T | null> {
    return (await this.kv.get<T>(key)).value;
  }

  async set(key: Key, value: unknown): Promise<void> {
    await this.kv.set(key, value);
  }

  async delete(key: Key): Promise<void> {
    await this.kv.delete(key);
  }

  async list<T>(
    prefix: Key,
    options: { reverse?: boolean; limit?: number; start?: Key } = {},
  ): Promise<T[]> {
    const out: T[] = [];
    const selector = options.start ? { prefix, start: options.start } : { prefix };
    const iter = this.kv.list<T>(selector, {
      ...(options.reverse ? { reverse: true } : {}),
      ...(options.limit ? { limit: options.limit } : {}),
    });
    for await (const entry of iter) out.push(entry.value);
    return out;
  }

  async listEntries<T>(prefix: Key): Promise<Array<{ key: Key; value: T }>> {
    const out: Array<{ key: Key; value: T }> = [];
    for await (const entry of this.kv.list<T>({ prefix })) {
      out.push({ key: entry.key, value: entry.value });
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
  }

  close(): void {
    this.kv.close();
  }
}
