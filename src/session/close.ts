import { fullName, type RequestData } from '../model/index.js';
import type { SessionCore } from './core.js';
import { dataOf } from './merge.js';
import { createCustomer, save } from './saving.js';
import type { CloseChoice, CloseQuestion, RecentCustomer, SaveOutcome, Workspace } from './types.js';
import { dirtyKinds } from './workspace.js';

/** How many customers the Recent list keeps (R7.1). */
export const RECENT_MAX = 20;

/**
 * Close (R6): what it has to ask first, saving or creating as the agent chose,
 * the customer moving to Recent, and the request this interaction created
 * closed when it was left empty (R2.5).
 */

/** See `AgentSession.closeQuestion`. */
export function closeQuestion(core: SessionCore, key: string): CloseQuestion {
  const workspace = core.workspace(key);
  if (!workspace) return 'none';
  if (!workspace.customer) return 'create-customer';
  return dirtyKinds(workspace).length > 0 ? 'unsaved-changes' : 'none';
}

/** See `AgentSession.close`. */
export async function close(core: SessionCore, key: string, choice: CloseChoice | null): Promise<SaveOutcome> {
  const question = closeQuestion(core, key);
  if (question !== 'none' && choice === null) return { ok: false, reason: 'invalid' };
  let outcome: SaveOutcome = { ok: true, saved: [] };
  let finalKey = key;
  const creates = choice === 'create' || (choice === 'save' && question === 'create-customer');
  if (creates) {
    outcome = await createCustomer(core, key);
    if (!outcome.ok) return outcome;
    finalKey = outcome.saved.find((r) => r.type === 'customer')?.id ?? key;
  } else if (choice === 'save') {
    outcome = await save(core, key);
    if (!outcome.ok) return outcome;
  }
  const workspace = core.workspace(finalKey);
  if (!workspace) return outcome;
  const about = { requestTitle: workspace.request?.title || undefined, channel: workspace.interaction?.channel ?? null };
  const recent = workspace.customer ? withRecent(core.current.recent, workspace.customer.id, fullName(workspace.customer), about) : core.current.recent;
  const open = core.current.open.filter((w) => w.key !== finalKey);
  // Closed while a restore runs: it must not bring it back.
  core.unrestored.delete(finalKey);
  if (workspace.interaction) {
    core.interactionClosed(workspace.interaction.interactionId, finalKey);
    core.acceptedHere.delete(workspace.interaction.interactionId);
    core.care.complete(workspace.interaction.interactionId);
  }
  core.set({ open, recent, activeKey: core.current.activeKey === finalKey ? (open[0]?.key ?? null) : core.current.activeKey });
  core.drafts.saveRecent(recent);
  core.persist();
  core.hooks.closed?.({
    customerId: workspace.customer?.id ?? null,
    interactionId: workspace.interaction?.interactionId ?? null,
    created: creates,
  });
  // After the work area is gone (nothing arriving meanwhile can land in it); `idle()` waits for it.
  const emptied = closeIfEmpty(core, workspace);
  core.track(emptied);
  await emptied;
  return outcome;
}

/** Recent with this customer first (once), at most `RECENT_MAX` long. */
function withRecent(
  recent: readonly RecentCustomer[],
  customerId: string,
  name: string,
  about: Pick<RecentCustomer, 'requestTitle' | 'channel'>,
): RecentCustomer[] {
  return [{ customerId, name, closedAt: new Date().toISOString(), ...about }, ...recent.filter((r) => r.customerId !== customerId)].slice(0, RECENT_MAX);
}

/**
 * The request this interaction created (R2.5), left without a title or a
 * description (none saved; a discarded one does not count), is closed as
 * empty when the work is closed: R2.5 would otherwise file every later
 * contact of the customer into it. Its activity stays in it, in the journey.
 * A request another agent has written to meanwhile stays open (the update is
 * refused as stale).
 */
async function closeIfEmpty(core: SessionCore, workspace: Workspace): Promise<void> {
  const request = workspace.request;
  if (!request || request.id !== workspace.createdRequestId || request.status !== 'open') return;
  if (request.title.trim() !== '' || request.description.trim() !== '') return;
  // Only while writes reach the backend at once: a write queued offline could meet another
  // agent's title on delivery and come back as a choice the agent never made.
  const status = core.backend.status;
  if (status && (status.state !== 'online' || status.pending > 0)) return;
  const data: RequestData = { ...dataOf('request', request), status: 'closed', closedAt: new Date().toISOString() };
  try {
    const closed = await core.store.update('request', request.id, request.rev, data, { by: core.agentId });
    core.hooks.saved?.(closed);
  } catch {
    // Stale (another agent gave it a title) or the store failed: it stays open, nothing is lost.
  }
}
