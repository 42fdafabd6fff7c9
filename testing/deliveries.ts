/** Counting what actually reached Slack, by the delivery metadata every post carries. */
import type { FakeSlack } from "../sandbox/fake_slack/mod.ts";

export type DeliveryCount = { byId: Map<string, number>; total: number; duplicates: string[] };

/** Every message the app posted with delivery metadata, in every channel and DM. */
export async function countDeliveries(fake: FakeSlack): Promise<DeliveryCount> {
  const byId = new Map<string, number>();
  let total = 0;
  for (const c of await fake.workspace.records.channels()) {
    for (const m of await fake.workspace.records.messagesIn(c.id)) {
      const id = m.metadata?.event_type === "session_bridge_delivery"
        ? String(m.metadata.event_payload.delivery_id)
        : null;
      if (!id) continue;
      total++;
      byId.set(id, (byId.get(id) ?? 0) + 1);
    }
  }
  return { byId, total, duplicates: [...byId].filter(([, n]) => n > 1).map(([id]) => id) };
}

/** Outbox rows still waiting (for "nothing lost": must be none after the drain). */
export async function outboxLeft(
  fake: FakeSlack,
): Promise<
  Array<{ id: string; attempts: number; last_error?: string; owner: string; not_before: number }>
> {
  return await fake.workspace.datastores.items("outbox");
}
