/**
 * Where a platform simulator keeps its world (webinars, attendees, learners, chats, emails): in
 * memory for tests, or in the sandbox's Deno KV file so a restart finds everything again. One KV
 * entry per record keeps every value far below Deno KV's 64 KiB limit.
 */
export interface SimStore {
  load<T>(kind: string): Promise<T[]>;
  put(kind: string, id: string, value: unknown): Promise<void>;
  delete(kind: string, id: string): Promise<void>;
}

export class MemoryStore implements SimStore {
  readonly #data = new Map<string, Map<string, unknown>>();

  load<T>(kind: string): Promise<T[]> {
    return Promise.resolve(
      [...(this.#data.get(kind)?.values() ?? [])].map((v) => structuredClone(v) as T),
    );
  }

  put(kind: string, id: string, value: unknown): Promise<void> {
    let m = this.#data.get(kind);
    if (!m) this.#data.set(kind, m = new Map());
    m.set(id, structuredClone(value));
    return Promise.resolve();
  }

  delete(kind: string, id: string): Promise<void> {
    this.#data.get(kind)?.delete(id);
    return Promise.resolve();
  }
}

export class KvStore implements SimStore {
  constructor(readonly kv: Deno.Kv, readonly prefix: readonly string[]) {}

  async load<T>(kind: string): Promise<T[]> {
    const out: T[] = [];
    for await (const e of this.kv.list<T>({ prefix: [...this.prefix, kind] })) out.push(e.value);
    return out;
  }

  async put(kind: string, id: string, value: unknown): Promise<void> {
    await this.kv.set([...this.prefix, kind, id], value);
  }

  async delete(kind: string, id: string): Promise<void> {
    await this.kv.delete([...this.prefix, kind, id]);
  }
}

/**
 * Serializes a simulator's writes (its methods stay synchronous, as tests use them) and remembers
 * the first failure, so `flush()` can report it instead of losing it.
 */
export class WriteQueue {
  #chain: Promise<void> = Promise.resolve();
  #error: unknown = null;

  constructor(readonly store: SimStore) {}

  put(kind: string, id: string, value: unknown): void {
    const copy = structuredClone(value);
    this.#chain = this.#chain.then(() => this.store.put(kind, id, copy)).catch((err) => {
      this.#error ??= err;
    });
  }

  delete(kind: string, id: string): void {
    this.#chain = this.#chain.then(() => this.store.delete(kind, id)).catch((err) => {
      this.#error ??= err;
    });
  }

  /** Waits for every write so far; throws the first one that failed. */
  async flush(): Promise<void> {
    await this.#chain;
    if (this.#error !== null) {
      const err = this.#error;
      this.#error = null;
      throw err;
    }
  }
}
