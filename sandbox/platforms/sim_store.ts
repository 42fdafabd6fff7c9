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
