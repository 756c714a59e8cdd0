import type { ActivityData, CustomerData, Kind, ReceiveResult, Request, RequestData } from '../model/index.js';
import { backendFor, isBackend, type Backend } from '../store/backend.js';
import type { ContextStore, SearchHit, TagSuggestion } from '../store/context-store.js';
import { AgentStateMachine, type AgentStateName } from './agent-state.js';
import type { RequestChoice } from './attach.js';
import * as care from './care.js';
import * as closing from './close.js';
import * as conflicts from './conflicts.js';
import { SessionCore } from './core.js';
import { DraftStore } from './drafts.js';
import { receive } from './intake.js';
import { reopen } from './interactions.js';
import { chooseJourneyPeriod, loadMoreJourney, type JourneyPeriod } from './journey.js';
import { closeAbandoned, startNewRequest } from './new-request.js';
import { followMove, moveActivity, moveChoices, openRequestsOf, type MoveChoices, type MoveOutcome, type MoveTarget } from './move.js';
import { withSystemFields } from './merge.js';
import { newRequestOffer } from './request-offer.js';
import { duplicatesOf, useExisting, watchDuplicates, type LikelyDuplicate } from './duplicates.js';
import type { MergeChoices, MergePlan, MergeProgress } from './merge-customers.js';
import * as merging from './tombstones.js';
import { PresenceTracker } from './presence.js';
import { HistoryTracker } from './history.js';
import { restore } from './restore.js';
import type { SessionOptions } from './exports.js';
import { searchPage, type SearchPage } from './search.js';
import { TagSuggester } from './suggestions.js';
import { footprint, type SessionFootprint } from './footprint.js';
import { DraftMirror } from './remote-drafts.js';
import * as repair from './repair.js';
import { createCustomer, save } from './saving.js';
import type {
  AcceptOutcome,
  CloseChoice,
  CloseQuestion,
  DeliveryConflict,
  SaveOutcome,
  SessionState,
  TaskPreview,
  Workspace,
} from './types.js';
import { dirtyKinds, editedRequest, withSlot } from './workspace.js';
import { unsavedCount, unsavedFields, type UnsavedFields } from './unsaved.js';

export * from './exports.js';

/**
 * What one agent is doing, as plain logic (no DOM): the Open and Recent lists,
 * drafts and their saving, cautions when another agent saved first, the close
 * decisions, and the host events that drive it. `<customer-context>` renders
 * `state` and calls the methods; everything here is testable without a page.
 */
export class AgentSession {
  private readonly core: SessionCore;
  private readonly unsubscribe: () => void;
  /** Who else has a customer open, and what this agent is doing (issue #18 item 2); none without a presence part. */
  private readonly presenceTracker: PresenceTracker | undefined;
  private readonly suggester: TagSuggester;
  /** Each open customer's activities per month (the history chart, issue #19 item 5). */
  private readonly historyTracker: HistoryTracker;

  /**
   * `source`: the backend (store, delivery state and reports), or a bare
   * store (then one is made over it: an `Outbox` still reports refusals).
   */
  constructor(source: ContextStore | Backend, options: SessionOptions = {}) {
    const backend = isBackend(source) ? source : backendFor(source);
    const agentId = options.agentId ?? 'agent';
    const drafts = options.drafts ?? new DraftStore(agentId);
    const machine = new AgentStateMachine({ offerTimeoutMs: options.offerTimeoutMs, clock: options.clock });
    const core = new SessionCore(backend, options.hooks ?? {}, drafts, machine, agentId);
    this.core = core;
    this.historyTracker = new HistoryTracker(core);
    this.suggester = new TagSuggester(() => core.store, { delayMs: options.suggestDelayMs, clock: options.clock });
    if (backend.drafts) core.mirror = new DraftMirror(backend.drafts, options.remoteDraftsDelayMs);
    // Read now, so that work done before `restore()` runs (a host event) cannot overwrite it in storage.
    for (const entry of drafts.loadWorkspaces().open) core.unrestored.set(entry.key, entry);
    const offCare = machine.subscribe((change) => care.onCareChange(core, change));
    const offStore = backend.store.subscribe((change) => {
      conflicts.onStoreChange(core, change);
      // An activity moved to another customer leaves the journeys of the others (issue #19, `move.ts`).
      followMove(core, change);
    });
    // A shared store's change feed follows only the customers open here, none yet.
    core.watchOpen();
    const presence = backend.presence;
    const tracker = presence ? new PresenceTracker(presence, () => core.current, { clock: options.clock, delayMs: options.presenceDelayMs }) : undefined;
    this.presenceTracker = tracker;
    if (tracker) core.listeners.add(() => tracker.sessionChanged());
    tracker?.sessionChanged();
    // Issue #19 item 2: likely duplicates of a new customer, tombstones followed, half-done merges finished.
    const offDuplicates = watchDuplicates(core, { delayMs: options.duplicatesDelayMs, clock: options.clock });
    const offTombstones = merging.watchTombstones(core);
    this.unsubscribe = () => {
      offDuplicates();
      offTombstones();
      offCare();
      offStore();
      tracker?.dispose();
      // A backend made here over a bare store is this session's: its presence goes with it.
      if (!isBackend(source)) presence?.close();
    };
  }

  get state(): SessionState {
    return this.core.current;
  }

  get agentId(): string {
    return this.core.agentId;
  }

  subscribe(listener: () => void): () => void {
    this.core.listeners.add(listener);
    return () => this.core.listeners.delete(listener);
  }

  /**
   * Presence (issue #18 item 2): who else has each customer open and doing
   * what (`others`, `othersOn`), the warning beside Save (`warning`), and
   * `onChange` when either changed. `undefined` when the backend has none.
   */
  get presence(): PresenceTracker | undefined {
    return this.presenceTracker;
  }

  /** What the session keeps besides its open work, counted (leak checks: a long shift must not grow it). */
  footprint(): SessionFootprint {
    return footprint(this.core, this.historyTracker);
  }

  /** Resolves once no history chart read is under way (issue #19 item 5): the open work areas' `history` is current. */
  historySettled(): Promise<void> {
    return this.historyTracker.settled();
  }

  /**
   * Sends the drafts waiting for the shared backend now (the element calls it
   * when the page is hidden: `keepalive` lets the request outlive the page).
   */
  flushDrafts(keepalive = false): Promise<void> {
    return this.core.mirror?.flush(keepalive) ?? Promise.resolve();
  }

  dispose(): void {
    this.historyTracker.dispose();
    this.core.flushPersist();
    void this.core.mirror?.flush();
    this.core.disposed = true;
    this.suggester.cancel();
    this.unsubscribe();
    this.core.reportsOff?.();
    this.core.care.dispose();
    this.core.listeners.clear();
  }

  /**
   * Resolves once the restore and every interaction being opened have finished
   * (the store answered and the workspaces are in `state`): for hosts and tests
   * that act on the result of `receive()`, which only validates synchronously.
   */
  async idle(): Promise<void> {
    await this.core.restoring.catch(() => undefined);
    while (this.core.working.size) await Promise.all(this.core.working);
  }

  /**
   * Whether a burst of host events (over a hundred, or over 8 interactions
   * started, in one task: a desktop replaying what it missed) is being worked
   * through (`host-queue.ts`): the work areas it opens
   * are listed in Open as they open, and the last one is made current at the end.
   */
  get bursting(): boolean {
    return this.core.bursting;
  }

  /** The Customer Care state machine (Ready / Not Ready, the Queue, the offer countdown, R9). */
  get agentStateMachine(): AgentStateMachine {
    return this.core.care;
  }

  /** R9.4: how long an automatic offer waits for Accept (0: no countdown); in `state.offerTimeoutMs`. */
  setOfferTimeout(ms: number): void {
    this.core.care.setOfferTimeout(ms);
  }

  workspace(key: string | null = this.core.current.activeKey): Workspace | undefined {
    return this.core.workspace(key);
  }

  // ---- host events (intake.ts) -----------------------------------------------

  /**
   * Takes one host event. Validation and order checks are synchronous: the
   * result says at once whether the event was taken. Store work follows. In a
   * burst (over 100 events in one task, a desktop replaying what it missed)
   * the rest are acted on in order in short slices, each a task of its own
   * (`host-queue.ts`); `idle()` waits for them.
   * Never throws; a refused event changes nothing.
   */
  receive(input: unknown): ReceiveResult {
    return receive(this.core, input);
  }

  // ---- Customer Care: agent state, queue, preview, accept (R9, care.ts) ------------

  /** The agent chooses Ready or Not Ready (R9.1). Not Ready stops automatic offers. */
  setAgentState(state: AgentStateName): void {
    this.core.care.setState(state, 'agent');
  }

  /**
   * Accept (R9.3): the task moves In progress and its workspace opens as for
   * `interaction.started`, the activity going into the most recently opened
   * open request or a new one (R2.5). Refused for an unknown task, one already
   * in progress, or a second call (R9.5). Resolves once the workspace is open.
   * `choice`: what the agent chose in the preview instead of R2.5's rule — a
   * new request (`'new'`) or the open request shown (`{ requestId }`).
   */
  accept(interactionId: string, choice?: RequestChoice): Promise<AcceptOutcome> {
    return care.accept(this.core, interactionId, choice);
  }

  /**
   * R2.5 with a choice, once accepted: the request the current interaction's
   * activity went into while it may still move into a new one (nothing saved
   * or typed on that request since), else null. See `request-offer.ts`.
   */
  newRequestOffer(workspace: Workspace): Request | null {
    return newRequestOffer(workspace);
  }

  /**
   * "Start a new request instead": moves the current interaction's activity
   * into a new request (the old one keeps everything else). Refused
   * (`invalid`) when the offer no longer applies; `conflict` when the activity
   * changed meanwhile (nothing moved, the new request closed as empty).
   */
  startNewRequest(key: string): Promise<SaveOutcome> {
    return startNewRequest(this.core, key);
  }

  /**
   * What a queued task would open (R9.2): its customer, the request R2.5 would
   * choose, any activity already recorded, and the first page of the journey.
   * Reads only: nothing is created or changed until Accept.
   */
  preview(interactionId: string): Promise<TaskPreview | undefined> {
    return care.preview(this.core, interactionId);
  }

  /** The next page of a preview's journey (reads only). */
  previewMore(preview: TaskPreview): Promise<TaskPreview> {
    return care.previewMore(this.core, preview);
  }

  // ---- open, recent, search, journey ----------------------------------------------

  /** Shows a workspace already in the Open list. */
  activate(key: string): void {
    if (this.core.workspace(key)) this.core.set({ activeKey: key });
    this.core.persist();
  }

  /**
   * Reopens a customer from Recent or the search results (R7.2): their most
   * recently created activity and its request (or the most recently opened
   * open request) become editable again (R7.3).
   */
  reopen(customerId: string): Promise<Workspace | undefined> {
    return reopen(this.core, customerId);
  }

  search(query: string, limit = 20): Promise<SearchHit[]> {
    return this.core.store.search(query, limit);
  }

  /** The first `limit` customers `query` finds, and whether more match (the pane's "first 20", `search.ts`). */
  searchPage(query: string, limit?: number): Promise<SearchPage> {
    return searchPage(this.core.store, query, limit);
  }

  /**
   * Tags already used that start like `prefix` (accents and case ignored),
   * most used first; debounced, and `null` when a later call superseded this
   * one (a late answer never replaces a newer one, `suggestions.ts`).
   */
  suggestTags(prefix: string, limit?: number): Promise<TagSuggestion[] | null> {
    return this.suggester.suggest(prefix, limit);
  }

  /**
   * Loads the next page of the journey, newest first, from the store's index, in the work area's time frame
   * (onto the journey as it is now: writes that arrived meanwhile stay; dropped if another time frame was chosen meanwhile).
   */
  loadMoreJourney(key: string): Promise<void> {
    return loadMoreJourney(this.core, key);
  }

  // ---- the journey's time frame (issue #19, journey.ts) ------------------------------
  /**
   * The agent chose a time frame for the journey of work area `key`: kept by the work area, and the first page read
   * again from the store's index for that range (`journey.ts`); the answer to an earlier choice never wins.
   */
  setJourneyPeriod(key: string, period: JourneyPeriod): Promise<void> {
    return this.core.track(chooseJourneyPeriod(this.core, key, period, this.core.care.clock.now()));
  }

  // ---- moving an activity (issue #19, move.ts) ----------------------
  /**
   * What "Move to…" offers for an activity of work area `key`: the activity, its customer and request, whether
   * that request is closed (locked: the activity cannot move), and the customer's other open requests.
   */
  moveChoices(key: string, activityId: string): Promise<MoveChoices | undefined> {
    return moveChoices(this.core, key, activityId);
  }

  /** The open requests of a customer (another customer's, chosen by search), most recently opened first: move targets. */
  openRequestsOf(customerId: string): Promise<Request[]> {
    return openRequestsOf(this.core.store, customerId);
  }

  /**
   * Moves an activity of work area `key` to another open request of its customer, to a new request, or to another
   * customer (`MoveTarget`): one update of the activity on the revision the agent saw (a stale one is `conflict`,
   * R4's caution); a new request is made first under an id fixed by the move and closed again if the activity
   * could not follow. Closed requests are locked. The journeys of both customers follow through the store's change events.
   */
  moveActivity(key: string, activityId: string, target: MoveTarget): Promise<MoveOutcome> {
    const work = moveActivity(this.core, key, activityId, target);
    void this.core.track(work.then(() => undefined));
    return work;
  }

  // ---- duplicates and merging (issue #19: duplicates.ts, merge-customers.ts, tombstones.ts) ----
  /**
   * The likely duplicates of the customer being created in work area `key`
   * (same phone digits or last 7 digits, same email, a very similar name),
   * most likely first, at most 5: found for its current form data only (a
   * late answer never shows for a changed form); [] until found.
   */
  duplicates(key: string): LikelyDuplicate[] {
    return duplicatesOf(this.core, key);
  }

  /**
   * "Use this one": the interaction of a contact not created yet (work area
   * `key`) opens on the stored customer `customerId` instead, as if its
   * contact point had found them (R1.2, R2.5); nothing is created.
   */
  useCustomer(key: string, customerId: string): Promise<SaveOutcome> {
    const work = useExisting(this.core, key, customerId);
    void this.core.track(work.then(() => undefined));
    return work;
  }

  /**
   * The merge of two customers, planned: the fields side by side, each
   * differing one a choice, contact points unioned. The survivor is
   * `survivorId` when given, else the one with more activities (else the
   * older one; `reason` says which). `undefined` when either is gone or merged.
   */
  planMerge(a: string, b: string, survivorId?: string): Promise<(MergePlan & { reason: 'more-activities' | 'older' | 'chosen' }) | undefined> {
    return merging.planFor(this.core, a, b, survivorId);
  }

  /**
   * Merges `plan.duplicate` into `plan.survivor` with the agent's `choices`:
   * the survivor written first (a stale one: `conflict`, R4, nothing written),
   * the duplicate left as a tombstone pointing to it, and every request and
   * activity moved (`onProgress` hears each). Refused (`unsaved`) while either
   * customer's form holds unsaved input or a caution.
   */
  mergeCustomers(plan: MergePlan, choices: MergeChoices = {}, onProgress?: (progress: MergeProgress) => void): Promise<merging.SessionMergeOutcome> {
    const work = merging.merge(this.core, plan, choices, onProgress);
    void this.core.track(work.then(() => undefined));
    return work;
  }

  /** Undo of the merge into `survivorId` done in this session: both customers' data back exactly, the moved records back (`conflict` when someone changed either since). */
  undoMerge(survivorId: string, onProgress?: (progress: MergeProgress) => void): Promise<merging.SessionUndoOutcome> {
    return merging.undo(this.core, survivorId, onProgress);
  }

  /** The merge into `customerId` done in this session (its Undo is offered), if any. */
  mergeDone(customerId: string): merging.MergeDone | undefined {
    return merging.mergeDone(this.core, customerId);
  }

  /** The merge (or Undo) running on `customerId`, with its progress, if any. */
  mergeRunning(customerId: string): merging.MergeRun | undefined {
    return merging.mergeRunning(this.core, customerId);
  }

  // ---- input -----------------------------------------------------------------------

  editCustomer(key: string, data: CustomerData): void {
    // The form knows only what the agent edits: a merge's pointers stay as the draft had them.
    this.core.update(key, (w) => withSlot(w, 'customer', { draft: withSystemFields('customer', data, w.customerDraft) }));
  }

  editRequest(key: string, changes: Partial<RequestData>): void {
    this.core.update(key, (w) => (w.requestDraft ? withSlot(w, 'request', { draft: editedRequest(w.requestDraft, changes, new Date().toISOString()) }) : undefined));
  }

  editActivity(key: string, changes: Partial<ActivityData>): void {
    this.core.update(key, (w) => (w.activityDraft ? withSlot(w, 'activity', { draft: { ...w.activityDraft, ...changes } }) : undefined));
  }

  /** Which kinds have input not saved yet. A customer not created yet counts as unsaved. */
  dirtyKinds(workspace: Workspace): Kind[] {
    return dirtyKinds(workspace);
  }

  isDirty(workspace: Workspace): boolean {
    return dirtyKinds(workspace).length > 0;
  }

  /**
   * What the agent changed and has not saved, field by field (`unsaved.ts`):
   * the fields' markers, the header's count and the Open list's mark. A new
   * contact's prefilled values are not the agent's changes.
   */
  unsaved(workspace: Workspace): UnsavedFields {
    return unsavedFields(workspace);
  }

  /** Whether the agent changed something not saved yet (`unsaved()` marks a field): the Open list's mark. */
  hasUnsaved(workspace: Workspace): boolean {
    return unsavedCount(unsavedFields(workspace)) > 0;
  }

  // ---- saving, cautions, load (saving.ts, conflicts.ts) -------------------------------

  /**
   * Creates the customer for an interaction from an unknown contact point
   * (R5.2), then attaches the interaction (R2.5) and saves the request and
   * activity input typed so far.
   */
  createCustomer(key: string, data?: CustomerData): Promise<SaveOutcome> {
    return createCustomer(this.core, key, data);
  }

  /**
   * Saves every record of the workspace with unsaved input, each based on the
   * revision it was loaded at (R4). A record with a caution is not saved: the
   * agent must Load first. A stale revision found while saving becomes a caution.
   */
  save(key: string): Promise<SaveOutcome> {
    return save(this.core, key);
  }

  /**
   * Load (R4.2): takes the other agent's saved version. Fields only they
   * changed come in, fields only this agent changed stay, and fields both
   * changed stay as this agent typed them, listed in `choices` to pick from.
   */
  load(key: string, kind: Kind): void {
    conflicts.load(this.core, key, kind);
  }

  /**
   * R4 across machines: a write kept offline met a newer revision when it was
   * delivered. The customer is (re)opened with the agent's version as unsaved
   * input and a caution; nothing of either side is lost.
   */
  deliveryConflict(conflict: DeliveryConflict): Promise<boolean> {
    return conflicts.deliveryConflict(this.core, conflict);
  }

  /** Picks one side of a field both agents changed. */
  choose(key: string, kind: Kind, field: string, side: 'mine' | 'theirs'): void {
    conflicts.choose(this.core, key, kind, field, side);
  }

  // ---- close (R6, close.ts) ------------------------------------------------------------

  /** What Close has to ask first: create the customer (R6.3), save or discard (R6.2), or nothing. */
  /**
   * The kinds of this work area whose stored record broke the model's rules
   * (written by another client) and is shown repaired — text cut to its limit,
   * a wrong or missing field emptied — not yet accepted: Save refuses them
   * (`damaged`) until `acceptRepair`.
   */
  damaged(workspace: Workspace): Kind[] {
    return repair.damagedKinds(this.core, workspace);
  }

  /** The agent accepts the repaired values of the work area's damaged records: the next Save writes them. */
  acceptRepair(key: string): void {
    repair.acceptRepair(this.core, key);
  }

  closeQuestion(key: string): CloseQuestion {
    return closing.closeQuestion(this.core, key);
  }

  /**
   * Closes the workspace (R6.1): the customer moves to Recent. `save` saves
   * first and stays open if that fails; `create` creates the customer first;
   * `discard` drops unsaved input (and, for an unknown contact, leaves without
   * creating a customer).
   */
  async close(key: string, choice: CloseChoice | null = null): Promise<SaveOutcome> {
    const before = this.core.workspace(key);
    const outcome = await closing.close(this.core, key, choice);
    // A new request "Start a new request instead" made but never moved into (a reload between its writes) is closed as empty.
    // Not awaited: Close never waits for the lookup (`idle()` does).
    if (outcome.ok && before) void this.core.track(closeAbandoned(this.core, before));
    return outcome;
  }

  // ---- reload (restore.ts) ---------------------------------------------------------------

  /**
   * Brings back the Open list and its unsaved input after a reload. A record
   * another agent changed meanwhile raises a caution when there is unsaved
   * input on it, and is simply refreshed otherwise. Drafts that cannot be read
   * back are set aside and reported through `hooks.draftsSetAside`.
   */
  restore(): Promise<void> {
    return restore(this.core);
  }
}
