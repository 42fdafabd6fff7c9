/** The times a learning event carries, read from an event already validated (event.ts). */

/** When a path-step message is due (epoch ms). */
export function sendAt(e: { send_at: string }): number {
  return Date.parse(e.send_at);
}
