import {
  HostEventError,
  ValidationError,
  emptyCustomer,
  isoString,
  parseHostEvent,
  type Activity,
  type ActivityData,
  type AnyRecord,
  type Contact,
  type Customer,
  type CustomerData,
  type DataOf,
  type HostEvent,
  type InteractionChannel,
  type InteractionOffered,
  type Kind,
  type RecordOf,
  type Request,
  type RequestData,
} from '../model/index.js';
import { ConflictError, type ContextStore, type SearchHit, type StoreChange } from '../store/context-store.js';
import { backendFor, isBackend, type Backend } from '../store/backend.js';
import type { OutboxReport } from '../store/outbox.js';
import { attachInteraction, mostRecentlyOpened } from './attach.js';
import {
  AgentStateMachine,
  type AcceptRefusal,
  type AgentStateChange,
  type AgentStateName,
  type AgentStateReason,
  type Clock,
  type Task,
} from './agent-state.js';
import { DraftStore, type SavedWorkspace } from './drafts.js';
import { entryTime, mergeJourney, upsertEntry, type JourneyEntry } from '../model/journey.js';

export { entryTime, mergeJourney, upsertEntry, type JourneyEntry };
import { changedFields, dataOf, merge3, type FieldConflict } from './merge.js';

export const JOURNEY_PAGE = 50;
const RECENT_MAX = 20;


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
}

/** After Load, fields both agents changed, to choose side by side. */
export interface PendingChoice {
  kind: Kind;
  conflicts: FieldConflict[];
}

/** One customer being worked on: a line of the Open list (R7.1) and the work area it opens. */
export interface Workspace extends SavedWorkspace {
  cautions: Caution[];
  choices: PendingChoice[];
  journey: JourneyEntry[];
  journeyHasMore: boolean;
  busy: boolean;
}

export interface RecentCustomer {
  customerId: string;
  name: string;
  closedAt: string;
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
 * a required field), `conflict` (found stale while saving), `error` (the store).
 */
export type SaveRefusal = 'caution' | 'choice' | 'invalid' | 'conflict' | 'error';

export interface SessionHooks {
  saved?(record: AnyRecord): void;
  closed?(detail: { customerId: string | null; interactionId: string | null; created: boolean }): void;
  error?(error: HostEventError): void;
  /** Another agent's saved work could not be brought back after `host.context` named them (the store failed). */
  restoreFailed?(error: unknown): void;
  /** A write kept offline met a newer version on delivery: its customer now shows the caution (R4, R11.3). */
  deliveryConflict?(): void;
  /**
   * Asked before an arriving interaction's work area becomes the current one.
   * `false` (the agent is typing in another one) opens it in the Open list only,
   * and `openedAside` is called: the agent's keystrokes must never land in
   * another customer's record.
   */
  mayActivate?(): boolean;
  openedAside?(key: string): void;
}

import type { ReceiveResult } from '../model/index.js';

export type { ReceiveResult };

export interface SessionOptions {
  agentId?: string;
  /** Where drafts and the Recent list are kept across reloads; defaults to localStorage. */
  drafts?: DraftStore;
  hooks?: SessionHooks;
  /** R9.4: how long an automatic offer waits for Accept (default 15,000 ms; 0: no countdown). */
  offerTimeoutMs?: number;
  /** Time source of the offer countdown (a fake one in tests). */
  clock?: Clock;
}

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

function customerFromContact(from: Contact): CustomerData {
  return {
    ...emptyCustomer(),
    name: from.name ?? '',
    phones: from.phone ? [from.phone] : [],
    emails: from.email ? [from.email] : [],
    chatIds: from.chatId ? [from.chatId] : [],
  };
}

/**
 * What one agent is doing, as plain logic (no DOM): the Open and Recent lists,
 * drafts and their saving, cautions when another agent saved first, the close
 * decisions, and the host events that drive it. `<customer-context>` renders
 * `state` and calls the methods; everything here is testable without a page.
 */
export class AgentSession {
  private readonly store: ContextStore;
  private readonly backend: Backend;
  /** Delivery reports shown as cautions, by `kind:id`: dismissed once the agent Loads (R4.2). */
  private readonly deliveryReports = new Map<string, number>();
  private reportsOff: (() => void) | undefined;
  private drafts: DraftStore;
  private readonly hooks: SessionHooks;
  private readonly listeners = new Set<() => void>();
  private readonly interactions = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private readonly care: AgentStateMachine;
  /** Interactions accepted in the gadget: the host's own `interaction.started` for them only confirms it. */
  private readonly acceptedHere = new Map<string, Promise<void>>();
  /** Saved workspaces a restore has read and not brought back yet: `persist` keeps them as they were. */
  private readonly unrestored = new Map<string, SavedWorkspace>();
  /** The restore under way (or the last one): interactions started meanwhile open after it. */
  private restoring: Promise<void> = Promise.resolve();
  /** Whether `host.context` has named the agent yet (the first one adopts the work begun under `agentId`). */
  private identified = false;
  /** Host-event work under way (an interaction being opened): `idle()` waits for it. */
  private readonly working = new Set<Promise<void>>();
  /** Interactions the host ended while their work area was still being opened. */
  private readonly endedEarly = new Set<string>();
  private disposed = false;
  private current: SessionState;

  /**
   * `source`: the backend (store, delivery state and reports), or a bare
   * store (then one is made over it: an `Outbox` still reports refusals).
   */
  constructor(source: ContextStore | Backend, options: SessionOptions = {}) {
    this.backend = isBackend(source) ? source : backendFor(source);
    const store = this.backend.store;
    this.store = store;
    this.hooks = options.hooks ?? {};
    const agentId = options.agentId ?? 'agent';
    this.drafts = options.drafts ?? new DraftStore(agentId);
    this.current = {
      agent: { agentId, agentName: '', locale: undefined, timeZone: undefined },
      open: [],
      activeKey: null,
      recent: this.drafts.loadRecent(),
      agentState: 'not-ready',
      agentStateReason: null,
      offers: [],
      tasks: [],
    };
    // Read now, so that work done before `restore()` runs (a host event) cannot overwrite it in storage.
    for (const entry of this.drafts.loadWorkspaces().open) this.unrestored.set(entry.key, entry);
    this.care = new AgentStateMachine({ offerTimeoutMs: options.offerTimeoutMs, clock: options.clock });
    const offCare = this.care.subscribe((change) => this.onCareChange(change));
    const offStore = store.subscribe((change) => this.onStoreChange(change));
    this.unsubscribe = () => {
      offCare();
      offStore();
    };
  }

  get state(): SessionState {
    return this.current;
  }

  get agentId(): string {
    return this.current.agent.agentId;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.reportsOff?.();
    this.care.dispose();
    this.listeners.clear();
  }

  /**
   * Resolves once the restore and every interaction being opened have finished
   * (the store answered and the workspaces are in `state`): for hosts and tests
   * that act on the result of `receive()`, which only validates synchronously.
   */
  async idle(): Promise<void> {
    await this.restoring.catch(() => undefined);
    while (this.working.size) await Promise.all(this.working);
  }

  /** The Customer Care state machine (Ready / Not Ready, the Queue, the offer countdown, R9). */
  get agentStateMachine(): AgentStateMachine {
    return this.care;
  }

  workspace(key: string | null = this.current.activeKey): Workspace | undefined {
    return this.current.open.find((w) => w.key === key);
  }

  // ---- host events -------------------------------------------------------

  /**
   * Takes one host event. Validation and order checks are synchronous: the
   * result says at once whether the event was taken. Store work follows.
   * Never throws; a refused event changes nothing.
   */
  receive(input: unknown): ReceiveResult {
    const parsed = parseHostEvent(input);
    if (!parsed.ok) return this.refuse(parsed.error);
    const event = parsed.event;
    if (event.type === 'interaction.started' && this.acceptedHere.has(event.interactionId)) {
      // The host confirms an interaction the agent accepted in the queue: already open.
      this.acceptedHere.delete(event.interactionId);
      return { ok: true };
    }
    const order = this.checkOrder(event);
    if (order) return this.refuse(order);
    switch (event.type) {
      case 'interaction.started': {
        const info: InteractionInfo = {
          interactionId: event.interactionId,
          channel: event.channel,
          from: event.from,
          subject: event.subject ?? '',
          at: event.at,
          ended: false,
        };
        this.care.start(event);
        void this.beginInteraction(info);
        break;
      }
      case 'interaction.ended':
        this.care.end(event.interactionId);
        this.endInteraction(event.interactionId);
        break;
      case 'interaction.offered':
        this.care.offer(event);
        void this.identify(event);
        break;
      case 'interaction.withdrawn':
        this.care.withdraw(event.interactionId);
        break;
      case 'agent.state':
        this.care.setState(event.state, 'host', event.reason);
        break;
      case 'host.context': {
        const first = !this.identified;
        this.identified = true;
        this.set({
          agent: {
            agentId: event.agentId,
            agentName: event.agentName ?? '',
            locale: event.locale,
            timeZone: event.timeZone,
          },
        });
        if (event.agentId !== this.drafts.agentId) {
          this.switchAgent(event.agentId, first).catch((error: unknown) => this.hooks.restoreFailed?.(error));
        }
        break;
      }
    }
    return { ok: true };
  }

  private checkOrder(event: HostEvent): HostEventError | undefined {
    const id = 'interactionId' in event ? event.interactionId : undefined;
    if (id === undefined) return undefined;
    const offered = this.current.offers.some((o) => o.interactionId === id);
    switch (event.type) {
      case 'interaction.started':
        return this.interactions.has(id)
          ? new HostEventError('out-of-order', `interaction ${id} was already started`, 'interactionId')
          : undefined;
      case 'interaction.ended':
        return this.interactions.has(id)
          ? undefined
          : new HostEventError('out-of-order', `interaction ${id} ended before it started`, 'interactionId');
      case 'interaction.offered':
        return offered || this.interactions.has(id)
          ? new HostEventError('out-of-order', `interaction ${id} was already offered or started`, 'interactionId')
          : undefined;
      case 'interaction.withdrawn':
        return offered
          ? undefined
          : new HostEventError('out-of-order', `interaction ${id} is not offered`, 'interactionId');
      default:
        return undefined;
    }
  }

  private refuse(error: HostEventError): ReceiveResult {
    this.hooks.error?.(error);
    return { ok: false, error };
  }

  private storeFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.hooks.error?.(new HostEventError('store-error', message));
  }

  /** Opens the workspace of a started or accepted interaction; store failures become `store-error`. */
  private beginInteraction(info: InteractionInfo): Promise<void> {
    this.interactions.set(info.interactionId, `new:${info.interactionId}`);
    // After a restore under way: a host re-sending its call after a reload then finds the restored
    // workspace, and what the agent typed before the reload stays.
    const restored = this.restoring.catch(() => undefined);
    const work = restored.then(() => this.startInteraction(info)).catch((error: unknown) => {
      this.storeFailed(error);
      // The customer could not be looked up (the backend is unreachable): the interaction is not
      // lost to the agent; its workspace opens as for an unknown contact, so notes can be typed.
      if (!this.workspace(this.interactions.get(info.interactionId) ?? '')) this.openUnknown(info);
    });
    this.working.add(work);
    void work.finally(() => this.working.delete(work));
    return work;
  }

  private async startInteraction(info: InteractionInfo): Promise<void> {
    const [customer] = await this.store.findByContact(info.from);
    if (customer) {
      const existing = this.workspace(customer.id);
      this.interactions.set(info.interactionId, customer.id);
      // The journey is read while the interaction is attached (R2.5); the new entries are then put in place.
      const [attachment, loaded] = await Promise.all([
        attachInteraction(this.store, customer.id, info, this.agentId),
        existing ? Promise.resolve(existing) : this.loadWorkspace(customer),
      ]);
      let base = this.workspace(customer.id) ?? loaded;
      const previous = await this.settlePreviousActivity(base, attachment.activity.id);
      base = this.workspace(customer.id) ?? base;
      this.putArriving({
        ...base,
        journey: upsertEntry(upsertEntry(base.journey, attachment.request), attachment.activity),
        interaction: info,
        createdRequestId: attachment.requestCreated ? attachment.request.id : (base.createdRequestId ?? null),
        ...keepTyped(base, 'request', attachment.request),
        // The activity of the previous interaction, when its unsaved input could not be saved: it stays.
        ...(previous ?? keepTyped(base, 'activity', attachment.activity)),
      });
    } else {
      this.openUnknown(info);
    }
  }

  /**
   * A new interaction for a customer whose open work area has unsaved input on
   * the previous interaction's activity (tags, notes): that input is the agent's
   * record of the previous contact, so it is saved before the new activity takes
   * its place. If the save fails (another agent saved it, the store refused), the
   * previous activity stays in the work area with its input, for the agent to
   * save through the usual caution; the new one is in the journey.
   */
  private async settlePreviousActivity(open: Workspace, nextId: string): Promise<Partial<Workspace> | undefined> {
    const { activity, activityDraft } = open;
    if (!activity || !activityDraft || activity.id === nextId) return undefined;
    if (changedFields('activity', dataOf('activity', activity), activityDraft).length === 0) return undefined;
    // Another agent's version is waiting to be loaded or chosen from: never saved over (R4.2); it stays in the work area.
    if (open.cautions.some((c) => c.kind === 'activity') || open.choices.some((c) => c.kind === 'activity')) return { activity, activityDraft };
    try {
      const saved = await this.store.update('activity', activity.id, activity.rev, activityDraft, { by: this.agentId });
      this.hooks.saved?.(saved);
      const now = this.workspace(open.key);
      if (!now) return undefined;
      this.putWorkspace({ ...now, journey: upsertEntry(now.journey, saved) }, false);
      // Typed on while the save was on its way: that input stays, on the previous activity, for the agent to save.
      if (now.activity?.id === activity.id && now.activityDraft && changedFields('activity', activityDraft, now.activityDraft).length) {
        return { activity: saved, activityDraft: now.activityDraft };
      }
      return undefined;
    } catch {
      // The agent's own Save may have won the race: then the previous activity is settled already.
      const now = this.workspace(open.key);
      if (!now?.activity || now.activity.id !== activity.id || now.activity.rev !== activity.rev) return undefined;
      return { activity: now.activity, ...(now.activityDraft ? { activityDraft: now.activityDraft } : {}) };
    }
  }

  /** A workspace for an interaction whose contact matches no customer (or could not be looked up): Create is offered (R1.2). */
  private openUnknown(info: InteractionInfo): void {
    const key = `new:${info.interactionId}`;
    this.putArriving({
      key,
      interaction: info,
      customer: null,
      customerDraft: customerFromContact(info.from),
      request: null,
      requestDraft: newRequestDraft(info, ''),
      activity: null,
      activityDraft: newActivityDraft(info, ''),
      cautions: [],
      choices: [],
      journey: [],
      journeyHasMore: false,
      busy: false,
    });
  }

  private endInteraction(interactionId: string): void {
    const key = this.interactions.get(interactionId);
    const workspace = key ? this.workspace(key) : undefined;
    if (workspace?.interaction?.interactionId === interactionId) {
      this.putWorkspace({ ...workspace, interaction: { ...workspace.interaction, ended: true } }, false);
    } else {
      // Still being opened (the store has not answered yet): it opens as ended.
      this.endedEarly.add(interactionId);
    }
  }

  // ---- Customer Care: agent state, queue, preview, accept (R9) -----------------

  private onCareChange(change: AgentStateChange): void {
    const snapshot = this.care.snapshot;
    const offers = this.offersFrom(snapshot.tasks);
    this.set({ agentState: snapshot.state, agentStateReason: snapshot.reason, tasks: snapshot.tasks, offers });
    if (change.type === 'accepted') {
      const task = change.task;
      const info: InteractionInfo = { interactionId: task.interactionId, channel: task.channel, from: task.from, subject: task.subject, at: task.at, ended: false };
      this.acceptedHere.set(task.interactionId, this.beginInteraction(info));
    }
  }

  /** The Queue as the host's `interaction.offered` events (kept for the order checks and hosts reading `offers`). */
  private offersFrom(tasks: readonly Task[]): InteractionOffered[] {
    return tasks
      .filter((t) => t.status !== 'in-progress')
      .map((t) => ({
        type: 'interaction.offered',
        interactionId: t.interactionId,
        channel: t.channel,
        from: t.from,
        ...(t.subject ? { subject: t.subject } : {}),
        at: t.at,
        ...(t.autoAssigned ? { autoAssigned: true } : {}),
      }));
  }

  /** Looks up the customer of an offered task, so the Queue can name them. */
  private async identify(offer: InteractionOffered): Promise<void> {
    try {
      const [customer] = await this.store.findByContact(offer.from);
      this.care.identify(offer.interactionId, customer ? { id: customer.id, name: customer.name } : null);
    } catch (error) {
      this.storeFailed(error);
    }
  }

  /** The agent chooses Ready or Not Ready (R9.1). Not Ready stops automatic offers. */
  setAgentState(state: AgentStateName): void {
    this.care.setState(state, 'agent');
  }

  /**
   * Accept (R9.3): the task moves In progress and its workspace opens as for
   * `interaction.started`, the activity going into the most recently opened
   * open request or a new one (R2.5). Refused for an unknown task, one already
   * in progress, or a second call (R9.5). Resolves once the workspace is open.
   */
  async accept(interactionId: string): Promise<AcceptOutcome> {
    const result = this.care.accept(interactionId);
    if (!result.ok) return result;
    await this.acceptedHere.get(interactionId);
    const key = this.interactions.get(interactionId);
    return { ok: true, workspace: key ? this.workspace(key) : undefined };
  }

  /**
   * What a queued task would open (R9.2): its customer, the request R2.5 would
   * choose, any activity already recorded, and the first page of the journey.
   * Reads only: nothing is created or changed until Accept.
   */
  async preview(interactionId: string): Promise<TaskPreview | undefined> {
    const task = this.care.task(interactionId);
    if (!task) return undefined;
    const [customer] = await this.store.findByContact(task.from);
    const activity = (await this.store.activityByInteraction(interactionId)) ?? null;
    if (!customer) return { interactionId, customer: null, request: null, activity, journey: [], journeyHasMore: false };
    const requests = await this.store.requestsOf(customer.id);
    const page = await this.store.activitiesOf(customer.id, { limit: JOURNEY_PAGE });
    const hasMore = page.length === JOURNEY_PAGE;
    const request = (activity?.requestId && requests.find((r) => r.id === activity.requestId)) || mostRecentlyOpened(requests) || null;
    return { interactionId, customer, request, activity, journey: mergeJourney(page, requests, hasMore), journeyHasMore: hasMore };
  }

  /** The next page of a preview's journey (reads only). */
  async previewMore(preview: TaskPreview): Promise<TaskPreview> {
    if (!preview.customer || !preview.journeyHasMore) return preview;
    const activities = preview.journey.filter((e): e is Activity => e.type === 'activity');
    const last = activities.at(-1);
    const page = await this.store.activitiesOf(preview.customer.id, {
      limit: JOURNEY_PAGE,
      before: last ? { at: last.at, id: last.id } : undefined,
    });
    const requests = await this.store.requestsOf(preview.customer.id);
    const hasMore = page.length === JOURNEY_PAGE;
    return { ...preview, journey: mergeJourney([...activities, ...page], requests, hasMore), journeyHasMore: hasMore };
  }

  // ---- open, recent, search ---------------------------------------------

  /** Shows a workspace already in the Open list. */
  activate(key: string): void {
    if (this.workspace(key)) this.set({ activeKey: key });
    this.persist();
  }

  /**
   * Reopens a customer from Recent or the search results (R7.2): their most
   * recently created activity and its request (or the most recently opened
   * open request) become editable again (R7.3).
   */
  async reopen(customerId: string): Promise<Workspace | undefined> {
    const existing = this.workspace(customerId);
    if (existing) {
      this.activate(customerId);
      return existing;
    }
    const customer = await this.store.get('customer', customerId);
    if (!customer) return undefined;
    const workspace = await this.loadWorkspace(customer);
    const [latest] = await this.store.activitiesOf(customerId, { limit: 1 });
    const requests = await this.store.requestsOf(customerId);
    const request = (latest?.requestId && requests.find((r) => r.id === latest.requestId)) || mostRecentlyOpened(requests) || null;
    const opened: Workspace = {
      ...workspace,
      activity: latest ?? null,
      activityDraft: latest ? dataOf('activity', latest) : null,
      request,
      requestDraft: request ? dataOf('request', request) : null,
    };
    this.putWorkspace(opened);
    return opened;
  }

  search(query: string, limit = 20): Promise<SearchHit[]> {
    return this.store.search(query, limit);
  }

  private async loadWorkspace(customer: Customer): Promise<Workspace> {
    const [page, requests] = await Promise.all([
      this.store.activitiesOf(customer.id, { limit: JOURNEY_PAGE }),
      this.store.requestsOf(customer.id),
    ]);
    return {
      key: customer.id,
      interaction: null,
      customer,
      customerDraft: dataOf('customer', customer),
      request: null,
      requestDraft: null,
      activity: null,
      activityDraft: null,
      cautions: [],
      choices: [],
      journey: mergeJourney(page, requests, page.length === JOURNEY_PAGE),
      journeyHasMore: page.length === JOURNEY_PAGE,
      busy: false,
    };
  }

  private async reloadJourney(customerId: string): Promise<void> {
    const page = await this.store.activitiesOf(customerId, { limit: JOURNEY_PAGE });
    const requests = await this.store.requestsOf(customerId);
    const workspace = this.workspace(customerId);
    if (!workspace) return;
    const hasMore = page.length === JOURNEY_PAGE;
    this.putWorkspace({ ...workspace, journey: mergeJourney(page, requests, hasMore), journeyHasMore: hasMore }, false);
  }

  /** Loads the next page of the journey, newest first, from the store's index. */
  async loadMoreJourney(key: string): Promise<void> {
    const workspace = this.workspace(key);
    if (!workspace?.customer || !workspace.journeyHasMore) return;
    const activities = workspace.journey.filter((e): e is Activity => e.type === 'activity');
    const last = activities.at(-1);
    const page = await this.store.activitiesOf(workspace.customer.id, {
      limit: JOURNEY_PAGE,
      before: last ? { at: last.at, id: last.id } : undefined,
    });
    const requests = await this.store.requestsOf(workspace.customer.id);
    const now = this.workspace(key);
    if (!now) return;
    const hasMore = page.length === JOURNEY_PAGE;
    // From the journey as it is now: writes that arrived meanwhile (kept current by `onStoreChange`) stay.
    const shown = new Map(now.journey.map((e) => [e.id, e]));
    const all = [...now.journey.filter((e): e is Activity => e.type === 'activity'), ...page.filter((a) => !shown.has(a.id))];
    const current = requests.map((r) => (shown.get(r.id) as Request | undefined) ?? r);
    this.putWorkspace({ ...now, journey: mergeJourney(all, current, hasMore), journeyHasMore: hasMore }, false);
  }

  // ---- drafts --------------------------------------------------------------

  editCustomer(key: string, data: CustomerData): void {
    const workspace = this.workspace(key);
    if (workspace) this.putWorkspace({ ...workspace, customerDraft: data }, false);
  }

  editRequest(key: string, changes: Partial<RequestData>): void {
    const workspace = this.workspace(key);
    if (!workspace?.requestDraft) return;
    const draft = { ...workspace.requestDraft, ...changes };
    if (changes.status === 'closed' && workspace.requestDraft.status !== 'closed') draft.closedAt = new Date().toISOString();
    if (changes.status === 'open' && workspace.requestDraft.status !== 'open') {
      draft.closedAt = null;
      draft.openedAt = new Date().toISOString();
    }
    this.putWorkspace({ ...workspace, requestDraft: draft }, false);
  }

  editActivity(key: string, changes: Partial<ActivityData>): void {
    const workspace = this.workspace(key);
    if (workspace?.activityDraft) this.putWorkspace({ ...workspace, activityDraft: { ...workspace.activityDraft, ...changes } }, false);
  }

  /** Which kinds have input not saved yet. A customer not created yet counts as unsaved. */
  dirtyKinds(workspace: Workspace): Kind[] {
    const kinds: Kind[] = [];
    if (!workspace.customer || changedFields('customer', dataOf('customer', workspace.customer), workspace.customerDraft).length) {
      kinds.push('customer');
    }
    if (workspace.requestDraft && (!workspace.request || changedFields('request', dataOf('request', workspace.request), workspace.requestDraft).length)) {
      kinds.push('request');
    }
    if (workspace.activityDraft && (!workspace.activity || changedFields('activity', dataOf('activity', workspace.activity), workspace.activityDraft).length)) {
      kinds.push('activity');
    }
    return kinds;
  }

  isDirty(workspace: Workspace): boolean {
    return this.dirtyKinds(workspace).length > 0;
  }

  // ---- saving, cautions, load -----------------------------------------------

  /**
   * Creates the customer for an interaction from an unknown contact point
   * (R5.2), then attaches the interaction (R2.5) and saves the request and
   * activity input typed so far.
   */
  async createCustomer(key: string, data?: CustomerData): Promise<SaveOutcome> {
    const workspace = this.workspace(key);
    if (!workspace || workspace.customer) return { ok: false, reason: 'error', error: new Error('nothing to create') };
    const customerData = data ?? workspace.customerDraft;
    // The same rule as the form's Create (R5.2), for every path that creates (the close dialog's too).
    if (customerData.name.trim() === '') return { ok: false, reason: 'invalid', error: new ValidationError('required', 'name', 'a new customer needs a name') };
    this.putWorkspace({ ...workspace, customerDraft: customerData, busy: true }, false);
    try {
      const customer = await this.store.create('customer', customerData, { by: this.agentId });
      this.hooks.saved?.(customer);
      const saved: AnyRecord[] = [customer];
      let request: Request | null = null;
      let activity: Activity | null = null;
      let createdRequestId: string | null = null;
      if (workspace.interaction) {
        this.interactions.set(workspace.interaction.interactionId, customer.id);
        const attachment = await attachInteraction(this.store, customer.id, workspace.interaction, this.agentId);
        request = attachment.request;
        activity = attachment.activity;
        if (attachment.requestCreated) createdRequestId = request.id;
      }
      const current = this.workspace(key) ?? workspace;
      this.replaceKey(key, {
        ...current,
        key: customer.id,
        customer,
        customerDraft: dataOf('customer', customer),
        createdRequestId,
        request,
        requestDraft: request && current.requestDraft ? { ...current.requestDraft, customerId: customer.id } : request ? dataOf('request', request) : null,
        activity,
        activityDraft: activity && current.activityDraft ? { ...current.activityDraft, customerId: customer.id, requestId: activity.requestId } : activity ? dataOf('activity', activity) : null,
        busy: false,
      });
      const rest = await this.save(customer.id);
      await this.reloadJourney(customer.id);
      return rest.ok ? { ok: true, saved: [...saved, ...rest.saved] } : rest;
    } catch (error) {
      const now = this.workspace(key);
      if (now) this.putWorkspace({ ...now, busy: false }, false);
      return { ok: false, reason: error instanceof ValidationError ? 'invalid' : 'error', error: error as Error };
    }
  }

  /**
   * Saves every record of the workspace with unsaved input, each based on the
   * revision it was loaded at (R4). A record with a caution is not saved: the
   * agent must Load first. A stale revision found while saving becomes a caution.
   */
  async save(key: string): Promise<SaveOutcome> {
    const workspace = this.workspace(key);
    if (!workspace) return { ok: false, reason: 'error', error: new Error(`no open customer ${key}`) };
    if (!workspace.customer) return this.createCustomer(key);
    if (workspace.cautions.length) return { ok: false, reason: 'caution' };
    // R4.2: a field both agents changed is saved only once the agent chose which version to keep.
    if (workspace.choices.length) return { ok: false, reason: 'choice' };
    const saved: AnyRecord[] = [];
    for (const kind of this.dirtyKinds(workspace)) {
      const now = this.workspace(key)!;
      const base = now[kind];
      const draft = now[`${kind}Draft` as const];
      if (!base || !draft) continue;
      try {
        const record = await this.store.update(kind, base.id, base.rev, draft as DataOf[typeof kind], { by: this.agentId });
        saved.push(record);
        const after = this.workspace(key)!;
        const untouched = after[`${kind}Draft` as const] === draft;
        this.putWorkspace({ ...after, [kind]: record, ...(untouched ? { [`${kind}Draft`]: dataOf(kind, record) } : {}) }, false);
        this.hooks.saved?.(record);
      } catch (error) {
        if (error instanceof ConflictError) {
          this.addCaution(key, { kind, theirs: error.current });
          return { ok: false, reason: 'conflict', error };
        }
        return { ok: false, reason: error instanceof ValidationError ? 'invalid' : 'error', error: error as Error };
      }
    }
    return { ok: true, saved };
  }

  /**
   * Load (R4.2): takes the other agent's saved version. Fields only they
   * changed come in, fields only this agent changed stay, and fields both
   * changed stay as this agent typed them, listed in `choices` to pick from.
   */
  load(key: string, kind: Kind): void {
    const workspace = this.workspace(key);
    const caution = workspace?.cautions.find((c) => c.kind === kind);
    if (!workspace || !caution) return;
    const base = workspace[kind];
    const draft = workspace[`${kind}Draft` as const] as DataOf[typeof kind] | null;
    const theirs = dataOf(kind, caution.theirs);
    const { merged, conflicts } = !draft
      ? { merged: theirs, conflicts: [] }
      : caution.base === null
        ? { merged: draft, conflicts: changedFields(kind, draft, theirs).map((field) => ({ field, mine: draft[field], theirs: theirs[field] })) }
        : base
          ? merge3(kind, dataOf(kind, base), draft, theirs)
          : { merged: theirs, conflicts: [] };
    this.putWorkspace(
      {
        ...workspace,
        [kind]: caution.theirs,
        [`${kind}Draft`]: merged,
        cautions: workspace.cautions.filter((c) => c !== caution),
        choices: withChoices(workspace.choices, kind, conflicts, theirs),
      },
      false,
    );
    // The outbox kept the refused write until now: it is in the agent's hands (and in the draft) from here.
    const report = base ? this.deliveryReports.get(`${kind}:${base.id}`) : undefined;
    if (report !== undefined && base) {
      this.deliveryReports.delete(`${kind}:${base.id}`);
      void this.backend.dismissReport(report).catch(() => undefined);
    }
  }

  /**
   * Writes the backend refused on delivery (kept across reloads until the
   * agent Loads them): a conflict becomes R4's caution on the record, with
   * both versions. Started once, after the first restore.
   */
  private async watchReports(): Promise<void> {
    if (this.reportsOff || this.disposed) return;
    const show = async (report: OutboxReport) => {
      if (report.reason !== 'conflict' || !report.theirs) return;
      // Not shown while the customer's work area holds another record of that kind: the report stays kept.
      if (!(await this.deliveryConflict({ kind: report.kind, id: report.id, mine: report.mine, theirs: report.theirs }))) return;
      this.deliveryReports.set(`${report.kind}:${report.id}`, report.key);
      this.hooks.deliveryConflict?.();
    };
    this.reportsOff = this.backend.onReport((report) => void show(report));
    for (const report of await this.backend.reports()) await show(report);
  }

  /**
   * R4 across machines: a write kept offline met a newer revision when it was
   * delivered. The customer is (re)opened with the agent's version as unsaved
   * input and a caution; nothing of either side is lost.
   */
  async deliveryConflict(conflict: DeliveryConflict): Promise<boolean> {
    const { kind, id, mine, theirs } = conflict;
    const customerId = kind === 'customer' ? id : (mine as RequestData | ActivityData).customerId;
    let open = this.current.open.find((w) => w[kind]?.id === id);
    if (!open) {
      // The customer's work area is open on another record of that kind (a newer call's activity):
      // it is not replaced; the outbox keeps the report (mine and theirs) until it can be shown.
      if (this.current.open.some((w) => w.customer?.id === customerId)) return false;
      const activeBefore = this.current.activeKey;
      const aside = activeBefore !== null && this.hooks.mayActivate?.() === false;
      open = await this.reopen(customerId);
      if (open && aside) {
        this.set({ activeKey: activeBefore });
        this.hooks.openedAside?.(open.key);
      }
    }
    const workspace = open && this.workspace(open.key);
    if (!workspace) return false;
    this.putWorkspace(
      {
        ...workspace,
        [kind]: theirs,
        [`${kind}Draft`]: structuredClone(mine),
        cautions: [...workspace.cautions.filter((c) => c.kind !== kind), { kind, theirs, base: null }],
      },
      false,
    );
    return true;
  }

  /** Picks one side of a field both agents changed. */
  choose(key: string, kind: Kind, field: string, side: 'mine' | 'theirs'): void {
    const workspace = this.workspace(key);
    const choice = workspace?.choices.find((c) => c.kind === kind);
    const conflict = choice?.conflicts.find((c) => c.field === field);
    const draft = workspace?.[`${kind}Draft` as const];
    if (!workspace || !choice || !conflict || !draft) return;
    const rest = choice.conflicts.filter((c) => c !== conflict);
    this.putWorkspace(
      {
        ...workspace,
        [`${kind}Draft`]: { ...draft, [field]: structuredClone(side === 'mine' ? conflict.mine : conflict.theirs) },
        choices: workspace.choices.flatMap((c) => (c !== choice ? [c] : rest.length ? [{ kind, conflicts: rest }] : [])),
      },
      false,
    );
  }

  private addCaution(key: string, caution: Caution): void {
    const workspace = this.workspace(key);
    if (!workspace) return;
    const cautions = [...workspace.cautions.filter((c) => c.kind !== caution.kind), caution];
    this.putWorkspace({ ...workspace, cautions }, false);
  }

  /**
   * Every write reaches the journey here, this agent's own (`local`: Save, Create,
   * the outbox taking a write offline) and other agents' (`remote`), before the
   * write resolves: the journey shows it in the same frame as "Saved" (R8.1).
   * Only another agent's write can change the records being edited (R4.1).
   */
  private onStoreChange(change: StoreChange): void {
    const record = change.record;
    for (const workspace of this.current.open) {
      const mine = workspace[change.kind];
      if (change.source === 'remote' && mine && mine.id === change.id && mine.rev !== change.rev) {
        const draft = workspace[`${change.kind}Draft` as const];
        const dirty = draft && changedFields(change.kind, dataOf(change.kind, mine), draft as DataOf[typeof change.kind]).length > 0;
        if (dirty) this.addCaution(workspace.key, { kind: change.kind, theirs: record });
        else {
          this.putWorkspace({ ...this.workspace(workspace.key)!, [change.kind]: record, [`${change.kind}Draft`]: dataOf(change.kind, record) }, false);
        }
      }
      if (record.type !== 'customer' && record.customerId === workspace.customer?.id) {
        const now = this.workspace(workspace.key)!;
        const journey = journeyWith(now, record);
        if (journey !== now.journey) this.putWorkspace({ ...now, journey }, false);
      }
    }
  }

  // ---- close (R6) -------------------------------------------------------------

  /** What Close has to ask first: create the customer (R6.3), save or discard (R6.2), or nothing. */
  closeQuestion(key: string): CloseQuestion {
    const workspace = this.workspace(key);
    if (!workspace) return 'none';
    if (!workspace.customer) return 'create-customer';
    return this.isDirty(workspace) ? 'unsaved-changes' : 'none';
  }

  /**
   * Closes the workspace (R6.1): the customer moves to Recent. `save` saves
   * first and stays open if that fails; `create` creates the customer first;
   * `discard` drops unsaved input (and, for an unknown contact, leaves without
   * creating a customer).
   */
  async close(key: string, choice: CloseChoice | null = null): Promise<SaveOutcome> {
    const question = this.closeQuestion(key);
    if (question !== 'none' && choice === null) return { ok: false, reason: 'invalid' };
    let outcome: SaveOutcome = { ok: true, saved: [] };
    let finalKey = key;
    const creates = choice === 'create' || (choice === 'save' && question === 'create-customer');
    if (creates) {
      outcome = await this.createCustomer(key);
      if (!outcome.ok) return outcome;
      finalKey = outcome.saved.find((r) => r.type === 'customer')?.id ?? key;
    } else if (choice === 'save') {
      outcome = await this.save(key);
      if (!outcome.ok) return outcome;
    }
    const workspace = this.workspace(finalKey);
    if (!workspace) return outcome;
    await this.closeIfEmpty(workspace);
    const recent = workspace.customer
      ? [
          { customerId: workspace.customer.id, name: workspace.customer.name, closedAt: new Date().toISOString() },
          ...this.current.recent.filter((r) => r.customerId !== workspace.customer!.id),
        ].slice(0, RECENT_MAX)
      : this.current.recent;
    const open = this.current.open.filter((w) => w.key !== finalKey);
    // Closed while a restore runs: it must not bring it back.
    this.unrestored.delete(finalKey);
    if (workspace.interaction) {
      this.interactions.set(workspace.interaction.interactionId, `closed:${finalKey}`);
      this.acceptedHere.delete(workspace.interaction.interactionId);
      this.care.complete(workspace.interaction.interactionId);
    }
    this.set({ open, recent, activeKey: this.current.activeKey === finalKey ? (open[0]?.key ?? null) : this.current.activeKey });
    this.drafts.saveRecent(recent);
    this.persist();
    this.hooks.closed?.({
      customerId: workspace.customer?.id ?? null,
      interactionId: workspace.interaction?.interactionId ?? null,
      created: creates,
    });
    return outcome;
  }

  /**
   * The request this interaction created (R2.5), left without a title or a
   * description (none saved; a discarded one does not count), is closed as
   * empty when the work is closed: R2.5 would otherwise file every later
   * contact of the customer into it. Its activity stays in it, in the journey.
   * A request another agent has written to meanwhile stays open (the update is
   * refused as stale).
   */
  private async closeIfEmpty(workspace: Workspace): Promise<void> {
    const request = workspace.request;
    if (!request || request.id !== workspace.createdRequestId || request.status !== 'open') return;
    if (request.title.trim() !== '' || request.description.trim() !== '') return;
    const data: RequestData = { ...dataOf('request', request), status: 'closed', closedAt: new Date().toISOString() };
    try {
      const closed = await this.store.update('request', request.id, request.rev, data, { by: this.agentId });
      this.hooks.saved?.(closed);
    } catch {
      // Stale (another agent gave it a title) or the store failed: it stays open, nothing is lost.
    }
  }

  // ---- reload ----------------------------------------------------------------

  /**
   * Brings back the Open list and its unsaved input after a reload. A record
   * another agent changed meanwhile raises a caution when there is unsaved
   * input on it, and is simply refreshed otherwise.
   */
  restore(): Promise<void> {
    const run = this.restoring
      .catch(() => undefined)
      .then(() => this.restoreSaved())
      .then(() => this.watchReports());
    this.restoring = run;
    return run;
  }

  private async restoreSaved(): Promise<void> {
    if (this.disposed) return;
    const saved = this.drafts.loadWorkspaces();
    // Until each is brought back, `persist` keeps it as saved (also if this throws part-way).
    for (const entry of saved.open) if (!this.workspace(entry.key) && !this.unrestored.has(entry.key)) this.unrestored.set(entry.key, entry);
    const entries = [...this.unrestored.values()];
    for (const entry of entries) {
      const revived = await this.revive(entry);
      // Dropped from `unrestored` meanwhile: closed by the agent, or the previous agent's after a switch.
      if (this.disposed || !this.unrestored.delete(entry.key)) continue;
      const now = this.workspace(entry.key);
      if (now) {
        // The customer was opened meanwhile (restore called after the host re-sent its call):
        // what the agent had typed before the reload goes on top.
        this.current = { ...this.current, open: this.current.open.map((w) => (w.key === entry.key ? withSavedInput(now, revived) : w)) };
        continue;
      }
      if (revived.interaction) {
        this.interactions.set(revived.interaction.interactionId, revived.key);
        this.care.start(revived.interaction);
        if (revived.interaction.ended) this.care.end(revived.interaction.interactionId);
      }
      this.current = { ...this.current, open: [...this.current.open, revived] };
    }
    if (this.disposed) return;
    // The agent may be working already (a call came in meanwhile): only an empty selection is restored.
    if (!this.current.activeKey) {
      const activeKey = saved.activeKey && this.workspace(saved.activeKey) ? saved.activeKey : (this.current.open[0]?.key ?? null);
      this.current = { ...this.current, activeKey };
    }
    this.persist();
    this.changed();
  }

  /**
   * Drafts and Recent are kept per agent. When the host names another agent
   * than the one whose drafts are in use (a Finesse desktop sets no `agent-id`;
   * its `host.context` names the agent), that agent's saved work comes back and
   * is merged with what is open; what is open now is kept under their id too.
   * The previous agent's saved work stays under theirs.
   */
  private async switchAgent(agentId: string, first: boolean): Promise<void> {
    const previous = this.drafts;
    this.drafts = previous.forAgent(agentId);
    if (first) {
      // The work begun before the host named the agent (under `agent-id`, often the placeholder
      // `agent`) is this agent's: it moves to their id, merged with what they had saved.
      const recent = [...this.current.recent, ...this.drafts.loadRecent()]
        .sort((a, b) => b.closedAt.localeCompare(a.closedAt))
        .filter((entry, i, all) => all.findIndex((other) => other.customerId === entry.customerId) === i)
        .slice(0, RECENT_MAX);
      this.set({ recent });
      this.drafts.saveRecent(recent);
      await this.restore();
      if (this.disposed) return;
      previous.clear();
      return;
    }
    // Another agent signed in on this page: the previous one's work stays saved under their id
    // (it is there when they come back) and leaves the screen; the new agent's comes back.
    for (const workspace of this.current.open) {
      if (!workspace.interaction) continue;
      this.interactions.delete(workspace.interaction.interactionId);
      this.acceptedHere.delete(workspace.interaction.interactionId);
      this.care.complete(workspace.interaction.interactionId);
    }
    this.unrestored.clear();
    this.current = { ...this.current, open: [], activeKey: null, recent: this.drafts.loadRecent() };
    this.changed();
    await this.restore();
  }

  private async revive(entry: SavedWorkspace): Promise<Workspace> {
    let workspace: Workspace = {
      ...entry,
      // Older drafts kept neither; a choice left open before the reload is still open (R4.2).
      cautions: entry.cautions ?? [],
      choices: entry.choices ?? [],
      journey: [],
      journeyHasMore: false,
      busy: false,
    };
    for (const kind of ['customer', 'request', 'activity'] as const) {
      const base = entry[kind];
      if (!base) continue;
      let now: AnyRecord | undefined;
      try {
        now = await this.store.get(kind, base.id);
      } catch {
        continue; // the backend is unreachable: keep what was saved; a newer version shows as a caution at save time
      }
      if (!now || now.rev === base.rev) continue;
      const kept = workspace.cautions.find((c) => c.kind === kind);
      if (kept?.theirs.rev === now.rev) continue;
      const draft = entry[`${kind}Draft` as const];
      const dirty = draft && changedFields(kind, dataOf(kind, base), draft as DataOf[typeof kind]).length > 0;
      const open = kept !== undefined || workspace.choices.some((c) => c.kind === kind);
      workspace =
        dirty || open
          ? { ...workspace, cautions: [...workspace.cautions.filter((c) => c !== kept), { kind, theirs: now, ...(kept?.base === null ? { base: null } : {}) }] }
          : { ...workspace, [kind]: now, [`${kind}Draft`]: dataOf(kind, now) };
    }
    if (workspace.customer) {
      try {
        const page = await this.store.activitiesOf(workspace.customer.id, { limit: JOURNEY_PAGE });
        const requests = await this.store.requestsOf(workspace.customer.id);
        const hasMore = page.length === JOURNEY_PAGE;
        workspace = { ...workspace, journey: mergeJourney(page, requests, hasMore), journeyHasMore: hasMore };
      } catch {
        // the backend is unreachable: the drafts come back now, the journey when the customer is reopened
      }
    }
    return workspace;
  }

  // ---- state plumbing -----------------------------------------------------------

  /** The work area of an arriving interaction: current, unless the agent is typing in another one. */
  private putArriving(arriving: Workspace): void {
    const id = arriving.interaction?.interactionId;
    const workspace = id && this.endedEarly.delete(id) ? { ...arriving, interaction: { ...arriving.interaction!, ended: true } } : arriving;
    const current = this.current.activeKey;
    const aside = current !== null && current !== workspace.key && this.hooks.mayActivate?.() === false;
    this.putWorkspace(workspace, !aside);
    if (aside) this.hooks.openedAside?.(workspace.key);
  }

  private putWorkspace(workspace: Workspace, activate = true): void {
    const index = this.current.open.findIndex((w) => w.key === workspace.key);
    const open = index === -1 ? [...this.current.open, workspace] : this.current.open.with(index, workspace);
    this.current = { ...this.current, open, activeKey: activate || !this.current.activeKey ? workspace.key : this.current.activeKey };
    this.persist();
    this.changed();
  }

  private replaceKey(oldKey: string, workspace: Workspace): void {
    const open = this.current.open.filter((w) => w.key !== workspace.key).map((w) => (w.key === oldKey ? workspace : w));
    const activeKey = this.current.activeKey === oldKey ? workspace.key : this.current.activeKey;
    this.current = { ...this.current, open, activeKey };
    this.persist();
    this.changed();
  }

  private set(patch: Partial<SessionState>): void {
    this.current = { ...this.current, ...patch };
    this.changed();
  }

  private persist(): void {
    if (this.disposed) return;
    const open: SavedWorkspace[] = this.current.open.map((w) => ({
      key: w.key,
      interaction: w.interaction,
      customer: w.customer,
      customerDraft: w.customerDraft,
      request: w.request,
      requestDraft: w.requestDraft,
      activity: w.activity,
      activityDraft: w.activityDraft,
      cautions: w.cautions,
      choices: w.choices,
      createdRequestId: w.createdRequestId ?? null,
    }));
    // A reload while a restore is still running must not lose what it has not brought back yet.
    for (const [key, entry] of this.unrestored) if (!open.some((w) => w.key === key)) open.push(entry);
    this.drafts.saveWorkspaces({ activeKey: this.current.activeKey, open });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

/**
 * A workspace opened while its saved version was being restored, with the
 * saved version's input on top: for each record that is the same in both (or
 * absent from both, for a contact not created yet), the saved draft — and the
 * base it was typed on, with its caution if another agent saved meanwhile —
 * replaces the fresh one, when the agent had changed something.
 */
/**
 * The record an interaction was attached to, and its draft: a workspace already
 * open on the same record keeps what the agent typed there (a customer calling
 * again, or a host re-sending its call after a reload); otherwise the fresh record.
 */
function keepTyped<K extends 'request' | 'activity'>(open: Workspace, kind: K, record: RecordOf[K]): Partial<Workspace> {
  const mine = open[kind];
  const draft = open[`${kind}Draft` as const];
  if (mine && draft && mine.id === record.id && changedFields(kind, dataOf(kind, mine), draft as DataOf[K]).length > 0) {
    return { [kind]: mine, [`${kind}Draft`]: draft };
  }
  return { [kind]: record, [`${kind}Draft`]: dataOf(kind, record) };
}

function withSavedInput(now: Workspace, saved: Workspace): Workspace {
  let merged = now;
  for (const kind of ['customer', 'request', 'activity'] as const) {
    const draft = saved[`${kind}Draft` as const];
    const base = saved[kind];
    if (!draft || (base?.id ?? null) !== (now[kind]?.id ?? null)) continue;
    const typed = base ? changedFields(kind, dataOf(kind, base), draft as DataOf[typeof kind]).length > 0 : true;
    if (!typed) continue;
    const caution = saved.cautions.find((c) => c.kind === kind);
    const choice = saved.choices.find((c) => c.kind === kind);
    merged = {
      ...merged,
      [kind]: base,
      [`${kind}Draft`]: draft,
      cautions: caution ? [...merged.cautions.filter((c) => c.kind !== kind), caution] : merged.cautions,
      choices: choice ? [...merged.choices.filter((c) => c.kind !== kind), choice] : merged.choices,
    };
  }
  return merged;
}

/**
 * The fields still to choose after a Load of `kind`: the new conflicts, and
 * those of an earlier Load the agent has not chosen yet (their version now read
 * from the latest record), so a second change by another agent never resolves
 * an open choice by itself.
 */
function withChoices(choices: readonly PendingChoice[], kind: Kind, conflicts: readonly FieldConflict[], theirs: DataOf[Kind]): PendingChoice[] {
  const earlier = choices.find((c) => c.kind === kind)?.conflicts ?? [];
  const still = earlier
    .filter((old) => !conflicts.some((c) => c.field === old.field))
    .map((old) => ({ ...old, theirs: structuredClone((theirs as Record<string, unknown>)[old.field]) }));
  const all = [...conflicts, ...still];
  return [...choices.filter((c) => c.kind !== kind), ...(all.length ? [{ kind, conflicts: all }] : [])];
}


/**
 * The journey with a written record in place. A record older than every loaded
 * activity, while older pages are still to come, waits for its page (as in
 * `mergeJourney`): put at the end, it would make the next page skip entries.
 */
function journeyWith(workspace: Workspace, record: JourneyEntry): JourneyEntry[] {
  const { journey } = workspace;
  if (workspace.journeyHasMore && !journey.some((e) => e.id === record.id)) {
    const oldest = journey.findLast((e): e is Activity => e.type === 'activity');
    const time = entryTime(record);
    if (oldest && (time < oldest.at || (record.type === 'activity' && time === oldest.at && record.id < oldest.id))) return journey;
  }
  return upsertEntry(journey, record);
}
