import { upsertEntry } from '../model/journey.js';
import type { Request, RequestData } from '../model/index.js';
import type { ContextStore } from '../store/context-store.js';
import { ConflictError } from '../store/context-store.js';
import { actionId, interactionAction } from './action-ids.js';
import type { SessionCore } from './core.js';
import { changedFields, dataOf } from './merge.js';
import { newRequestOffer } from './request-offer.js';
import type { InteractionInfo, SaveOutcome, Workspace } from './types.js';
import { patch, slotOf, withSlot } from './workspace.js';

/**
 * "Start a new request instead" (R2.5 with a choice, after the host accepted):
 * the current interaction's activity moves from the request R2.5 chose into a
 * new request, in two writes — the new request, then the activity's
 * `requestId` — so the activity is always in exactly one request:
 *
 * - the new request's id is fixed by the interaction: pressing again (after a
 *   lost answer or a reload between the writes) meets the same request, never a
 *   second one;
 * - the activity is written on the revision the work area holds: if someone
 *   changed it meanwhile the move is refused (`conflict`), and the new request,
 *   still empty, is closed at once, as `close.ts` closes an empty request;
 * - a reload between the two writes leaves the new request empty and open: it
 *   is closed the same way when the agent closes the work without moving the
 *   activity (`closeAbandoned`), so R2.5 never files a later contact into it.
 *
 * After the move the new request is the interaction's own (`createdRequestId`):
 * closed as empty at Close if the agent leaves it without a title or description.
 */

/** The id of the new request "Start a new request instead" makes for this interaction (one per agent and interaction). */
export function newRequestId(agentId: string, interaction: Pick<InteractionInfo, 'interactionId' | 'at'>): string {
  return actionId('request', agentId, `new-request\n${interactionAction(interaction)}`);
}

/** See `AgentSession.startNewRequest`. */
export async function startNewRequest(core: SessionCore, key: string): Promise<SaveOutcome> {
  const workspace = core.workspace(key);
  const from = workspace && !workspace.busy ? newRequestOffer(workspace) : null;
  if (!workspace || !from) return { ok: false, reason: 'invalid' };
  const interaction = workspace.interaction!;
  const activity = slotOf(workspace, 'activity').base!;
  const by = core.agentId;
  core.update(key, (w) => patch(w, { busy: true }));
  const done = (outcome: SaveOutcome): SaveOutcome => {
    core.update(key, (w) => patch(w, { busy: false }));
    return outcome;
  };
  const data: RequestData = {
    customerId: activity.customerId,
    title: interaction.subject,
    description: '',
    status: 'open',
    openedAt: new Date().toISOString(),
    closedAt: null,
  };
  let created: Request;
  try {
    created = await createOrReopen(core.store, newRequestId(by, interaction), data, by);
  } catch (error) {
    return done({ ok: false, reason: error instanceof ConflictError ? 'conflict' : 'error', error: error as Error });
  }
  let moved;
  try {
    moved = await core.store.update('activity', activity.id, activity.rev, { ...dataOf('activity', activity), requestId: created.id }, { by });
  } catch (error) {
    // Nothing moved: the request made for it is closed as empty, the work area stays as it was.
    await closeEmpty(core.store, created, by, interaction.subject);
    return done({ ok: false, reason: error instanceof ConflictError ? 'conflict' : 'error', error: error as Error });
  }
  core.hooks.saved?.(created);
  core.hooks.saved?.(moved);
  const now = core.workspace(key);
  if (now) core.putWorkspace(moved.id === slotOf(now, 'activity').base?.id ? movedInto(now, from, created, moved) : patch(now, { busy: false }), false);
  return { ok: true, saved: [created, moved] };
}

/** The work area after the move, as it is now: what the agent typed meanwhile stays (on the new request, on the activity). */
function movedInto(now: Workspace, from: Request, created: Request, moved: NonNullable<Workspace['activity']>): Workspace {
  const request = slotOf(now, 'request');
  // Typed on the old request while the writes were on their way: carried over to the new one.
  const typed = request.base?.id === from.id && request.draft ? changedFields('request', dataOf('request', from), request.draft) : [];
  const requestDraft = dataOf('request', created) as unknown as Record<string, unknown>;
  for (const field of typed) requestDraft[field] = (request.draft as unknown as Record<string, unknown>)[field];
  const activityDraft = slotOf(now, 'activity').draft;
  const next = withSlot(
    withSlot(now, 'request', { base: created, draft: requestDraft as unknown as RequestData }),
    'activity',
    { base: moved, draft: activityDraft ? { ...activityDraft, requestId: created.id } : dataOf('activity', moved) },
  );
  return patch(next, { createdRequestId: created.id, busy: false, journey: upsertEntry(upsertEntry(now.journey, created), moved) });
}

/** Creates the request under its fixed id; a retry that meets it takes it as it is (reopened if an earlier attempt closed it). */
async function createOrReopen(store: ContextStore, id: string, data: RequestData, by: string): Promise<Request> {
  try {
    return await store.create('request', data, { by, id });
  } catch (error) {
    const existing = await store.get('request', id);
    if (!existing || existing.customerId !== data.customerId) throw error;
    if (existing.status === 'open') return existing;
    return store.update('request', id, existing.rev, { ...dataOf('request', existing), status: 'open', openedAt: data.openedAt, closedAt: null }, { by });
  }
}

/** Closes a request left as it was made (no description, no title but the interaction's subject); one someone wrote to meanwhile stays open. */
async function closeEmpty(store: ContextStore, request: Request, by: string, subject: string): Promise<void> {
  const title = request.title.trim();
  if (request.status !== 'open' || (title !== '' && title !== subject.trim()) || request.description.trim() !== '') return;
  try {
    await store.update('request', request.id, request.rev, { ...dataOf('request', request), status: 'closed', closedAt: new Date().toISOString() }, { by });
  } catch {
    // Stale (another agent wrote to it) or the store failed: it stays open, nothing is lost.
  }
}

/**
 * After Close: a new request an earlier "Start a new request instead" made
 * for this work area's interaction, that the activity never moved into (a
 * reload between the two writes), is closed as empty. Only looked up when the
 * offer still applied at Close (the move did not finish).
 */
export async function closeAbandoned(core: SessionCore, closed: Workspace): Promise<void> {
  if (!closed.interaction || !newRequestOffer(closed)) return;
  // As `close.ts`: only while writes reach the backend at once (a queued close could meet another agent's title).
  const status = core.backend.status;
  if (status && (status.state !== 'online' || status.pending > 0)) return;
  try {
    const left = await core.store.get('request', newRequestId(core.agentId, closed.interaction));
    if (left && left.id !== closed.activity?.requestId) await closeEmpty(core.store, left, core.agentId, closed.interaction.subject);
  } catch {
    // The store failed: the request stays as it is.
  }
}
