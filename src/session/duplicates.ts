import { fullName, mergedInto, type Customer, type CustomerData, type DataOf } from '../model/index.js';
import type { ContextStore } from '../store/context-store.js';
import { fold, phoneDigits } from '../store/keys.js';
import { realClock, type Clock } from './agent-state.js';
import { LatestOnly } from './latest-only.js';
import type { SessionCore } from './core.js';
import { openForCustomer } from './interactions.js';
import { changedFields } from './merge.js';
import { survivorOf } from './merge-customers.js';
import type { SaveOutcome, Workspace } from './types.js';
import { draftOf, patch, prefilled, slotOf, withSlot } from './workspace.js';

/**
 * Likely duplicates of a customer being created (issue #19 item 2): customers
 * already stored with the same phone digits (or the same last 7+ digits), the
 * same email (case-insensitive), or a very similar name (the same folded full
 * name, the same words in another order, or one edit apart for names of 5
 * letters or more). Most likely first, never the customer itself, never a
 * merged duplicate (a tombstone), at most `DUPLICATES_MAX`. Read through the
 * store's lookups and search (indexes), a bounded number of reads.
 */

/** The most likely duplicates shown. */
export const DUPLICATES_MAX = 5;
/** The fewest last digits two numbers share to count as the same number written another way. */
export const PHONE_SAME_TAIL = 7;
/** How long after the agent's last change to the form the store is asked. */
export const DUPLICATES_DELAY_MS = 250;
/** How many search hits each name word reads. */
const NAME_READ = 20;

/** Why a customer looks like a duplicate, most certain first. */
export type DuplicateReason = 'email' | 'phone' | 'phone-tail' | 'name' | 'name-order' | 'name-similar';

export interface LikelyDuplicate {
  customer: Customer;
  /** Every reason found, most certain first. */
  reasons: DuplicateReason[];
}

const WEIGHT: Record<DuplicateReason, number> = { email: 100, phone: 90, 'phone-tail': 70, name: 60, 'name-order': 50, 'name-similar': 40 };

/** The folded full name, words split. */
function nameWords(data: Pick<CustomerData, 'name' | 'lastName'>): string[] {
  return fold(fullName(data)).split(/\s+/).filter(Boolean);
}

/** Whether two strings are at most one insertion, deletion or substitution apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** How a stored customer's name compares with the name typed: the same, the same words in another order, one edit apart, or not alike. */
export function nameLikeness(typed: Pick<CustomerData, 'name' | 'lastName'>, other: Pick<CustomerData, 'name' | 'lastName'>): DuplicateReason | null {
  const a = nameWords(typed);
  const b = nameWords(other);
  if (a.length === 0 || b.length === 0) return null;
  const joinedA = a.join(' ');
  const joinedB = b.join(' ');
  if (joinedA === joinedB) return 'name';
  if (a.length > 1 && [...a].sort().join(' ') === [...b].sort().join(' ')) return 'name-order';
  const letters = (s: string) => s.replace(/\s/g, '').length;
  if (letters(joinedA) >= 5 && letters(joinedB) >= 5 && oneEditApart(joinedA, joinedB)) return 'name-similar';
  return null;
}

/** How two phone lists compare: a number with the same digits, one sharing its last 7+ digits, or none. */
function phoneLikeness(typed: readonly string[], other: readonly string[]): DuplicateReason | null {
  let best: DuplicateReason | null = null;
  for (const a of typed.map(phoneDigits)) {
    for (const b of other.map(phoneDigits)) {
      if (!a || !b) continue;
      if (a === b) return 'phone';
      if (a.length >= PHONE_SAME_TAIL && b.length >= PHONE_SAME_TAIL && a.slice(-PHONE_SAME_TAIL) === b.slice(-PHONE_SAME_TAIL)) best = 'phone-tail';
    }
  }
  return best;
}

/** Every reason `other` looks like the customer typed (`data`), most certain first; [] for none. */
export function duplicateReasons(data: CustomerData, other: CustomerData): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  const emails = new Set(data.emails.map(fold).filter(Boolean));
  if (other.emails.some((email) => emails.has(fold(email)))) reasons.push('email');
  const phone = phoneLikeness(data.phones, other.phones);
  if (phone) reasons.push(phone);
  const name = nameLikeness(data, other);
  if (name) reasons.push(name);
  return reasons;
}

function score(reasons: readonly DuplicateReason[]): number {
  return reasons.reduce((sum, reason) => sum + WEIGHT[reason], 0);
}

/**
 * The likely duplicates of `data` among the stored customers; `exclude`: the
 * id of the customer itself (editing one already stored). Reads: a contact
 * lookup per phone and email (at most 3 each), a search by each phone's last
 * 7 digits, and a search by each name word's first letters.
 */
export async function likelyDuplicates(store: ContextStore, data: CustomerData, exclude?: string): Promise<LikelyDuplicate[]> {
  const reads: Array<Promise<Customer[]>> = [];
  for (const email of data.emails.slice(0, 3)) if (email.trim()) reads.push(store.findByContact({ email }));
  for (const phone of data.phones.slice(0, 3)) {
    const digits = phoneDigits(phone);
    if (!digits) continue;
    reads.push(store.findByContact({ phone }));
    if (digits.length >= PHONE_SAME_TAIL) reads.push(store.search(digits.slice(-PHONE_SAME_TAIL), NAME_READ).then((hits) => hits.map((h) => h.customer)));
  }
  // One edit apart may change any letter but not all: the first 3 letters of some word survive it in a name of 2+ words, the first 2 in one word.
  const words = [...new Set(nameWords(data))].slice(0, 4);
  for (const word of words) {
    const prefix = word.slice(0, words.length > 1 ? 3 : 2);
    if (prefix.length >= 2) reads.push(store.search(prefix, NAME_READ).then((hits) => hits.map((h) => h.customer)));
  }
  const found = new Map<string, Customer>();
  for (const list of await Promise.all(reads)) for (const customer of list) if (!found.has(customer.id)) found.set(customer.id, customer);
  const likely: LikelyDuplicate[] = [];
  for (const customer of found.values()) {
    if (customer.id === exclude || mergedInto(customer) !== null) continue;
    const reasons = duplicateReasons(data, customer);
    if (reasons.length) likely.push({ customer, reasons });
  }
  likely.sort((a, b) => score(b.reasons) - score(a.reasons) || b.customer.updatedAt.localeCompare(a.customer.updatedAt) || a.customer.id.localeCompare(b.customer.id));
  return likely.slice(0, DUPLICATES_MAX);
}

/**
 * The duplicates of one form, asked `delayMs` after its last change (debounced)
 * and answered only while it is the latest question: an earlier call resolves
 * `null`, even when its store answer comes after a later one's (a late answer
 * never shows for a changed form). A failing store gives none (`[]`).
 */
export class DuplicateFinder {
  private readonly calls: LatestOnly<LikelyDuplicate[]>;

  constructor(private readonly store: () => ContextStore, options: { delayMs?: number | undefined; clock?: Clock | undefined } = {}) {
    this.calls = new LatestOnly(options.delayMs ?? DUPLICATES_DELAY_MS, options.clock ?? realClock);
  }

  find(data: CustomerData, exclude?: string): Promise<LikelyDuplicate[] | null> {
    return this.calls.call(() => likelyDuplicates(this.store(), data, exclude), []);
  }

  cancel(): void {
    this.calls.cancel();
  }
}

// ---- in the session: the form's duplicates, "Use this one" ----------------------------

/** The likely duplicates found for a work area's form, and the draft they were found for. */
export interface FormDuplicates {
  draft: CustomerData;
  found: LikelyDuplicate[];
}

interface DuplicateState {
  finder: DuplicateFinder;
  /** By work area key: the last answer, for the draft it answers. */
  shown: Map<string, FormDuplicates>;
  /** By work area key: the draft last asked about. */
  asked: Map<string, CustomerData>;
}

const states = new WeakMap<SessionCore, DuplicateState>();

function stateOf(core: SessionCore, options: { delayMs?: number | undefined; clock?: Clock | undefined } = {}): DuplicateState {
  let state = states.get(core);
  if (!state) {
    state = { finder: new DuplicateFinder(() => core.store, options), shown: new Map(), asked: new Map() };
    states.set(core, state);
  }
  return state;
}

/**
 * Watches the work areas of contacts not created yet: each change of the
 * form's data asks the store for likely duplicates (debounced), and the
 * answer is kept only while the form still holds the data it was asked for.
 * Only the current work area is asked about. Returns the listener to remove.
 */
export function watchDuplicates(core: SessionCore, options: { delayMs?: number | undefined; clock?: Clock | undefined } = {}): () => void {
  const state = stateOf(core, options);
  const listener = () => {
    // A work area closed or created: what was asked and shown for its form goes with it.
    for (const map of [state.shown, state.asked]) for (const key of map.keys()) if (!core.workspace(key) || core.workspace(key)!.customer) map.delete(key);
    const workspace = core.workspace();
    if (!workspace || workspace.customer || state.asked.get(workspace.key) === workspace.customerDraft) return;
    const draft = workspace.customerDraft;
    state.asked.set(workspace.key, draft);
    const key = workspace.key;
    void state.finder.find(draft).then((found) => {
      const now = core.workspace(key);
      // A late answer never shows for a changed form.
      if (!found || core.disposed || !now || now.customer || now.customerDraft !== draft) return;
      state.shown.set(key, { draft, found });
      // A new state object: the elements see that something changed.
      core.set({});
    });
  };
  core.listeners.add(listener);
  return () => {
    core.listeners.delete(listener);
    state.finder.cancel();
  };
}

/** The forms asked about and answered, kept while their work area is open and not created (`footprint`). */
export function duplicateForms(core: SessionCore): { asked: number; shown: number } {
  const state = stateOf(core);
  return { asked: state.asked.size, shown: state.shown.size };
}

/** The likely duplicates shown for the work area `key` (those found for its current form data), or []. */
export function duplicatesOf(core: SessionCore, key: string): LikelyDuplicate[] {
  const shown = stateOf(core).shown.get(key);
  const workspace = core.workspace(key);
  return shown && workspace && !workspace.customer && workspace.customerDraft === shown.draft ? shown.found : [];
}

/**
 * "Use this one": the interaction of a contact not created yet opens on the
 * stored customer `customerId` instead (followed to its survivor if it was
 * merged), as if the contact point had found them (R1.2, R2.5): nothing is
 * created for the contact. What the agent typed on the request and the
 * activity goes onto the records the interaction attaches to, as unsaved input.
 */
export async function useExisting(core: SessionCore, key: string, customerId: string): Promise<SaveOutcome> {
  const workspace = core.workspace(key);
  const info = workspace?.interaction;
  if (!workspace || workspace.customer || !info) return { ok: false, reason: 'error', error: new Error('no contact to open on a customer') };
  core.update(key, (w) => patch(w, { busy: true }));
  try {
    const found = await core.store.get('customer', customerId);
    const customer = found && (await survivorOf(core.store, found));
    if (!customer || mergedInto(customer) !== null) throw new Error(`customer ${customerId} does not exist`);
    await openForCustomer(core, info, customer);
    const typed = core.workspace(key) ?? workspace;
    const opened = core.workspace(customer.id);
    if (opened) core.putWorkspace(withTyped(opened, typed, customer.id), true);
    const open = core.current.open.filter((w) => w.key !== key);
    core.set({ open, activeKey: customer.id });
    core.persist();
    return { ok: true, saved: [] };
  } catch (error) {
    core.update(key, (w) => patch(w, { busy: false }));
    core.interactions.set(info.interactionId, key);
    return { ok: false, reason: 'error', error: error as Error };
  }
}

/** The work area opened on the customer, with the fields the agent changed on the contact's request and activity laid over (unsaved). */
function withTyped(opened: Workspace, typed: Workspace, customerId: string): Workspace {
  let next = opened;
  for (const kind of ['request', 'activity'] as const) {
    const made = prefilled(typed, kind);
    const draft = draftOf(typed, kind);
    const target = slotOf(next, kind);
    if (!made || !draft || !target.draft) continue;
    const changes = changedFields(kind, made, draft).filter((field) => field !== 'customerId' && field !== 'requestId');
    if (!changes.length) continue;
    const over: Record<string, unknown> = { ...target.draft };
    for (const field of changes) over[field] = structuredClone((draft as unknown as Record<string, unknown>)[field]);
    over['customerId'] = customerId;
    next = withSlot(next, kind, { draft: over as unknown as DataOf[typeof kind] });
  }
  return next;
}
