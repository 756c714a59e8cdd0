/**
 * Customer Context: the public entry. Importing it defines every element and
 * exposes the model, the stores and the session rules as typed API.
 */
export * from './model/index.js';
export * from './store/context-store.js';
export { IndexedDbStore, type IndexedDbStoreOptions } from './store/indexeddb-store.js';
export { CouchDbStore, type CouchDbStoreOptions, type Backoff } from './store/couchdb-store.js';
export { Outbox, isPendingRev, PENDING_REV_PREFIX, type OutboxOptions, type OutboxReport, type OutboxStatus } from './store/outbox.js';
export { createStore, type StoreConfig, type CreatedStore } from './store/create-store.js';
export { fold, phoneDigits } from './store/keys.js';
export { attachInteraction, mostRecentlyOpened, type Attachment, type AcceptedInteraction } from './session/attach.js';
export { AgentSession, type SessionState, type Workspace, type JourneyEntry, type CloseQuestion, type CloseChoice, type ReceiveResult } from './session/session.js';
export { DraftStore } from './session/drafts.js';
export { CustomerContext } from './components/customer-context/define.js';
export { JourneyView, ROW_HEIGHT } from './components/journey-view/define.js';
export type { JourneyChannelFilter, JourneyFilterDetail, JourneyPeriod, JourneyPeriodDetail, JourneySelectDetail } from './components/journey-view/define.js';
export { RequestEditor } from './components/request-editor/define.js';
export type { RequestView, RequestField, RequestStatus, RequestInputDetail, RequestStatusDetail } from './components/request-editor/define.js';
export { TagInput } from './components/tag-input/define.js';
export type { TagsChangeDetail, TagRefusedDetail, TagRefusedCode, TagSuggestDetail, TagSuggestionItem } from './components/tag-input/tag-input.js';
export { CustomerForm } from './components/customer-form/define.js';
export type { CustomerFormMode, CustomerDataDetail, CustomerFormEmptyDetail } from './components/customer-form/define.js';
export type { SavedDetail, ClosedDetail, ErrorDetail } from './components/customer-context/events.js';
export * from './host/index.js';
export { AgentStateMachine, realClock, DEFAULT_OFFER_TIMEOUT_MS, type AgentStateName, type AgentStateReason, type AgentStateSnapshot, type AgentStateChange, type AgentStateOptions, type Task, type TaskStatus, type TaskOffer, type TaskCustomer, type Clock, type AcceptCheck, type AcceptRefusal } from './session/agent-state.js';
export type { TaskPreview, AcceptOutcome, RequestChoice, SearchPage } from './session/session.js';
export { TaskQueue } from './components/task-queue/define.js';
export type { AcceptDetail, AgentStateDetail, TaskSelectDetail, PreviewMoreDetail } from './components/task-queue/define.js';
export type { PreviewCloseDetail, RequestChoiceDetail, TaskWork } from './components/task-queue/events.js';
export { RequestAdded, type NewRequestDetail } from './components/request-added/define.js';
export type { GadgetMode, SyncDetail } from './components/customer-context/customer-context.js';
export { CustomerPane } from './components/customer-pane/define.js';
export { WorkArea } from './components/work-area/define.js';
export { CloseDialog } from './components/close-dialog/define.js';
export { MoveDialog } from './components/move-dialog/define.js';
export type { MoveCancelDetail, MoveOpenDetail, MoveConfirmDetail, MoveCustomerDetail, MoveCustomerRequests, MoveSearchDetail, MoveSearchResults } from './components/move-dialog/define.js';
export { MoveError, type MoveChoices, type MoveOutcome, type MoveRefusal, type MoveTarget } from './session/session.js';
export { PresenceBadge, type PresenceBadgeAgent, type PresenceBadgeDoing } from './components/presence-badge/define.js';
export { HistoryChart } from './components/history-chart/define.js';
export { MergeDialog, MergeNote } from './components/merge-dialog/define.js';
export type { MergeCancelDetail, MergeConfirmDetail, MergeDialogPlan, MergePlanDetail, MergeSearchDetail, MergeSearchResults, MergeUndoDetail } from './components/merge-dialog/define.js';
export { DuplicateList, type DuplicateUseDetail } from './components/duplicate-list/define.js';
export type { DuplicateReason, LikelyDuplicate, MergeChoice, MergeChoices, MergePlan, MergeProgress, MergeDone, MergeRun, SessionMergeOutcome, SessionUndoOutcome } from './session/session.js';
export type { CustomerHistory, HistoryMonth, ChannelCounts } from './session/session.js';
export { ShortcutHelp } from './components/shortcut-help/define.js';
export { SHORTCUT_ACTIONS, DEFAULT_SHORTCUTS, parseChord, resolveKeymap, matchAction, shortcutsFromAttribute, type ShortcutAction, type ShortcutSettings, type ShortcutProblem, type Keymap, type Chord, type KeyPlatform } from './components/shared/keymap.js';
export { createBackend, backendFor, isBackend, type Backend } from './store/backend.js';
