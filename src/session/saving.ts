import { ValidationError, fullName, type Activity, type AnyRecord, type CustomerData, type Kind, type Request } from '../model/index.js';
import { ConflictError } from '../store/context-store.js';
import { actionId, interactionAction } from './action-ids.js';
import { attachInteraction } from './attach.js';
import type { SessionCore } from './core.js';
import { readJourney } from './journey.js';
import { damagedKinds } from './repair.js';
import { dataOf } from './merge.js';
import type { SaveOutcome } from './types.js';
import { dirtyKinds, draftOf, patch, slotOf, withCaution, withRecord, withSlot } from './workspace.js';

/**
 * Saving (R4, R5.2): each record based on the revision it was loaded at, a
 * stale one turned into a caution, never an overwrite; and creating the
 * customer of an unknown contact, with the interaction attached (R2.5).
 */

const failure = (error: unknown): SaveOutcome => ({ ok: false, reason: error instanceof ValidationError ? 'invalid' : 'error', error: error as Error });

/** See `AgentSession.createCustomer`. */
export async function createCustomer(core: SessionCore, key: string, data?: CustomerData): Promise<SaveOutcome> {
  const workspace = core.workspace(key);
  if (!workspace || workspace.customer) return { ok: false, reason: 'error', error: new Error('nothing to create') };
  const customerData = data ?? workspace.customerDraft;
  // The same rule as the form's Create (R5.2), for every path that creates (the close dialog's too).
  if (fullName(customerData) === '') return { ok: false, reason: 'invalid', error: new ValidationError('required', 'name', 'a new customer needs a name') };
  core.putWorkspace(patch(withSlot(workspace, 'customer', { draft: customerData }), { busy: true }), false);
  try {
    // The id is fixed by the agent's action (this interaction's Create): Create again after a lost
    // answer, a reload or in another tab meets the customer it made instead of making a second one.
    const action = workspace.interaction ? interactionAction(workspace.interaction) : key;
    const customer = await core.store.create('customer', customerData, { by: core.agentId, id: actionId('customer', core.agentId, action) });
    core.hooks.saved?.(customer);
    const saved: AnyRecord[] = [customer];
    let request: Request | null = null;
    let activity: Activity | null = null;
    let createdRequestId: string | null = null;
    if (workspace.interaction) {
      core.interactions.set(workspace.interaction.interactionId, customer.id);
      const attachment = await attachInteraction(core.store, customer.id, workspace.interaction, core.agentId);
      request = attachment.request;
      activity = attachment.activity;
      if (attachment.requestCreated) createdRequestId = request.id;
    }
    const current = core.workspace(key) ?? workspace;
    // What was typed on the request and the activity before the customer existed goes onto the records just made.
    const requestDraft = draftOf(current, 'request');
    const activityDraft = draftOf(current, 'activity');
    let created = withRecord(patch(current, { key: customer.id, createdRequestId, busy: false }), 'customer', customer);
    created = withSlot(created, 'request', {
      base: request,
      draft: request && requestDraft ? { ...requestDraft, customerId: customer.id } : request ? dataOf('request', request) : null,
    });
    created = withSlot(created, 'activity', {
      base: activity,
      draft: activity && activityDraft ? { ...activityDraft, customerId: customer.id, requestId: activity.requestId } : activity ? dataOf('activity', activity) : null,
    });
    core.replaceKey(key, created);
    const rest = await save(core, customer.id);
    const journey = await readJourney(core.store, customer.id);
    core.update(customer.id, (w) => patch(w, journey));
    return rest.ok ? { ok: true, saved: [...saved, ...rest.saved] } : rest;
  } catch (error) {
    core.update(key, (w) => patch(w, { busy: false }));
    return failure(error);
  }
}

/** See `AgentSession.save`. */
export async function save(core: SessionCore, key: string): Promise<SaveOutcome> {
  const workspace = core.workspace(key);
  if (!workspace) return { ok: false, reason: 'error', error: new Error(`no open customer ${key}`) };
  if (!workspace.customer) return createCustomer(core, key);
  if (workspace.cautions.length) return { ok: false, reason: 'caution' };
  // R4.2: a field both agents changed is saved only once the agent chose which version to keep.
  if (workspace.choices.length) return { ok: false, reason: 'choice' };
  // A stored record that broke the rules is written back repaired only once the agent chose to (repair.ts).
  const damaged = damagedKinds(core, workspace);
  if (dirtyKinds(workspace).some((kind) => damaged.includes(kind))) return { ok: false, reason: 'damaged' };
  const saved: AnyRecord[] = [];
  for (const kind of dirtyKinds(workspace)) {
    try {
      const record = await saveOne(core, key, kind);
      if (record) saved.push(record);
    } catch (error) {
      if (error instanceof ConflictError) {
        // Versions side by side (a cluster took both): the agent's base is one side, not their common ancestor.
        core.update(key, (w) => withCaution(w, { kind, theirs: error.current, ...(error.sideBySide ? { base: null } : {}) }));
        return { ok: false, reason: 'conflict', error };
      }
      return failure(error);
    }
  }
  return { ok: true, saved };
}

/** Writes the `kind` input of the workspace on its base revision; input typed while the write was on its way stays. */
async function saveOne<K extends Kind>(core: SessionCore, key: string, kind: K): Promise<AnyRecord | undefined> {
  const { base, draft } = slotOf(core.workspace(key)!, kind);
  if (!base || !draft) return undefined;
  const record = await core.store.update(kind, base.id, base.rev, draft, { by: core.agentId });
  const after = core.workspace(key)!;
  const untouched = draftOf(after, kind) === draft;
  core.putWorkspace(untouched ? withRecord(after, kind, record) : withSlot(after, kind, { base: record }), false);
  core.hooks.saved?.(record);
  return record;
}
