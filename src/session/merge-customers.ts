import {
  MAX_ITEMS,
  ValidationError,
  mergedInto,
  sameData,
  withoutEmptyOptionals,
  type Activity,
  type Customer,
  type CustomerData,
  type DataOf,
  type Kind,
  type RecordOf,
  type Request,
} from '../model/index.js';
import { ConflictError, NotFoundError, type ContextStore } from '../store/context-store.js';
import { fold, phoneDigits } from '../store/keys.js';

/**
 * Merging two customers (issue #19 item 2), as plain logic over a store:
 *
 * - `planMerge` (pure): the two records side by side. Each scalar field whose
 *   values differ (name, last name, address, a free field both have with two
 *   values) is a choice; contact points are unioned, deduplicated by the keys
 *   lookups use (phone digits, folded email and chat id); free fields only one
 *   has are kept. Nothing is dropped silently: a union too long for the model
 *   (`overLimit`) refuses the merge instead of cutting it.
 * - `mergeCustomers`: the writes, in the order of the design (design-19.md):
 *   1. the survivor S gets the chosen values, the union and `mergedFrom += D`
 *      (the commit point: a stale S is R4's conflict, nothing written);
 *   2. the duplicate D keeps its data and gets `mergedInto = S` (a tombstone);
 *   3. every request and activity of D moves to S (activities with
 *      `movedFrom = D`), a few writes at a time, progress reported.
 * - `finishMerges` (resume): whoever opens S and finds in `mergedFrom` a
 *   customer not yet a tombstone, or one still holding requests or
 *   activities, finishes steps 2–3. Idempotent; contact points written on D
 *   after step 1 are added to S before D becomes a tombstone.
 * - `undoMerge`: both records' data back exactly as before (written on their
 *   current revisions, refused as R4's conflict when someone changed them
 *   since) and the moved records back to D.
 */

/** How many records move at the same time. */
export const MERGE_PARALLEL = 8;
/** How many activities are read per page while moving. */
const MOVE_PAGE = 500;
/** How often a write that met another agent's newer version is tried again on it (it only changes the owner). */
const RETRIES = 5;

export type ContactField = 'phones' | 'emails' | 'chatIds';
const CONTACT_FIELDS: readonly ContactField[] = ['phones', 'emails', 'chatIds'];

/** A field with two values to choose from: `name`, `lastName`, `address` or `fields.<label>`. */
export interface MergeChoice {
  field: string;
  survivor: string;
  duplicate: string;
}

/** Which side of each choice to keep, by field; a field not given keeps the default (`defaultSide`). */
export type MergeChoices = Readonly<Record<string, 'survivor' | 'duplicate'>>;

export interface MergePlan {
  survivor: Customer;
  duplicate: Customer;
  /** The fields whose values differ, one choice each. */
  choices: MergeChoice[];
  /** Contact points after the merge: the survivor's, then the duplicate's it did not have. */
  contacts: Record<ContactField, string[]>;
  /** The contact points the duplicate brings (not already the survivor's). */
  added: Record<ContactField, string[]>;
  /** Free fields kept without a choice: only one has the label, or both with the same value. */
  fields: Record<string, string>;
  /** Lists that would be longer than the model allows (`MAX_ITEMS`) once unioned: the merge is refused, nothing is cut. */
  overLimit: Array<ContactField | 'fields'>;
}

/** What a merge reports as it moves records. */
export interface MergeProgress {
  done: number;
  total: number;
}

/** What a finished merge wrote, for Undo within the session. */
export interface MergeRecord {
  survivorId: string;
  duplicateId: string;
  survivorBefore: CustomerData;
  duplicateBefore: CustomerData;
  /** The survivor's data as the merge left it (Undo is refused when it changed since). */
  survivorAfter: CustomerData;
  duplicateAfter: CustomerData;
  /** Moved requests. */
  requests: string[];
  /** Moved activities, each with its `movedFrom` before the move. */
  activities: Map<string, string | null>;
}

export type MergeRefusal = 'conflict' | 'invalid' | 'error';

export type MergeOutcome =
  | { ok: true; survivor: Customer; record: MergeRecord }
  | { ok: false; reason: MergeRefusal; error?: Error; current?: Customer };

/** Who writes, where. `SessionCore` is one. */
export interface MergeContext {
  readonly store: ContextStore;
  readonly agentId: string;
}

// ---- records as data ------------------------------------------------------------

const META = new Set(['type', 'id', 'rev', 'createdAt', 'updatedAt', 'updatedBy', 'damage']);

/** A record's data with every field it holds (optional ones too), without meta or store keys. */
export function recordData<K extends Kind>(record: RecordOf[K]): DataOf[K] {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!META.has(key) && !key.startsWith('_')) out[key] = structuredClone(value);
  return withoutEmptyOptionals(out) as DataOf[K];
}

// ---- the plan -------------------------------------------------------------------

/** The key a contact point is deduplicated by: the one lookups use. */
export function contactKey(field: ContactField, value: string): string {
  if (field === 'phones') return phoneDigits(value) || fold(value);
  return fold(value);
}

function union(field: ContactField, first: readonly string[], second: readonly string[]): { all: string[]; added: string[] } {
  const seen = new Set(first.map((v) => contactKey(field, v)));
  const added: string[] = [];
  for (const value of second) {
    const key = contactKey(field, value);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(value);
  }
  return { all: [...first, ...added], added };
}

/** The default side of a choice: the survivor's value, unless it is empty and the duplicate's is not. */
export function defaultSide(choice: MergeChoice): 'survivor' | 'duplicate' {
  return choice.survivor.trim() === '' && choice.duplicate.trim() !== '' ? 'duplicate' : 'survivor';
}

/** See the module's comment. Pure. */
export function planMerge(survivor: Customer, duplicate: Customer): MergePlan {
  const choices: MergeChoice[] = [];
  for (const field of ['name', 'lastName', 'address'] as const) {
    const s = survivor[field] ?? '';
    const d = duplicate[field] ?? '';
    if (s !== d) choices.push({ field, survivor: s, duplicate: d });
  }
  const contacts = {} as Record<ContactField, string[]>;
  const added = {} as Record<ContactField, string[]>;
  const overLimit: MergePlan['overLimit'] = [];
  for (const field of CONTACT_FIELDS) {
    const joined = union(field, survivor[field], duplicate[field]);
    contacts[field] = joined.all;
    added[field] = joined.added;
    if (joined.all.length > MAX_ITEMS) overLimit.push(field);
  }
  const fields: Record<string, string> = {};
  for (const [label, value] of Object.entries(survivor.fields)) {
    const other = duplicate.fields[label];
    if (other === undefined || other === value) fields[label] = value;
    else choices.push({ field: `fields.${label}`, survivor: value, duplicate: other });
  }
  for (const [label, value] of Object.entries(duplicate.fields)) if (!Object.hasOwn(survivor.fields, label)) fields[label] = value;
  const labels = new Set([...Object.keys(survivor.fields), ...Object.keys(duplicate.fields)]);
  if (labels.size > MAX_ITEMS) overLimit.push('fields');
  return { survivor, duplicate, choices, contacts, added, fields, overLimit };
}

/** The survivor's data once merged with `choices` (`mergedFrom` ends with the duplicate). */
export function mergedData(plan: MergePlan, choices: MergeChoices = {}): CustomerData {
  const { survivor, duplicate } = plan;
  const pick = (choice: MergeChoice) => ((choices[choice.field] ?? defaultSide(choice)) === 'survivor' ? choice.survivor : choice.duplicate);
  const value = (field: 'name' | 'lastName' | 'address') => {
    const choice = plan.choices.find((c) => c.field === field);
    return choice ? pick(choice) : (survivor[field] ?? '');
  };
  const fields = { ...plan.fields };
  for (const choice of plan.choices) if (choice.field.startsWith('fields.')) fields[choice.field.slice('fields.'.length)] = pick(choice);
  const before = survivor.mergedFrom ?? [];
  return withoutEmptyOptionals({
    ...recordData<'customer'>(survivor),
    name: value('name'),
    lastName: value('lastName'),
    address: value('address'),
    ...plan.contacts,
    fields,
    mergedFrom: before.includes(duplicate.id) ? before : [...before, duplicate.id],
  });
}

/**
 * Which of two customers should survive by default: the one with more
 * activities, or, as many, the older one (created first).
 */
export function suggestSurvivor(a: { customer: Customer; activities: number }, b: { customer: Customer; activities: number }): { survivor: Customer; duplicate: Customer; reason: 'more-activities' | 'older' } {
  if (a.activities !== b.activities) {
    const [s, d] = a.activities > b.activities ? [a, b] : [b, a];
    return { survivor: s.customer, duplicate: d.customer, reason: 'more-activities' };
  }
  const [s, d] = a.customer.createdAt <= b.customer.createdAt ? [a, b] : [b, a];
  return { survivor: s.customer, duplicate: d.customer, reason: 'older' };
}

// ---- the writes -----------------------------------------------------------------

/** Runs `work` on every item, at most `parallel` at a time. */
async function inParallel<T>(items: readonly T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(parallel, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Writes `change` onto the record's current version while `still` holds for it
 * (another agent's edit of the record is kept: only the owner changes);
 * resolves the written record, or undefined when the record is gone or no
 * longer the one to change.
 */
async function rewrite<K extends 'request' | 'activity' | 'customer'>(
  ctx: MergeContext,
  kind: K,
  record: RecordOf[K],
  still: (current: RecordOf[K]) => boolean,
  change: (data: DataOf[K]) => DataOf[K],
): Promise<RecordOf[K] | undefined> {
  let current = record;
  for (let attempt = 0; attempt <= RETRIES; attempt++) {
    if (!still(current)) return undefined;
    try {
      return await ctx.store.update(kind, current.id, current.rev, withoutEmptyOptionals(change(recordData<K>(current))), { by: ctx.agentId });
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      if (!(error instanceof ConflictError)) throw error;
      current = error.current as RecordOf[K];
    }
  }
  throw new Error(`${kind} ${record.id} kept changing while it was being moved`);
}

function withMovedFrom(data: DataOf['activity'], movedFrom: string | null): DataOf['activity'] {
  const next: DataOf['activity'] = { ...data };
  if (movedFrom) next.movedFrom = movedFrom;
  else delete next.movedFrom;
  return next;
}

/** Moves every request and activity of `from` to `to` (step 3); `record` collects what moved. */
async function moveChildren(ctx: MergeContext, from: string, to: string, record: MergeRecord | undefined, onProgress?: (p: MergeProgress) => void): Promise<number> {
  const [requests, count] = await Promise.all([ctx.store.requestsOf(from), ctx.store.countActivities(from)]);
  const progress = { done: 0, total: requests.length + count };
  onProgress?.({ ...progress });
  const tick = () => {
    progress.done++;
    if (progress.done > progress.total) progress.total = progress.done;
    onProgress?.({ ...progress });
  };
  await inParallel(requests, MERGE_PARALLEL, async (request) => {
    const moved = await rewrite(ctx, 'request', request, (r: Request) => r.customerId === from, (data) => ({ ...data, customerId: to }));
    if (moved) record?.requests.push(moved.id);
    tick();
  });
  for (;;) {
    const page = await ctx.store.activitiesOf(from, { limit: MOVE_PAGE });
    if (!page.length) break;
    let moved = 0;
    await inParallel(page, MERGE_PARALLEL, async (activity) => {
      const before = activity.movedFrom ?? null;
      const written = await rewrite(ctx, 'activity', activity, (a: Activity) => a.customerId === from, (data) => withMovedFrom({ ...data, customerId: to }, from));
      if (written) {
        moved++;
        record?.activities.set(written.id, before);
      }
      tick();
    });
    // Nothing of the page could move (every one changed owner meanwhile, yet the index still lists them): stop rather than loop.
    if (moved === 0) break;
  }
  return progress.done;
}

/** Adds to the survivor the contact points of the duplicate it does not have (written on D after step 1). */
async function addMissingContacts(ctx: MergeContext, survivorId: string, duplicate: Customer, record: MergeRecord | undefined): Promise<void> {
  const survivor = await ctx.store.get('customer', survivorId);
  if (!survivor) return;
  const written = await rewrite(ctx, 'customer', survivor, (s) => CONTACT_FIELDS.some((f) => union(f, s[f], duplicate[f]).added.length > 0), (data) => {
    const next = { ...data };
    for (const field of CONTACT_FIELDS) next[field] = union(field, data[field], duplicate[field]).all;
    return next;
  });
  if (written && record) record.survivorAfter = recordData<'customer'>(written);
}

/**
 * Steps 2 and 3 for one duplicate of `survivorId`: the tombstone (after any
 * contact point it gained meanwhile went to the survivor), then the moves.
 * Does nothing for a customer merged into another one.
 */
async function finishOne(ctx: MergeContext, survivorId: string, duplicateId: string, record: MergeRecord | undefined, onProgress?: (p: MergeProgress) => void): Promise<boolean> {
  let duplicate = await ctx.store.get('customer', duplicateId);
  if (!duplicate) return false;
  const target = mergedInto(duplicate);
  if (target !== null && target !== survivorId) return false;
  for (let attempt = 0; target === null && attempt <= RETRIES; attempt++) {
    await addMissingContacts(ctx, survivorId, duplicate, record);
    try {
      const tombstone = await ctx.store.update('customer', duplicate.id, duplicate.rev, { ...recordData<'customer'>(duplicate), mergedInto: survivorId }, { by: ctx.agentId });
      if (record) record.duplicateAfter = recordData<'customer'>(tombstone);
      break;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      duplicate = error.current as Customer;
      if (mergedInto(duplicate) !== null) {
        if (record) record.duplicateAfter = recordData<'customer'>(duplicate);
        break;
      }
    }
  }
  await moveChildren(ctx, duplicateId, survivorId, record, onProgress);
  return true;
}

/** See the module's comment. `onProgress` hears each record moved. */
export async function mergeCustomers(ctx: MergeContext, plan: MergePlan, choices: MergeChoices = {}, onProgress?: (p: MergeProgress) => void): Promise<MergeOutcome> {
  const { survivor, duplicate } = plan;
  if (survivor.id === duplicate.id) return { ok: false, reason: 'invalid', error: new Error('a customer cannot be merged with itself') };
  if (plan.overLimit.length) {
    const field = plan.overLimit[0]!;
    return { ok: false, reason: 'invalid', error: new ValidationError('too-many-items', field, `at most ${MAX_ITEMS} items`, MAX_ITEMS) };
  }
  try {
    // Another agent's edit of either since the plan was made: R4, nothing written, the plan is made again on theirs.
    const [s, d] = await Promise.all([ctx.store.get('customer', survivor.id), ctx.store.get('customer', duplicate.id)]);
    if (!s || !d) return { ok: false, reason: 'invalid', error: new Error('a customer to merge no longer exists') };
    if (mergedInto(s) !== null || mergedInto(d) !== null) return { ok: false, reason: 'invalid', error: new Error('a customer to merge was merged meanwhile') };
    if (s.rev !== survivor.rev) return { ok: false, reason: 'conflict', current: s, error: new ConflictError('customer', s.id, s) };
    if (d.rev !== duplicate.rev) return { ok: false, reason: 'conflict', current: d, error: new ConflictError('customer', d.id, d) };
    const data = mergedData(plan, choices);
    // Step 1, the commit point.
    let written: Customer;
    try {
      written = await ctx.store.update('customer', survivor.id, survivor.rev, data, { by: ctx.agentId });
    } catch (error) {
      if (error instanceof ConflictError) return { ok: false, reason: 'conflict', error, current: error.current as Customer };
      throw error;
    }
    const record: MergeRecord = {
      survivorId: survivor.id,
      duplicateId: duplicate.id,
      survivorBefore: recordData<'customer'>(survivor),
      duplicateBefore: recordData<'customer'>(duplicate),
      survivorAfter: recordData<'customer'>(written),
      duplicateAfter: recordData<'customer'>(duplicate),
      requests: [],
      activities: new Map(),
    };
    await finishOne(ctx, survivor.id, duplicate.id, record, onProgress);
    const now = (await ctx.store.get('customer', survivor.id)) ?? written;
    return { ok: true, survivor: now, record };
  } catch (error) {
    return { ok: false, reason: error instanceof ValidationError ? 'invalid' : 'error', error: error as Error };
  }
}

/** Whether a duplicate listed in a survivor's `mergedFrom` still needs steps 2–3. */
export async function unfinished(store: ContextStore, survivorId: string, duplicateId: string): Promise<boolean> {
  const duplicate = await store.get('customer', duplicateId);
  if (!duplicate) return false;
  const target = mergedInto(duplicate);
  if (target === null) return true;
  if (target !== survivorId) return false;
  const [requests, activities] = await Promise.all([store.requestsOf(duplicateId), store.activitiesOf(duplicateId, { limit: 1 })]);
  return requests.length > 0 || activities.length > 0;
}

/** Resume: finishes every merge into `survivor` left half done (a tab closed mid-way). Resolves the ids finished. */
export async function finishMerges(ctx: MergeContext, survivor: Customer, onProgress?: (p: MergeProgress) => void): Promise<string[]> {
  const finished: string[] = [];
  for (const duplicateId of survivor.mergedFrom ?? []) {
    if (!(await unfinished(ctx.store, survivor.id, duplicateId))) continue;
    if (await finishOne(ctx, survivor.id, duplicateId, undefined, onProgress)) finished.push(duplicateId);
  }
  return finished;
}

export type UndoOutcome = { ok: true; survivor: Customer; duplicate: Customer } | { ok: false; reason: MergeRefusal; error?: Error; current?: Customer };

/**
 * Undo within the session: S's data as before the merge (so it lists D no
 * more, and nothing resumes it), the moved records back to D (with the
 * `movedFrom` they had), then D's data as before (no longer a tombstone).
 * Refused (`conflict`) when another agent changed S or D since the merge.
 */
export async function undoMerge(ctx: MergeContext, record: MergeRecord, onProgress?: (p: MergeProgress) => void): Promise<UndoOutcome> {
  try {
    const [s, d] = await Promise.all([ctx.store.get('customer', record.survivorId), ctx.store.get('customer', record.duplicateId)]);
    if (!s || !d) return { ok: false, reason: 'invalid', error: new Error('a merged customer no longer exists') };
    if (!sameData(recordData<'customer'>(s), record.survivorAfter)) return { ok: false, reason: 'conflict', current: s, error: new ConflictError('customer', s.id, s) };
    if (!sameData(recordData<'customer'>(d), record.duplicateAfter)) return { ok: false, reason: 'conflict', current: d, error: new ConflictError('customer', d.id, d) };
    let survivor: Customer;
    try {
      survivor = await ctx.store.update('customer', s.id, s.rev, record.survivorBefore, { by: ctx.agentId });
    } catch (error) {
      if (error instanceof ConflictError) return { ok: false, reason: 'conflict', error, current: error.current as Customer };
      throw error;
    }
    const progress = { done: 0, total: record.requests.length + record.activities.size };
    const tick = () => onProgress?.({ ...progress, done: ++progress.done });
    const { survivorId: from, duplicateId: to } = record;
    await inParallel(record.requests, MERGE_PARALLEL, async (id) => {
      const request = await ctx.store.get('request', id);
      if (request) await rewrite(ctx, 'request', request, (r: Request) => r.customerId === from, (data) => ({ ...data, customerId: to }));
      tick();
    });
    await inParallel([...record.activities], MERGE_PARALLEL, async ([id, movedFrom]) => {
      const activity = await ctx.store.get('activity', id);
      if (activity) await rewrite(ctx, 'activity', activity, (a: Activity) => a.customerId === from, (data) => withMovedFrom({ ...data, customerId: to }, movedFrom));
      tick();
    });
    const now = (await ctx.store.get('customer', to)) ?? d;
    const duplicate = await ctx.store.update('customer', to, now.rev, record.duplicateBefore, { by: ctx.agentId });
    return { ok: true, survivor, duplicate };
  } catch (error) {
    return { ok: false, reason: 'error', error: error as Error };
  }
}

/** The customer `id` reads as once merges are followed: itself, or the survivor it was merged into (a few hops at most). */
export async function survivorOf(store: ContextStore, customer: Customer): Promise<Customer> {
  let current = customer;
  for (let hop = 0; hop < 5; hop++) {
    const target = mergedInto(current);
    if (target === null) return current;
    const next = await store.get('customer', target);
    if (!next) return current;
    current = next;
  }
  return current;
}
