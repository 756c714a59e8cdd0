import type {
  Activity,
  ActivityData,
  AnyRecord,
  Contact,
  Customer,
  CustomerData,
  DataOf,
  HostEventError,
  InteractionChannel,
  InteractionOffered,
  Kind,
  Request,
  RequestData,
} from '../model/index.js';
import type { JourneyEntry } from '../model/journey.js';
import type { JourneyPeriod } from './journey.js';
import type { CustomerHistory } from './history.js';
import type { AcceptRefusal, AgentStateReason, Task } from './agent-state.js';
import type { FieldConflict } from './merge.js';

/**
 * The session's public types, in a module of their own: the session's parts
 * (and `drafts.ts`) import them from here, not from the façade `session.ts`.
 */

export interface InteractionInfo {
  interactionId: string;
  channel: InteractionChannel;
  from: Contact;
  subject: string;
  at: string;
  ended: boolean;
}

/** Another agent saved a record this agent has unsaved input on (R4.1). */
export interface Caution {
  kind: Kind;
  theirs: AnyRecord;
  /**
   * `null` when the version the agent's input was based on is not known (a
   * write the outbox could only deliver late): Load then lists every field
   * where the two versions differ, to choose side by side.
   */
  base?: null;
}

/** A write made while offline that met a newer revision when it was delivered (see `Outbox.onReport`). */
export interface DeliveryConflict {
  kind: Kind;
  id: string;
  mine: DataOf[Kind];
  theirs: AnyRecord;
  /**
   * The data `mine` was made on (`OutboxReport.base`): Load merges three ways
   * against it, as online. Absent or `null`: not known, Load lists every field
   * where the two versions differ.
   */
  base?: DataOf[Kind] | null;
  /** The rev of that base version (`OutboxReport.baseRev`). */
  baseRev?: string | null;
}

/**
 * A write made while offline that the backend refused on delivery (its rules,
 * a bad request, too large): the agent's input is back as unsaved input on the
 * record (`key` is its work area), to correct and save again or discard.
 */
export interface DeliveryRefusal {
  key: string;
  kind: Kind;
  id: string;
  /** The server's own reason (its `validate_doc_update`), or the error's message when it gave none. */
  reason: string;
  error?: Error;
}

/** After Load, fields both agents changed, to choose side by side. */
export interface PendingChoice {
  kind: Kind;
  conflicts: FieldConflict[];
}

/**
 * One record of a work area: the version the agent's input is based on
 * (`base`, null while the record does not exist yet) and that input (`draft`).
 */
export interface RecordSlot<B, D> {
  base: B | null;
  draft: D;
}

/** The three records of a work area, by kind. A customer always has input (a new one: the contact's details). */
export interface WorkspaceRecords {
  customer: RecordSlot<Customer, CustomerData>;
  request: RecordSlot<Request, RequestData | null>;
  activity: RecordSlot<Activity, ActivityData | null>;
}

/** What a work area is, as the session keeps it (and, without the journey, saves it across reloads). */
export interface WorkspaceCore {
  /** The customer id, or `new:<interactionId>` while no customer exists for the interaction. */
  key: string;
  interaction: InteractionInfo | null;
  records: WorkspaceRecords;
  /**
   * Cautions not loaded yet and fields both agents changed that are still to
   * choose (R4.2): kept with the input, so a reload, a restarted session or a
   * switch of customer never turns an open choice into a silent overwrite.
   */
  cautions: Caution[];
  choices: PendingChoice[];
  /** The request this interaction created (R2.5), if it did: closed as empty when left without a title or description. */
  createdRequestId: string | null;
  journey: JourneyEntry[];
  journeyHasMore: boolean;
  /** The journey's time frame the agent chose (issue #19); absent: everything (`all`). Kept for the session, not across a reload. */
  journeyPeriod?: JourneyPeriod | undefined;
  /** Where that time frame starts (ISO), worked out when it was chosen: the journey holds nothing older. Absent: everything. */
  journeySince?: string | undefined;
  /** The customer's activities per month and channel over the last 12 months (issue #19, `history.ts`); absent until read. Not kept across a reload. */
  history?: CustomerHistory | undefined;
  busy: boolean;
}

/**
 * One customer being worked on: a line of the Open list (R7.1) and the work
 * area it opens. `records` is the truth; the flat fields (`customer`,
 * `customerDraft`, …) are read-only copies of it for the elements, kept in
 * step by the helpers of `workspace.ts` (the only way a workspace is made).
 */
export interface Workspace extends WorkspaceCore {
  readonly customer: Customer | null;
  readonly customerDraft: CustomerData;
  readonly request: Request | null;
  readonly requestDraft: RequestData | null;
  readonly activity: Activity | null;
  readonly activityDraft: ActivityData | null;
}

export interface RecentCustomer {
  customerId: string;
  name: string;
  closedAt: string;
  /** The title of the request worked on when the customer was closed (issue #18: Recent shows it). */
  requestTitle?: string | undefined;
  /** The channel of the interaction closed; `null` for a customer reopened from Recent or Search. */
  channel?: InteractionChannel | null | undefined;
}

export interface AgentInfo {
  agentId: string;
  agentName: string;
  locale: string | undefined;
  timeZone: string | undefined;
}

export interface SessionState {
  agent: AgentInfo;
  open: Workspace[];
  activeKey: string | null;
  recent: RecentCustomer[];
  agentState: 'ready' | 'not-ready';
  /** Why the agent state is what it is (R9): `agent`, `offer-timeout` or `host`; null at first. */
  agentStateReason: AgentStateReason | null;
  /** Offered interactions not accepted yet (the Queue), as the host sent them. */
  offers: InteractionOffered[];
  /** Customer Care tasks: queued, offered (with a countdown) and in progress (R9). */
  tasks: readonly Task[];
  /** The host's words for a Not Ready it set (`agent.state` with a reason), if any. */
  hostReason: string | undefined;
  /** How long an automatic offer waits for Accept (R9.4); 0: no countdown. */
  offerTimeoutMs: number;
}

/** What a queued task would open, read without writing anything (R9.2). */
export interface TaskPreview {
  interactionId: string;
  /** The customer found by the task's contact point, or null (Accept then offers to create one). */
  customer: Customer | null;
  /** The request Accept would use (R2.5): the most recently opened open one; null means a new one would be created. */
  request: Request | null;
  /** The activity already recorded for this interaction, if any (usually none before Accept). */
  activity: Activity | null;
  journey: JourneyEntry[];
  journeyHasMore: boolean;
}

export type AcceptOutcome = { ok: true; workspace: Workspace | undefined } | { ok: false; reason: AcceptRefusal };

/** Why Close needs the agent first (R6.2, R6.3), or `none`. */
export type CloseQuestion = 'create-customer' | 'unsaved-changes' | 'none';
export type CloseChoice = 'save' | 'discard' | 'create';

export type SaveOutcome =
  | { ok: true; saved: AnyRecord[] }
  | { ok: false; reason: SaveRefusal; error?: Error };

/**
 * Why nothing was saved: `caution` (another agent saved first: Load), `choice`
 * (fields both agents changed are still to choose, R4.2), `invalid` (a limit or
 * a required field), `conflict` (found stale while saving), `damaged` (a stored
 * record broke the rules and the agent has not accepted its repaired values:
 * `AgentSession.acceptRepair`), `error` (the store).
 */
export type SaveRefusal = 'caution' | 'choice' | 'invalid' | 'conflict' | 'damaged' | 'error';

export interface SessionHooks {
  saved?(record: AnyRecord): void;
  closed?(detail: { customerId: string | null; interactionId: string | null; created: boolean }): void;
  error?(error: HostEventError): void;
  /** Another agent's saved work could not be brought back after `host.context` named them (the store failed). */
  restoreFailed?(error: unknown): void;
  /** A write kept offline met a newer version on delivery: its customer now shows the caution (R4, R11.3). */
  deliveryConflict?(): void;
  /**
   * A write kept offline was refused on delivery (R11.3): its input is back as
   * unsaved input on the record, the server's reason in `refusal.reason`
   * (`deliveryRefusedText` in the element's messages says it).
   */
  deliveryRefused?(refusal: DeliveryRefusal): void;
  /**
   * Saved drafts (a work area's input, a Recent entry, or a whole saved list)
   * could not be read back (damaged, or written by an unknown version): they
   * were set aside in the drafts storage, under another key, and not restored.
   * Called once per restore that set something aside, with how many.
   */
  draftsSetAside?(count: number): void;
  /**
   * The agent's drafts document says `count` writes wait in the outbox of their
   * desktop on `origin` (another Finesse node): delivered when that desktop runs again.
   */
  waitingElsewhere?(count: number, origin: string): void;
  /**
   * Asked before an arriving interaction's work area becomes the current one.
   * `false` (the agent is typing in another one) opens it in the Open list only,
   * and `openedAside` is called: the agent's keystrokes must never land in
   * another customer's record.
   */
  mayActivate?(): boolean;
  openedAside?(key: string): void;
}
