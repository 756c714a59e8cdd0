import type { DraftStore } from './drafts.js';
import type { Clock } from './agent-state.js';
import type { SessionHooks } from './types.js';

/*
 * `session/`, one job per file (`session.ts` is the façade the elements, hosts and
 * tests use; its public types are re-exported here, from `types.ts` and the parts):
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
 *   move.ts          moving an activity to another request or customer (issue #19)
 *   duplicates.ts, merge-customers.ts, tombstones.ts   likely duplicates, merging customers, following a merged one (issue #19)
 *   history.ts       each open customer's activities per month (issue #19)
 *   presence.ts, suggestions.ts, search.ts, unsaved.ts, new-request.ts   who else is here, tags used before, search pages, unsaved markers, a new request
 *   footprint.ts     what the session keeps besides its open work, counted (issue #20: a shift must not grow it)
 */

export { JOURNEY_PAGE } from './journey.js';
export type { JourneyPeriod } from './journey.js';
export { MoveError, type MoveChoices, type MoveOutcome, type MoveRefusal, type MoveTarget } from './move.js';
export type { SearchPage } from './search.js';
export type { DuplicateReason, LikelyDuplicate } from './duplicates.js';
export type { ContactField, MergeChoice, MergeChoices, MergePlan, MergeProgress } from './merge-customers.js';
export type { MergeDone, MergeRun, SessionMergeOutcome, SessionUndoOutcome } from './tombstones.js';
export type { TagSuggestion } from '../store/context-store.js';
export type { RequestChoice } from './attach.js';
export { entryTime, mergeJourney, upsertEntry, type JourneyEntry } from '../model/journey.js';
export type { ReceiveResult } from '../model/index.js';
export type { OtherAgent, PresenceTracker } from './presence.js';
export type { UnsavedFields } from './unsaved.js';
export type { SessionFootprint } from './footprint.js';
export type { ChannelCounts, CustomerHistory, HistoryMonth } from './history.js';
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

/** How an `AgentSession` is made (all optional). */
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
  /** How long after the last change of a new customer's form likely duplicates are looked for (default 250 ms, `duplicates.ts`). */
  duplicatesDelayMs?: number;
}

