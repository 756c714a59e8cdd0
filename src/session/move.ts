import { MAX_TEXT, mergedInto, type Activity, type ActivityData, type Customer, type Request, type RequestData } from '../model/index.js';
import { ConflictError, type ContextStore, type StoreChange } from '../store/context-store.js';
import { actionId } from './action-ids.js';
import type { SessionCore } from './core.js';
import { journeyWith } from './journey.js';
import { dataOf } from './merge.js';
import type { Workspace } from './types.js';
import { hasInput, patch, slotOf, withCaution, withSlot } from './workspace.js';

/*
 * Moving an activity (issue #19 item 1) to another open request of its
 * customer, to a new request, or to another customer (one of their open
 * requests, a new one, or none).
 *
 * The invariant by construction: an activity is ONE record with one
 * `customerId` and one `requestId`, so a move is ONE update of that record
 * (on the revision the agent saw: a stale one is R4's caution) and the
 * activity can never be in two places or in none. Moving to a new request
 * takes two writes, in this order:
 *
 *   1. the new request, under an id fixed by the action (agent, activity, the
 *      activity's revision, target customer): a retry after a lost answer or a
 *      reload meets that same request instead of making a second one;
 *   2. the activity, pointed at it.
 *
 * If step 2 is refused (a conflict, the server's rules) the new request is
 * still empty and is closed at once (rolled back). If its answer is lost, the
 * activity is read again: moved, the move is done; not moved, the request is
 * closed; unreadable, the request stays open and empty (the next move of the
 * same activity reuses it). A tab dying between the two writes leaves the
 * activity where it was and at most one empty open request.
 *
 * Closed requests are locked: an activity in one cannot move, and none can
 * move into one.
 */

/** Where an activity goes. */
export type MoveTarget =
  /** An open request: of the same customer, or of another (the activity then goes to that customer). */
  | { to: 'request'; requestId: string }
  /** A new request of `customerId` (the same customer or another), titled `title`. */
  | { to: 'new-request'; customerId: string; title: string }
  /** Another customer, in none of their requests. */
  | { to: 'customer'; customerId: string };

/**
 * Why nothing moved: `not-found` (the activity, the target request or customer
 * does not exist, or the customer was merged into another), `source-closed`
 * (the activity is in a closed request), `target-closed` (the target request is
 * closed), `same-place` (the activity is there already), `invalid` (a new
 * request's title is empty or too long), `unsaved` (the current interaction's
 * activity, with unsaved input, to another customer: save or discard first),
 * `busy` (the work area is saving), `conflict` (another agent changed the
 * activity first: R4's caution), `error` (the store failed).
 */
export type MoveRefusal = 'not-found' | 'source-closed' | 'target-closed' | 'same-place' | 'invalid' | 'unsaved' | 'busy' | 'conflict' | 'error';

/** A move refused, typed: `reason` says why; `cause` is the store's error, when there was one. */
export class MoveError extends Error {
  override readonly name = 'MoveError';
  readonly code = 'move';
  constructor(readonly reason: MoveRefusal, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type MoveOutcome =
  | { ok: true; activity: Activity; request: Request | null; from: { customerId: string; requestId: string | null } }
  | { ok: false; reason: MoveRefusal; error: MoveError };

/** What the "Move to…" dialog offers for one activity. */
export interface MoveChoices {
  key: string;
  activity: Activity;
  customer: Customer;
  /** The request the activity is in, or null. */
  from: Request | null;
  /** The activity is in a closed request: it cannot move. */
  locked: boolean;
  /** The customer's other open requests, most recently opened first. */
  requests: Request[];
}

const refused = (reason: MoveRefusal, message: string, cause?: unknown): MoveOutcome => ({
  ok: false,
  reason,
  error: new MoveError(reason, message, cause === undefined ? undefined : { cause }),
});

/**
 * The id of the request a move to a new request makes: the same for every try
 * of one move (agent, activity, the activity's revision when the agent chose,
 * target customer), another for the next move of that activity.
 */
export function moveRequestId(agentId: string, activity: Pick<Activity, 'id' | 'rev'>, customerId: string): string {
  return actionId('request', agentId, `move\n${activity.id}\n${activity.rev}\n${customerId}`);
}

/** Open requests of a customer, most recently opened first, but `except`. */
export async function openRequestsOf(store: ContextStore, customerId: string, except: string | null = null): Promise<Request[]> {
  const requests = await store.requestsOf(customerId);
  return requests.filter((r) => r.status === 'open' && r.id !== except).sort((a, b) => (a.openedAt < b.openedAt ? 1 : a.openedAt > b.openedAt ? -1 : 0));
}

/** The activity as the work area knows it (its own, or the journey's entry), else as the store has it. */
async function knownActivity(core: SessionCore, workspace: Workspace, activityId: string): Promise<Activity | undefined> {
  const own = slotOf(workspace, 'activity').base;
  if (own?.id === activityId) return own;
  const entry = workspace.journey.find((e) => e.id === activityId);
  if (entry?.type === 'activity') return entry;
  return core.store.get('activity', activityId);
}

/** See `AgentSession.moveChoices`. */
export async function moveChoices(core: SessionCore, key: string, activityId: string): Promise<MoveChoices | undefined> {
  const workspace = core.workspace(key);
  if (!workspace) return undefined;
  const activity = await knownActivity(core, workspace, activityId);
  if (!activity) return undefined;
  const [customer, from, requests] = await Promise.all([
    core.store.get('customer', activity.customerId),
    activity.requestId ? core.store.get('request', activity.requestId) : Promise.resolve(undefined),
    openRequestsOf(core.store, activity.customerId, activity.requestId),
  ]);
  if (!customer) return undefined;
  return { key, activity, customer, from: from ?? null, locked: from?.status === 'closed', requests };
}

/** A live customer (not a merged duplicate), or undefined. */
async function liveCustomer(store: ContextStore, id: string): Promise<Customer | undefined> {
  const customer = await store.get('customer', id);
  return customer && !mergedInto(customer) ? customer : undefined;
}

/** Where the target puts the activity: its customer and request (an existing one, one to make, or none). */
type Place = { customerId: string; request: Request | null; newTitle: string | null };

async function placeOf(store: ContextStore, activity: Activity, target: MoveTarget): Promise<Place | MoveOutcome> {
  if (target.to === 'request') {
    const request = await store.get('request', target.requestId);
    if (!request) return refused('not-found', `request ${target.requestId} does not exist`);
    if (request.id === activity.requestId) return refused('same-place', 'the activity is in this request already');
    if (request.status !== 'open') return refused('target-closed', `request ${request.id} is closed`);
    if (request.customerId !== activity.customerId && !(await liveCustomer(store, request.customerId))) {
      return refused('not-found', `customer ${request.customerId} does not exist or was merged`);
    }
    return { customerId: request.customerId, request, newTitle: null };
  }
  if (target.customerId !== activity.customerId && !(await liveCustomer(store, target.customerId))) {
    return refused('not-found', `customer ${target.customerId} does not exist or was merged`);
  }
  if (target.to === 'customer') {
    if (target.customerId === activity.customerId) return refused('same-place', 'the activity is with this customer already');
    return { customerId: target.customerId, request: null, newTitle: null };
  }
  const title = target.title.trim();
  if (!title || title.length > MAX_TEXT) return refused('invalid', 'a new request needs a title of at most 2,000 characters');
  return { customerId: target.customerId, request: null, newTitle: title };
}

/** The activity's data at its new place; `movedFrom` names the customer it left (kept as it was within one customer). */
function movedData(activity: Activity, customerId: string, requestId: string | null): ActivityData {
  const data: ActivityData = { ...dataOf('activity', activity), customerId, requestId };
  if (customerId !== activity.customerId) data.movedFrom = activity.customerId;
  return data;
}

/** See `AgentSession.moveActivity`. */
export async function moveActivity(core: SessionCore, key: string, activityId: string, target: MoveTarget): Promise<MoveOutcome> {
  const workspace = core.workspace(key);
  if (!workspace) return refused('not-found', `no open work area ${key}`);
  if (workspace.busy) return refused('busy', 'the work area is saving');
  core.update(key, (w) => patch(w, { busy: true }));
  try {
    return await move(core, key, activityId, target);
  } catch (error) {
    return refused('error', error instanceof Error ? error.message : String(error), error);
  } finally {
    core.update(key, (w) => (w.busy ? patch(w, { busy: false }) : undefined));
  }
}

async function move(core: SessionCore, key: string, activityId: string, target: MoveTarget): Promise<MoveOutcome> {
  const store = core.store;
  const by = core.agentId;
  const activity = await knownActivity(core, core.workspace(key)!, activityId);
  if (!activity) return refused('not-found', `activity ${activityId} does not exist`);
  const from = activity.requestId ? await store.get('request', activity.requestId) : undefined;
  if (from?.status === 'closed') return refused('source-closed', `request ${from.id} is closed`);
  const place = await placeOf(store, activity, target);
  if ('ok' in place) return place;
  const own = core.workspace(key)!;
  const isCurrent = slotOf(own, 'activity').base?.id === activity.id;
  if (isCurrent && place.customerId !== activity.customerId && hasInput('activity', slotOf(own, 'activity'))) {
    return refused('unsaved', 'the current contact has unsaved input: save or discard it first');
  }

  // 1. The new request, under the move's fixed id.
  let request = place.request;
  let made: Request | null = null;
  if (place.newTitle !== null) {
    const data: RequestData = { customerId: place.customerId, title: place.newTitle, description: '', status: 'open', openedAt: new Date().toISOString(), closedAt: null };
    made = await createOrReuse(store, moveRequestId(by, activity, place.customerId), data, by);
    request = made;
  }

  // 2. The activity: one update on the revision the agent saw.
  const data = movedData(activity, place.customerId, request?.id ?? null);
  let moved: Activity;
  try {
    moved = await store.update('activity', activity.id, activity.rev, data, { by });
  } catch (error) {
    const landed = await landedAnyway(store, activity.id, data, error);
    if (!landed) {
      if (made && (error instanceof ConflictError || landed === false)) await closeEmpty(store, made, by);
      return failed(core, key, error);
    }
    moved = landed;
  }
  if (made) core.hooks.saved?.(made);
  core.hooks.saved?.(moved);
  core.update(key, (w) => followed(w, moved, request));
  return { ok: true, activity: moved, request, from: { customerId: activity.customerId, requestId: activity.requestId } };
}

/**
 * After the activity's write failed: the activity as it now is, when it is
 * at its new place after all (the write landed and its answer was lost, or a
 * retry met its own result); `false` when it is known to be elsewhere;
 * `undefined` when it cannot be read.
 */
async function landedAnyway(store: ContextStore, id: string, data: ActivityData, error: unknown): Promise<Activity | false | undefined> {
  let current: Activity | undefined;
  try {
    current = error instanceof ConflictError ? (error.current as Activity) : await store.get('activity', id);
  } catch {
    return undefined;
  }
  if (!current) return false;
  return current.customerId === data.customerId && current.requestId === data.requestId ? current : false;
}

/** A failed move as the agent sees it: a conflict is R4's caution on the work area's own activity, and the journey shows their version. */
function failed(core: SessionCore, key: string, error: unknown): MoveOutcome {
  if (error instanceof ConflictError) {
    const theirs = error.current;
    core.update(key, (w) => {
      const own = slotOf(w, 'activity').base?.id === theirs.id;
      const next = own ? withCaution(w, { kind: 'activity', theirs, ...(error.sideBySide ? { base: null } : {}) }) : w;
      const journey = theirs.type === 'activity' && theirs.customerId === w.customer?.id ? journeyWith(next, theirs) : next.journey;
      return next === w && journey === w.journey ? undefined : patch(next, { journey });
    });
    return refused('conflict', 'another agent changed the activity first', error);
  }
  return refused('error', error instanceof Error ? error.message : String(error), error);
}

/**
 * The work area after its own activity moved: the activity follows (what the
 * agent typed on it stays, at the new place); within the customer the
 * request follows too, unless the agent has unsaved input on the old one
 * (then it stays, to be saved). Moved to another customer, the work area
 * lets go of it (and of its request, when nothing was typed there).
 */
export function followed(w: Workspace, moved: Activity, request: Request | null): Workspace | undefined {
  const slot = slotOf(w, 'activity');
  if (slot.base?.id !== moved.id) return undefined;
  const requestSlot = slotOf(w, 'request');
  const typedOnRequest = hasInput('request', requestSlot);
  if (moved.customerId !== w.customer?.id) {
    const left = withSlot(w, 'activity', { base: null, draft: null });
    return typedOnRequest ? left : withSlot(left, 'request', { base: null, draft: null });
  }
  const draft = slot.draft ? { ...slot.draft, customerId: moved.customerId, requestId: moved.requestId } : dataOf('activity', moved);
  const next = withSlot(w, 'activity', { base: moved, draft });
  if (typedOnRequest || requestSlot.base?.id === request?.id) return next;
  return withSlot(next, 'request', request ? { base: request, draft: dataOf('request', request) } : { base: null, draft: null });
}

/** Creates the request under its fixed id; a retry that meets it takes it as it is (reopened, and titled as now asked, if an earlier try closed it). */
async function createOrReuse(store: ContextStore, id: string, data: RequestData, by: string): Promise<Request> {
  try {
    return await store.create('request', data, { by, id });
  } catch (error) {
    const existing = await store.get('request', id);
    if (!existing || existing.customerId !== data.customerId) throw error;
    if (existing.status === 'open' && existing.title === data.title) return existing;
    return store.update('request', id, existing.rev, { ...dataOf('request', existing), title: data.title, status: 'open', openedAt: data.openedAt, closedAt: null }, { by });
  }
}

/** Rolls back a request made for a move that did not happen: closed, unless someone wrote to it meanwhile (then it stays open). */
async function closeEmpty(store: ContextStore, request: Request, by: string): Promise<void> {
  try {
    await store.update('request', request.id, request.rev, { ...dataOf('request', request), status: 'closed', closedAt: new Date().toISOString() }, { by });
  } catch {
    // Stale (written meanwhile) or the store failed: it stays open, nothing is lost.
  }
}

/**
 * A store change of an activity that moved to another customer (this
 * agent's move, another tab's, another agent's): it leaves the journey of
 * every open work area of another customer (the session's store listener
 * puts it into its new customer's journey), and a work area that held it
 * as its own activity, with no input on it, lets go of it.
 */
export function followMove(core: SessionCore, change: StoreChange): void {
  const record = change.record;
  if (record.type !== 'activity') return;
  for (const workspace of core.current.open) {
    if (!workspace.customer || workspace.customer.id === record.customerId) continue;
    // Most changes concern none of the others: looked at without touching the state.
    if (slotOf(workspace, 'activity').base?.id !== record.id && !workspace.journey.some((e) => e.id === record.id)) continue;
    core.update(workspace.key, (w) => {
      const journey = w.journey.some((e) => e.id === record.id) ? w.journey.filter((e) => e.id !== record.id) : w.journey;
      const slot = slotOf(w, 'activity');
      // Its own activity, taken in as it is now (`onStoreChange`) with nothing typed on it: let go. With input, R4's caution stays.
      const own = slot.base?.id === record.id && slot.base.rev === record.rev && !hasInput('activity', slot);
      const next = own ? followed(w, record, null) : undefined;
      if (journey === w.journey && !next) return undefined;
      return patch(next ?? w, { journey });
    });
  }
}
