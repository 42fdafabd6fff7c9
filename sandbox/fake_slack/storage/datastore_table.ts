/**
 * The fake's datastore items, as hard as Slack's DynamoDB-backed datastores: scans (query, count)
 * walk items in a stable hash order, never primary-key order; reads (get, bulkGet, query, count) may
 * miss a write that completed less than `staleReadMs` earlier, each item on its own, so two reads in
 * a row can disagree; writes and `update` merges always apply to the latest version. Callers say
 * which items have expired (TTL). This module alone knows the KV keys of datastore items.
 */
import type { Clock } from "../clock.ts";
import type { Store } from "./store.ts";

export type Item = Record<string, unknown>;

type Version = { at: number; before: Item | null; after: Item | null };

export type DatastoreTableOptions = {
  /** A read may miss a write completed less than this many ms earlier (0: reads see every write). */
  staleReadMs: number;
  /** Seeded draws for how stale each read is. */
  random: () => number;
};

/** FNV-1a over UTF-16 units: a stable stand-in for DynamoDB's partition hash. */
function hashKey(datastore: string, id: string): number {
  let h = 0x811c9dc5;
  const s = `${datastore}\u0000${id}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Scan position: the hash (8 hex digits) and id of the last item evaluated. */
export function scanPosition(datastore: string, id: string): string {
  return `${hashKey(datastore, id).toString(16).padStart(8, "0")}:${id}`;
}

export class DatastoreTable {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #options: DatastoreTableOptions;
  /** Recent writes per item (`datastore\0id`), oldest first, kept while a read may still miss them. */
  readonly #recent = new Map<string, Version[]>();

  constructor(store: Store, clock: Clock, options: DatastoreTableOptions) {
    this.#store = store;
    this.#clock = clock;
    this.#options = options;
  }

  get staleReadMs(): number {
    return this.#options.staleReadMs;
  }

  #key(datastore: string, id: string): Deno.KvKey {
    return ["ds", datastore, id];
  }

  /** The latest version, as the server holds it (what `update` merges into). */
  async latest<T = Item>(datastore: string, id: string): Promise<T | null> {
    return await this.#store.get<T>(this.#key(datastore, id));
  }

  /**
   * Every item as the server holds it now, never stale, in primary-key order: for the sandbox and
   * tests to look at, never what a Web API read sees (`read`, `scan`).
   */
  async items<T = Item>(datastore: string): Promise<T[]> {
    return await this.#store.list<T>(["ds", datastore]);
  }

  async put(datastore: string, id: string, item: Item): Promise<void> {
    const before = await this.latest(datastore, id);
    await this.#store.set(this.#key(datastore, id), item);
    this.#remember(datastore, id, before, item);
  }

  async delete(datastore: string, id: string): Promise<void> {
    const before = await this.latest(datastore, id);
    await this.#store.delete(this.#key(datastore, id));
    if (before) this.#remember(datastore, id, before, null);
  }

  /** One item as a read sees it: possibly an earlier version, or absent if just written. */
  async read(
    datastore: string,
    id: string,
    expired: (item: Item) => boolean,
  ): Promise<Item | null> {
    const item = this.#visible(datastore, id, await this.latest(datastore, id));
    return item && !expired(item) ? item : null;
  }

  /**
   * One page of a scan in hash order, after `after` (a position from an earlier page). `limit` counts
   * items evaluated, not matched, as Slack's does.
   */
  async scan(
    datastore: string,
    options: { after?: string; limit: number; expired: (item: Item) => boolean },
  ): Promise<{ items: Item[]; next: string | null }> {
    const visible = await this.#visibleAll(datastore, options.expired);
    const page = visible.filter((v) => options.after === undefined || v.position > options.after);
    const taken = page.slice(0, options.limit);
    return {
      items: taken.map((v) => v.item),
      next: page.length > options.limit ? taken.at(-1)!.position : null,
    };
  }

  /** Every item a read sees now (for count), in hash order. */
  async all(datastore: string, expired: (item: Item) => boolean): Promise<Item[]> {
    return (await this.#visibleAll(datastore, expired)).map((v) => v.item);
  }

  async #visibleAll(
    datastore: string,
    expired: (item: Item) => boolean,
  ): Promise<Array<{ position: string; item: Item }>> {
    const ids = new Set<string>();
    const current = new Map<string, Item>();
    for (const entry of await this.#store.listEntries<Item>(["ds", datastore])) {
      const id = String(entry.key[2]);
      ids.add(id);
      current.set(id, entry.value);
    }
    // Items deleted a moment ago may still be seen.
    const prefix = `${datastore}\u0000`;
    for (const key of this.#recent.keys()) {
      if (key.startsWith(prefix)) ids.add(key.slice(prefix.length));
    }
    const out: Array<{ position: string; item: Item }> = [];
    for (const id of ids) {
      const item = this.#visible(datastore, id, current.get(id) ?? null);
      if (item && !expired(item)) out.push({ position: scanPosition(datastore, id), item });
    }
    return out.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
  }

  #remember(datastore: string, id: string, before: Item | null, after: Item | null): void {
    const { staleReadMs } = this.#options;
    if (staleReadMs <= 0) return;
    const now = this.#clock.now();
    const key = `${datastore}\u0000${id}`;
    const versions = (this.#recent.get(key) ?? []).filter((v) => v.at > now - staleReadMs);
    versions.push({ at: now, before, after });
    this.#recent.set(key, versions);
    if (this.#recent.size > 10_000) this.#prune(now);
  }

  #prune(now: number): void {
    for (const [key, versions] of this.#recent) {
      const live = versions.filter((v) => v.at > now - this.#options.staleReadMs);
      if (live.length === 0) this.#recent.delete(key);
      else this.#recent.set(key, live);
    }
  }

  /** The version a read sees: as of a moment up to staleReadMs ago, drawn afresh for each item. */
  #visible(datastore: string, id: string, latest: Item | null): Item | null {
    const { staleReadMs, random } = this.#options;
    if (staleReadMs <= 0) return latest;
    const versions = this.#recent.get(`${datastore}\u0000${id}`);
    if (!versions?.length) return latest;
    const now = this.#clock.now();
    const cutoff = now - random() * staleReadMs;
    const missed = versions.find((v) => v.at > now - staleReadMs && v.at > cutoff);
    return missed ? missed.before : latest;
  }
}
