import type { ActivityData, CustomerData, Kind, ReceiveResult, Request, RequestData } from '../model/index.js';
import { entryTime, mergeJourney, upsertEntry, type JourneyEntry } from '../model/journey.js';
import { backendFor, isBackend, type Backend } from '../store/backend.js';
import type { ContextStore, SearchHit, TagSuggestion } from '../store/context-store.js';
import { AgentStateMachine, type AgentStateName, type Clock } from './agent-state.js';
import type { RequestChoice } from './attach.js';
import * as care from './care.js';
import * as closing from './close.js';
import * as conflicts from './conflicts.js';
import { SessionCore } from './core.js';
import { DraftStore } from './drafts.js';
import { receive } from './intake.js';
import { reopen } from './interactions.js';
import { pageOnto, readJourney } from './journey.js';
import { closeAbandoned, startNewRequest } from './new-request.js';
import { newRequestOffer } from './request-offer.js';
import { PresenceTracker } from './presence.js';
import { restore } from './restore.js';
import { searchPage, type SearchPage } from './search.js';
import { TagSuggester } from './suggestions.js';
import { DraftMirror } from './remote-drafts.js';
import * as repair from './repair.js';
import { createCustomer, save } from './saving.js';
import type {
  AcceptOutcome,
  CloseChoice,
  CloseQuestion,
  DeliveryConflict,
  SaveOutcome,
  SessionHooks,
  SessionState,
  TaskPreview,
  Workspace,
} from './types.js';
import { dirtyKinds, editedRequest, patch, withSlot } from './workspace.js';
import { unsavedCount, unsavedFields, type UnsavedFields } from './unsaved.js';

/*
 * `session/`, one job per file (this one is the façade the elements, hosts and
 * tests use; the public types are in `types.ts`):
 *   core.ts          the state the parts share, and the only ways to change it
 *   intake.ts        host events: validation and order (R1.3)
 *   interactions.ts  opening work areas: started and accepted interactions (R1, R2.5), reopen (R7)
 *   care.ts          Customer Care: agent state, Queue, preview, Accept (R9)
 *   workspace.ts     the work area as a pure record: `records[kind] = { base, draft }`
 *   journey.ts       journey paging (`readJourney`) and writes put in place (R8)
 *   saving.ts        Save and Create (R4, R5.2)
 *   conflicts.ts     cautions, Load and choices, delivery conflicts, store changes (R4)
 *   close.ts         Close and Recent (R6, R7.1)
 *   restore.ts       reload and agent switching
 *   drafts.ts, saved-drafts.ts   drafts across reloads, versioned and checked
 *   agent-state.ts, attach.ts, merge.ts   the R9 state machine, R2.5's rule, the three-way merge
 */

export { JOURNEY_PAGE } from './journey.js';
export type { SearchPage } from './search.js';
export type { TagSuggestion } from '../store/context-store.js';
export type { RequestChoice };
export { entryTime, mergeJourney, upsertEntry, type JourneyEntry };
export type { ReceiveResult };
export type { OtherAgent, PresenceTracker } from './presence.js';
export type { UnsavedFields } from './unsaved.js';
export type {
  AcceptOutcome,
  AgentInfo,
  Caution,
  CloseChoice,
  CloseQuestion,
  DeliveryConflict,
  DeliveryRefusal,
  InteractionInfo,
  PendingChoice,
  RecentCustomer,
  SaveOutcome,
  SaveRefusal,
  SessionHooks,
  SessionState,
  TaskPreview,
  Workspace,
  WorkspaceRecords,
  RecordSlot,
} from './types.js';

export interface SessionOptions {
  agentId?: string;
  /** Where drafts and the Recent list are kept across reloads; defaults to localStorage. */
  drafts?: DraftStore;
  hooks?: SessionHooks;
  /** R9.4: how long an automatic offer waits for Accept (default 15,000 ms; 0: no countdown). */
  offerTimeoutMs?: number;
  /** Time source of the offer countdown (a fake one in tests). */
  clock?: Clock;
  /** With a shared backend: how long after the last change the drafts go to the server (default 1,000 ms). */
  remoteDraftsDelayMs?: number;
  /** How long after the last change what this agent is doing is published to the others (default 300 ms, `presence.ts`). */
  presenceDelayMs?: number;
  /** How long after the last keystroke tag suggestions are asked of the store (default 150 ms, `suggestions.ts`). */
  suggestDelayMs?: number;
}

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
    this.suggester = new TagSuggester(() => core.store, { delayMs: options.suggestDelayMs, clock: options.clock });
    if (backend.drafts) core.mirror = new DraftMirror(backend.drafts, options.remoteDraftsDelayMs);
    // Read now, so that work done before `restore()` runs (a host event) cannot overwrite it in storage.
    for (const entry of drafts.loadWorkspaces().open) core.unrestored.set(entry.key, entry);
    const offCare = machine.subscribe((change) => care.onCareChange(core, change));
    const offStore = backend.store.subscribe((change) => conflicts.onStoreChange(core, change));
    // A shared store's change feed follows only the customers open here, none yet.
    core.watchOpen();
    const presence = backend.presence;
    const tracker = presence ? new PresenceTracker(presence, () => core.current, { clock: options.clock, delayMs: options.presenceDelayMs }) : undefined;
    this.presenceTracker = tracker;
    if (tracker) core.listeners.add(() => tracker.sessionChanged());
    tracker?.sessionChanged();
    this.unsubscribe = () => {
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

  /**
   * Sends the drafts waiting for the shared backend now (the element calls it
   * when the page is hidden: `keepalive` lets the request outlive the page).
   */
  flushDrafts(keepalive = false): Promise<void> {
    return this.core.mirror?.flush(keepalive) ?? Promise.resolve();
  }

  dispose(): void {
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
   * result says at once whether the event was taken. Store work follows.
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

  /** Loads the next page of the journey, newest first, from the store's index. */
  async loadMoreJourney(key: string): Promise<void> {
    const workspace = this.core.workspace(key);
    if (!workspace?.customer || !workspace.journeyHasMore) return;
    const read = await readJourney(this.core.store, workspace.customer.id, workspace.journey);
    // Onto the journey as it is now: writes that arrived meanwhile (kept current by `onStoreChange`) stay.
    this.core.update(key, (now) => patch(now, { journey: pageOnto(read, workspace.journey, now.journey), journeyHasMore: read.journeyHasMore }));
  }

  // ---- input -----------------------------------------------------------------------

  editCustomer(key: string, data: CustomerData): void {
    this.core.update(key, (w) => withSlot(w, 'customer', { draft: data }));
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
