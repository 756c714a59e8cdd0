import type { Kind } from '../model/index.js';

/** cyrb53: a fast 53-bit string hash (public domain, bryc); seeded, so four runs give independent bits. */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/**
 * The id of the record one agent action makes, fixed when the agent acts and
 * the same every time that action is retried: after a lost answer, a reload,
 * in the same agent's other tab. A retry of a create that already landed then
 * meets its own record (which the stores recognise as the same write) instead
 * of making a second one. `action` names the action, e.g. the interaction and
 * when it started. Not a secret, only unique: `<kind>:<32 hex digits>` in the
 * UUID layout (a page that is not a secure context has no `crypto.subtle`, so
 * no SHA-256 here).
 */
export function actionId(kind: Kind, agentId: string, action: string): string {
  const text = `${kind}\n${agentId}\n${action}`;
  const hex = [1, 2, 3].map((seed) => cyrb53(text, seed)).join('').slice(0, 32);
  return `${kind}:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The action an interaction's records are made by: the interaction and when it started. */
export function interactionAction(interaction: { interactionId: string; at: string }): string {
  return `${interaction.interactionId}\n${interaction.at}`;
}
