/**
 * The lease under Slack's weaker guarantees (stale reads on in the fake): scripted interleavings of
 * claimants, slow writes, and stale reads of a claim.
 */
import assert from "node:assert/strict";
import { CLAIM_SETTLE_MS, STALE_READ_BOUND_MS, WRITE_BOUND_MS } from "../domain/claim.ts";
import { startHarness } from "../testing/harness.ts";
import { botContext, sleep, statePut } from "../testing/contexts.ts";
import { acquireLease, LeaseValue } from "./lease.ts";
import { readState } from "./datastore/app_state.ts";

const MANIFEST = new URL("../manifest.ts", import.meta.url);

Deno.test("acquireLease(): of five claimants at once, exactly one holds the lease", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => acquireLease(botContext(h.fake), `race${round}`)),
      );
      const held = results.filter((r) => r.kind === "acquired");
      assert.equal(held.length, 1, JSON.stringify(results.map((r) => r.kind)));
      assert.ok(results.every((r) => r.kind === "acquired" || r.kind === "busy"));
    }
  } finally {
    await h.close();
  }
});

Deno.test("acquireLease(): A reads, B reads, A writes, B's write is slow: B does not trust it", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const bothRead = Promise.withResolvers<void>();
    let reads = 0;
    const gate = async (method: string, call: () => Promise<unknown>) => {
      if (method === "apps.datastore.get" && ++reads === 2) bothRead.resolve();
      const out = await call();
      if (method === "apps.datastore.get") await bothRead.promise;
      return out;
    };
    let bWithdrew = false;
    const a = botContext(h.fake, { hook: (m, _args, call) => gate(m, call) });
    const b = botContext(h.fake, {
      hook: async (m, args, call) => {
        const claim = statePut(m, args, "lease:drain") as { released?: boolean } | undefined;
        if (claim && !claim.released && !bWithdrew) {
          await sleep(WRITE_BOUND_MS + 100); // B's first claim lands late
          const out = await call();
          bWithdrew = true;
          return out;
        }
        return await gate(m, call);
      },
    });
    const results = await Promise.all([acquireLease(a, "drain"), acquireLease(b, "drain")]);
    assert.ok(bWithdrew, "B's slow claim was written, then withdrawn");
    // B's late write landed over A's claim: A must not trust its claim either. At most one holds,
    // and only through a claim made afterwards.
    const held = results.flatMap((r) => r.kind === "acquired" ? [r.lease.holder] : []);
    assert.ok(held.length <= 1, `holders: ${held.length}`);
    await sleep(60);
    const now = await readState(botContext(h.fake), "lease:drain", LeaseValue);
    if (held.length === 1) assert.equal(now?.holder, held[0]);
  } finally {
    await h.close();
  }
});

Deno.test("acquireLease(): a claimant whose read misses a fresh claim still loses to it", async () => {
  // Reads may miss writes up to the bound the lease assumes: B's read, made right after A's claim
  // was written, may see the lease free; the read-backs after the settle time see the last claim.
  const h = await startHarness({ manifestUrl: MANIFEST, fake: { staleReadMs: 100 } });
  try {
    const aClaimed = Promise.withResolvers<void>();
    const a = botContext(h.fake, {
      hook: async (m, args, call) => {
        const out = await call();
        if (statePut(m, args, "lease:drain")) aClaimed.resolve();
        return out;
      },
    });
    const b = botContext(h.fake, {
      hook: async (m, _args, call) => {
        if (m === "apps.datastore.get") await aClaimed.promise;
        return await call();
      },
    });
    const [ra, rb] = await Promise.all([acquireLease(a, "drain"), acquireLease(b, "drain")]);
    assert.equal([ra, rb].filter((r) => r.kind === "acquired").length, 1);
  } finally {
    await h.close();
  }
});

Deno.test("Lease.release() leaves alone a lease someone else took after ours ran out", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const first = await acquireLease(botContext(h.fake), "steps");
    assert.equal(first.kind, "acquired");
    // Ours ran out (its holder stalled): someone else takes it.
    await h.api("apps.datastore.put", {
      datastore: "ledger",
      item: {
        id: "state:lease:steps",
        value_json: JSON.stringify({ holder: "old", expires_at: 0, released: false }),
        at: Date.now(),
      },
    });
    await sleep(h.fake.clock.realMs(h.fake.workspace.datastores.staleReadMs) + 5);
    const second = await acquireLease(botContext(h.fake), "steps");
    assert.equal(second.kind, "acquired");
    if (first.kind !== "acquired" || second.kind !== "acquired") return;
    await sleep(60);
    await first.lease.release();
    await sleep(60);
    const now = await readState(botContext(h.fake), "lease:steps", LeaseValue);
    assert.equal(now?.holder, second.lease.holder);
    assert.equal(now?.released, false);
    assert.ok(CLAIM_SETTLE_MS > WRITE_BOUND_MS);
  } finally {
    await h.close();
  }
});

Deno.test("acquireLease(): a withdrawn claim is let go even when the read right after it is stale", async () => {
  const h = await startHarness({ manifestUrl: MANIFEST });
  try {
    const previous = { holder: "earlier", expires_at: 0, released: true };
    await h.api("apps.datastore.put", {
      datastore: "ledger",
      item: { id: "state:lease:drain", value_json: JSON.stringify(previous), at: Date.now() },
    });
    await sleep(h.fake.clock.realMs(h.fake.workspace.datastores.staleReadMs) + 5);
    // Every claim lands slowly (so each is withdrawn), and a read within the stale bound after our
    // own write sees the value before it: the previous holder's, as Slack may answer.
    let lastWriteAt = 0;
    let before: unknown = null;
    const c = botContext(h.fake, {
      hook: async (m, args, call) => {
        if (statePut(m, args, "lease:drain")) {
          const current = await readState(botContext(h.fake), "lease:drain", LeaseValue);
          await sleep(WRITE_BOUND_MS + 30);
          const out = await call();
          before = current;
          lastWriteAt = Date.now();
          return out;
        }
        if (m === "apps.datastore.get" && Date.now() - lastWriteAt < STALE_READ_BOUND_MS) {
          const item = { id: "state:lease:drain", value_json: JSON.stringify(before), at: 0 };
          return { ok: true, datastore: "ledger", item };
        }
        return await call();
      },
    });
    const result = await acquireLease(c, "drain");
    assert.equal(result.kind, "contended");
    await sleep(h.fake.clock.realMs(h.fake.workspace.datastores.staleReadMs) + 5);
    const now = await readState(botContext(h.fake), "lease:drain", LeaseValue);
    assert.equal(now?.released, true, "no withdrawn claim left standing");
    const next = await acquireLease(botContext(h.fake), "drain");
    assert.equal(next.kind, "acquired", "the next drainer is not kept waiting");
  } finally {
    await h.close();
  }
});
