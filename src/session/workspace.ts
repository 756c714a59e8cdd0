import {
  KINDS,
  emptyCustomer,
  isoString,
  type ActivityData,
  type Contact,
  type Customer,
  type CustomerData,
  type DataOf,
  type Kind,
  type RecordOf,
  type RequestData,
} from '../model/index.js';
import type { JourneyEntry } from '../model/journey.js';
import { changedFields, dataOf, type FieldConflict } from './merge.js';
import type { Caution, InteractionInfo, PendingChoice, RecordSlot, Workspace, WorkspaceCore, WorkspaceRecords } from './types.js';

/**
 * The work area as a pure record: one `{ base, draft }` slot per record kind,
 * and the functions that read and change it. Nothing here touches a store,
 * storage or the session's state; every change returns a new workspace.
 */

/** One record of a work area, read by kind. */
export type Slot<K extends Kind> = RecordSlot<RecordOf[K], DataOf[K] | null>;

/** What is kept of a work area across a reload: all of it but the journey (read again) and `busy`. */
export type SavedWorkspace = Pick<WorkspaceCore, 'key' | 'interaction' | 'records' | 'cautions' | 'choices' | 'createdRequestId'>;

/** A workspace from its core, with the flat read-only fields the elements read taken from `records`. */
export function makeWorkspace(core: WorkspaceCore): Workspace {
  const { customer, request, activity } = core.records;
  return {
    key: core.key,
    interaction: core.interaction,
    records: core.records,
    cautions: core.cautions,
    choices: core.choices,
    createdRequestId: core.createdRequestId,
    journey: core.journey,
    journeyHasMore: core.journeyHasMore,
    ...(core.journeyPeriod ? { journeyPeriod: core.journeyPeriod, journeySince: core.journeySince } : {}),
    ...(core.history ? { history: core.history } : {}),
    busy: core.busy,
    customer: customer.base,
    customerDraft: customer.draft,
    request: request.base,
    requestDraft: request.draft,
    activity: activity.base,
    activityDraft: activity.draft,
  };
}

/** Changes anything but the records (those change through `withSlot`, which keeps the flat fields in step). */
export function patch(workspace: Workspace, changes: Partial<Omit<WorkspaceCore, 'records'>>): Workspace {
  return { ...workspace, ...changes };
}

export function slotOf<K extends Kind>(workspace: Pick<WorkspaceCore, 'records'>, kind: K): Slot<K> {
  return workspace.records[kind] as Slot<K>;
}

export function baseOf<K extends Kind>(workspace: Pick<WorkspaceCore, 'records'>, kind: K): RecordOf[K] | null {
  return slotOf(workspace, kind).base;
}

export function draftOf<K extends Kind>(workspace: Pick<WorkspaceCore, 'records'>, kind: K): DataOf[K] | null {
  return slotOf(workspace, kind).draft;
}

/** The workspace with the `kind` slot changed (a customer's draft is never null: callers keep it so). */
export function withSlot<K extends Kind>(workspace: WorkspaceCore, kind: K, slot: Partial<Slot<K>>): Workspace {
  const records = { ...workspace.records, [kind]: { ...workspace.records[kind], ...slot } } as WorkspaceRecords;
  return makeWorkspace({ ...workspace, records });
}

/** The workspace based on `record`, its draft reset to the record's data (no input left on it). */
export function withRecord<K extends Kind>(workspace: WorkspaceCore, kind: K, record: RecordOf[K]): Workspace {
  return withSlot(workspace, kind, { base: record, draft: dataOf(kind, record) });
}

/** Whether the slot holds input not saved yet: a draft that differs from its base, or a draft with no base (a record not created yet). */
export function hasInput<K extends Kind>(kind: K, slot: Slot<K>): boolean {
  if (!slot.draft) return false;
  return !slot.base || changedFields(kind, dataOf(kind, slot.base), slot.draft).length > 0;
}

/** Which kinds have input not saved yet. A customer not created yet counts as unsaved. */
export function dirtyKinds(workspace: WorkspaceCore): Kind[] {
  return KINDS.filter((kind) => hasInput(kind, slotOf(workspace, kind)));
}

// ---- making work areas ---------------------------------------------------------

function newActivityDraft(info: InteractionInfo, customerId: string): ActivityData {
  return {
    customerId,
    requestId: null,
    channel: info.channel,
    interactionId: info.interactionId,
    at: isoString(info.at),
    subject: info.subject,
    notes: '',
    tags: [],
  };
}

function newRequestDraft(info: InteractionInfo, customerId: string): RequestData {
  return { customerId, title: info.subject, description: '', status: 'open', openedAt: isoString(info.at), closedAt: null };
}

/**
 * A contact's name split as Cisco's Customer Context gadget fills in the
 * customers it creates (issue #19 item 3; help.webex.com DOC-14426,
 * "Automatically Created Customer"): the last word is the last name, all the
 * words before it the first name(s); a name of one word is the first name,
 * with no last name. Any run of white space separates words; no name leaves
 * the name empty.
 */
export function splitContactName(name: string | undefined): Pick<CustomerData, 'name' | 'lastName'> {
  const words = (name ?? '').trim().split(/\s+/u).filter(Boolean);
  if (words.length < 2) return { name: words[0] ?? '' };
  const last = words.pop()!;
  return { name: words.join(' '), lastName: last };
}

/** The customer the gadget fills in from an unknown contact (R1.2: not created until the agent chooses Create). */
export function customerFromContact(from: Contact): CustomerData {
  // Object.assign, not a spread: inlined, the spread of emptyCustomer() gave the bundle an object literal with duplicate keys.
  return Object.assign(emptyCustomer(), splitContactName(from.name), {
    phones: from.phone ? [from.phone] : [],
    emails: from.email ? [from.email] : [],
    chatIds: from.chatId ? [from.chatId] : [],
  });
}

/**
 * What the gadget itself filled in for a record the interaction brings and
 * that is not created yet (the contact's details, the interaction's subject
 * and time): the agent's changes are counted from it, never from nothing (a
 * new contact's prefilled values are not the agent's unsaved input). `null`
 * when the work area has no interaction.
 */
export function prefilled<K extends Kind>(workspace: Pick<WorkspaceCore, 'interaction'>, kind: K): DataOf[K] | null {
  const info = workspace.interaction;
  if (!info) return null;
  const made: { [P in Kind]: () => DataOf[P] } = {
    customer: () => customerFromContact(info.from),
    request: () => newRequestDraft(info, ''),
    activity: () => newActivityDraft(info, ''),
  };
  return made[kind]() as DataOf[K];
}

/** The work area of an interaction whose contact matches no customer: Create is offered (R1.2). */
export function unknownContactWorkspace(info: InteractionInfo): Workspace {
  return makeWorkspace({
    key: `new:${info.interactionId}`,
    interaction: info,
    records: {
      customer: { base: null, draft: customerFromContact(info.from) },
      request: { base: null, draft: newRequestDraft(info, '') },
      activity: { base: null, draft: newActivityDraft(info, '') },
    },
    cautions: [],
    choices: [],
    createdRequestId: null,
    journey: [],
    journeyHasMore: false,
    busy: false,
  });
}

/** The work area of a known customer, with no interaction, request or activity yet. */
export function customerWorkspace(customer: Customer, journey: { journey: JourneyEntry[]; journeyHasMore: boolean }): Workspace {
  return makeWorkspace({
    key: customer.id,
    interaction: null,
    records: {
      customer: { base: customer, draft: dataOf('customer', customer) },
      request: { base: null, draft: null },
      activity: { base: null, draft: null },
    },
    cautions: [],
    choices: [],
    createdRequestId: null,
    ...journey,
    busy: false,
  });
}

export function toSaved(workspace: SavedWorkspace): SavedWorkspace {
  const { key, interaction, records, cautions, choices, createdRequestId } = workspace;
  return { key, interaction, records, cautions, choices, createdRequestId };
}

/** A saved work area as it was saved; its journey is read again by the caller. */
export function fromSaved(entry: SavedWorkspace): Workspace {
  return makeWorkspace({ ...toSaved(entry), journey: [], journeyHasMore: false, busy: false });
}

// ---- input -----------------------------------------------------------------------

/** A request draft with the agent's changes; closing stamps `closedAt`, reopening clears it and restarts `openedAt`. */
export function editedRequest(draft: RequestData, changes: Partial<RequestData>, now: string): RequestData {
  const next = { ...draft, ...changes };
  if (changes.status === 'closed' && draft.status !== 'closed') next.closedAt = now;
  if (changes.status === 'open' && draft.status !== 'open') {
    next.closedAt = null;
    next.openedAt = now;
  }
  return next;
}

/**
 * The record an interaction was attached to, and its draft: a workspace already
 * open on the same record keeps what the agent typed there (a customer calling
 * again, or a host re-sending its call after a reload), and so does unsaved
 * input on another request; otherwise the fresh record.
 */
export function keepTyped<K extends 'request' | 'activity'>(open: WorkspaceCore, kind: K, record: RecordOf[K]): Slot<K> {
  const mine = slotOf(open, kind);
  if (mine.base?.id === record.id && hasInput(kind, mine)) return mine;
  // Unsaved input on another request (a reopened, closed one; one another agent superseded):
  // it stays in the work area to be saved, and the interaction's request is in the journey.
  if (kind === 'request' && mine.base && hasInput(kind, mine)) return mine;
  return { base: record, draft: dataOf(kind, record) };
}

/**
 * A workspace opened while its saved version was being restored, with the
 * saved version's input on top: for each record that is the same in both (or
 * absent from both, for a contact not created yet), the saved draft — and the
 * base it was typed on, with its caution if another agent saved meanwhile —
 * replaces the fresh one, when the agent had changed something.
 */
export function withSavedInput(now: Workspace, saved: WorkspaceCore): Workspace {
  let merged = now;
  for (const kind of KINDS) {
    const slot = slotOf(saved, kind);
    if (!slot.draft || (slot.base?.id ?? null) !== (baseOf(now, kind)?.id ?? null)) continue;
    if (!hasInput(kind, slot)) continue;
    const caution = saved.cautions.find((c) => c.kind === kind);
    const choice = saved.choices.find((c) => c.kind === kind);
    merged = patch(withSlot(merged, kind, slot), {
      cautions: caution ? [...merged.cautions.filter((c) => c.kind !== kind), caution] : merged.cautions,
      choices: choice ? [...merged.choices.filter((c) => c.kind !== kind), choice] : merged.choices,
    });
  }
  return merged;
}

// ---- cautions and choices (R4) ------------------------------------------------------

/** The workspace with `caution` in place of any earlier one of its kind. */
export function withCaution(workspace: Workspace, caution: Caution): Workspace {
  return patch(workspace, { cautions: [...workspace.cautions.filter((c) => c.kind !== caution.kind), caution] });
}

/**
 * The fields still to choose after a Load of `kind`: the new conflicts, and
 * those of an earlier Load the agent has not chosen yet (their version now read
 * from the latest record), so a second change by another agent never resolves
 * an open choice by itself.
 */
export function withChoices(choices: readonly PendingChoice[], kind: Kind, conflicts: readonly FieldConflict[], theirs: DataOf[Kind]): PendingChoice[] {
  const earlier = choices.find((c) => c.kind === kind)?.conflicts ?? [];
  const still = earlier
    .filter((old) => !conflicts.some((c) => c.field === old.field))
    .map((old) => ({ ...old, theirs: structuredClone((theirs as Record<string, unknown>)[old.field]) }));
  const all = [...conflicts, ...still];
  return [...choices.filter((c) => c.kind !== kind), ...(all.length ? [{ kind, conflicts: all }] : [])];
}
