import type { Customer } from '../model/index.js';
import { upsertEntry } from '../model/journey.js';
import { attachInteraction, mostRecentlyOpened } from './attach.js';
import type { SessionCore } from './core.js';
import { readJourney } from './journey.js';
import { changedFields, dataOf } from './merge.js';
import type { InteractionInfo, Workspace } from './types.js';
import { customerWorkspace, hasInput, keepTyped, patch, slotOf, unknownContactWorkspace, withSlot, type Slot } from './workspace.js';

/**
 * Opening work areas: for an interaction that starts (R1: the customer found
 * by the contact point, or Create offered), with the interaction attached to
 * the customer's most recently opened request or a new one (R2.5); and for a
 * customer reopened from Recent or the search (R7.2, R7.3).
 */

/** Opens the workspace of a started or accepted interaction; store failures become `store-error`. */
export function beginInteraction(core: SessionCore, info: InteractionInfo): Promise<void> {
  core.interactions.set(info.interactionId, `new:${info.interactionId}`);
  // After a restore under way: a host re-sending its call after a reload then finds the restored
  // workspace, and what the agent typed before the reload stays.
  const restored = core.restoring.catch(() => undefined);
  const work = restored.then(() => startInteraction(core, info)).catch((error: unknown) => {
    core.storeFailed(error);
    // The customer could not be looked up (the backend is unreachable): the interaction is not
    // lost to the agent; its workspace opens as for an unknown contact, so notes can be typed.
    if (!core.workspace(core.interactions.get(info.interactionId) ?? '')) core.putArriving(unknownContactWorkspace(info));
  });
  return core.track(work);
}

async function startInteraction(core: SessionCore, info: InteractionInfo): Promise<void> {
  const [customer] = await core.store.findByContact(info.from);
  // Many answers can come back in one task (a burst of contacts): each opens in a slice of its own.
  await core.breathe();
  if (!customer) {
    // R1.2: no customer is invented; Create is offered.
    core.putArriving(unknownContactWorkspace(info));
    return;
  }
  await openForCustomer(core, info, customer);
}

/**
 * The interaction's work area on `customer`, as when the contact point found
 * them (R2.5): also "Use this one" on a likely duplicate (issue #19, `duplicates.ts`).
 */
export async function openForCustomer(core: SessionCore, info: InteractionInfo, customer: Customer): Promise<void> {
  const existing = core.workspace(customer.id);
  core.interactions.set(info.interactionId, customer.id);
  // The journey is read while the interaction is attached (R2.5); the new entries are then put in place.
  const [attachment, loaded] = await Promise.all([
    attachInteraction(core.store, customer.id, info, core.agentId),
    existing ? Promise.resolve(existing) : loadWorkspace(core, customer),
  ]);
  let base = core.workspace(customer.id) ?? loaded;
  const previous = await settlePreviousActivity(core, base, attachment.activity.id);
  base = core.workspace(customer.id) ?? base;
  const arriving = patch(base, {
    journey: upsertEntry(upsertEntry(base.journey, attachment.request), attachment.activity),
    interaction: info,
    createdRequestId: attachment.requestCreated ? attachment.request.id : base.createdRequestId,
  });
  core.putArriving(
    withSlot(
      withSlot(arriving, 'request', keepTyped(base, 'request', attachment.request)),
      'activity',
      // The activity of the previous interaction, when its unsaved input could not be saved: it stays.
      previous ?? keepTyped(base, 'activity', attachment.activity),
    ),
  );
}

/**
 * A new interaction for a customer whose open work area has unsaved input on
 * the previous interaction's activity (tags, notes): that input is the agent's
 * record of the previous contact, so it is saved before the new activity takes
 * its place. If the save fails (another agent saved it, the store refused), the
 * previous activity stays in the work area with its input, for the agent to
 * save through the usual caution; the new one is in the journey.
 */
async function settlePreviousActivity(core: SessionCore, open: Workspace, nextId: string): Promise<Slot<'activity'> | undefined> {
  const previous = slotOf(open, 'activity');
  const { base: activity, draft } = previous;
  if (!activity || !draft || activity.id === nextId || !hasInput('activity', previous)) return undefined;
  // Another agent's version is waiting to be loaded or chosen from: never saved over (R4.2); it stays in the work area.
  if (open.cautions.some((c) => c.kind === 'activity') || open.choices.some((c) => c.kind === 'activity')) return previous;
  try {
    const saved = await core.store.update('activity', activity.id, activity.rev, draft, { by: core.agentId });
    core.hooks.saved?.(saved);
    const now = core.workspace(open.key);
    if (!now) return undefined;
    core.putWorkspace(patch(now, { journey: upsertEntry(now.journey, saved) }), false);
    // Typed on while the save was on its way: that input stays, on the previous activity, for the agent to save.
    const typed = slotOf(now, 'activity');
    if (typed.base?.id === activity.id && typed.draft && changedFields('activity', draft, typed.draft).length) {
      return { base: saved, draft: typed.draft };
    }
    return undefined;
  } catch {
    // The agent's own Save may have won the race: then the previous activity is settled already.
    const now = core.workspace(open.key);
    const kept = now && slotOf(now, 'activity');
    if (!kept?.base || kept.base.id !== activity.id || kept.base.rev !== activity.rev) return undefined;
    return kept;
  }
}

export function endInteraction(core: SessionCore, interactionId: string): void {
  const key = core.interactions.get(interactionId);
  const workspace = key ? core.workspace(key) : undefined;
  if (workspace?.interaction?.interactionId === interactionId) {
    core.putWorkspace(patch(workspace, { interaction: { ...workspace.interaction, ended: true } }), false);
  } else {
    // Still being opened (the store has not answered yet): it opens as ended.
    core.endedEarly.add(interactionId);
  }
}

/** A customer's work area, with the first page of their journey. */
export async function loadWorkspace(core: SessionCore, customer: Customer): Promise<Workspace> {
  return customerWorkspace(customer, await readJourney(core.store, customer.id));
}

/**
 * Reopens a customer from Recent or the search results (R7.2): their most
 * recently created activity and its request (or the most recently opened
 * open request) become editable again (R7.3).
 */
export async function reopen(core: SessionCore, customerId: string): Promise<Workspace | undefined> {
  const existing = core.workspace(customerId);
  if (existing) {
    core.set({ activeKey: customerId });
    core.persist();
    return existing;
  }
  const customer = await core.store.get('customer', customerId);
  if (!customer) return undefined;
  const workspace = await loadWorkspace(core, customer);
  const [latest] = await core.store.activitiesOf(customerId, { limit: 1 });
  const requests = await core.store.requestsOf(customerId);
  const request = (latest?.requestId && requests.find((r) => r.id === latest.requestId)) || mostRecentlyOpened(requests) || null;
  const opened = withSlot(
    withSlot(workspace, 'activity', { base: latest ?? null, draft: latest ? dataOf('activity', latest) : null }),
    'request',
    { base: request, draft: request ? dataOf('request', request) : null },
  );
  core.putWorkspace(opened);
  return opened;
}
