import { LitElement, html, nothing, render as renderInto, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { keyed } from 'lit/directives/keyed.js';
import { ContextProvider } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import { ValidationError, type Customer, type CustomerData, type DataOf, type HostContext, type Kind, type RecordOf } from '../../model/index.js';
import {
  AgentSession,
  type CloseChoice,
  type CloseQuestion,
  type ReceiveResult,
  type SaveRefusal,
  type SessionState,
  type TaskPreview,
  type Workspace,
} from '../../session/session.js';
import { DEFAULT_OFFER_TIMEOUT_MS, type Clock } from '../../session/agent-state.js';
import { DraftStore } from '../../session/drafts.js';
import { changedFields, dataOf } from '../../session/merge.js';
import { StorageError, type ContextStore, type SearchHit, type SearchField } from '../../store/context-store.js';
import type { CouchDbStore } from '../../store/couchdb-store.js';
import { createStore } from '../../store/create-store.js';
import { Outbox, type OutboxStatus } from '../../store/outbox.js';
import { agentContext, defaultAgent, formatDateTime, type AgentContextValue } from '../shared/agent-context.js';
import { emit } from '../shared/emit.js';
import { channelLabel } from '../shared/labels.js';
import { useLocale } from '../../i18n/localization.js';
import { MessageBridge } from '../../host/message-bridge.js';
import { listStyles } from '../shared/list.styles.js';
import { tokens } from '../shared/tokens.styles.js';
import type { TagsChangeDetail } from '../tag-input/tag-input.js';
import type { RequestInputDetail, RequestStatusDetail } from '../request-editor/request-editor.js';
import type { JourneyEntry } from '../journey-view/journey-view.js';
import type { CustomerForm } from '../customer-form/customer-form.js';
import type { AcceptEvent, PreviewMoreEvent, TaskQueue, TaskSelectEvent } from '../task-queue/task-queue.js';
import '../tag-input/define.js';
import '../request-editor/define.js';
import '../customer-form/define.js';
import '../journey-view/define.js';
import '../task-queue/define.js';
import { styles } from './customer-context.styles.js';
import './events.js';

type PaneTab = 'open' | 'recent' | 'search';

/** `context`: the customer pane and work area (R1–R8); `care`: the Customer Care desktop with a task queue (R9). */
export type GadgetMode = 'context' | 'care';

/** What tells two customers of the same name apart in a list: their first phone and email. */
function contactLine(customer: Customer): string {
  return [customer.phones[0], customer.emails[0]].filter(Boolean).join(' · ');
}

/** The fields of a draft the agent changed from the record it was typed on, or null when none. */
function typedFields<K extends 'request' | 'activity'>(kind: K, record: RecordOf[K] | null, draft: DataOf[K] | null): Partial<DataOf[K]> | null {
  if (!record || !draft) return null;
  const fields = changedFields(kind, dataOf(kind, record), draft);
  return fields.length ? (Object.fromEntries(fields.map((field) => [field, draft[field]])) as Partial<DataOf[K]>) : null;
}

/** Per workspace object (replaced on every change): a render with nothing new passes the same array. */
const journeys = new WeakMap<Workspace, Workspace['journey']>();

/**
 * The journey as the agent sees it while typing: the request and the activity
 * being edited show what was typed so far (title, description, status, tags,
 * notes), so the journey's rows and preview agree with the editors above them.
 * Only the fields the agent changed are laid over the entry: one another agent
 * saved meanwhile, and this agent did not touch, shows theirs. Saved writes
 * are in `w.journey` already (the session puts every store change there). The
 * same array when nothing differs, so the list is not recomputed for nothing.
 */
function journeyWithDraft(w: Workspace): Workspace['journey'] {
  const cached = journeys.get(w);
  if (cached) return cached;
  const request = typedFields('request', w.request, w.requestDraft);
  const activity = typedFields('activity', w.activity, w.activityDraft);
  const shown =
    request || activity
      ? w.journey.map((entry) =>
          request && entry.type === 'request' && entry.id === w.request?.id
            ? { ...entry, ...request }
            : activity && entry.type === 'activity' && entry.id === w.activity?.id
              ? { ...entry, ...activity }
              : entry,
        )
      : w.journey;
  journeys.set(w, shown);
  return shown;
}

/** How a work area is named in the Open list and in announcements. */
function workspaceName(w: Workspace): string {
  return w.customer?.name || w.customerDraft.name || w.interaction?.from.phone || w.interaction?.from.email || w.interaction?.from.chatId || msg('Unknown contact');
}

/** The settings a session and its store are made from: a change restarts the session (headers excepted). */
interface BackendConfig {
  store: ContextStore | undefined;
  database: string;
  couchdbUrl: string;
  couchdbDatabase: string;
  couchdbCredentials: RequestCredentials;
  couchdbHeaders: Record<string, string> | undefined;
  agentId: string;
}

interface DialogState {
  key: string;
  question: Exclude<CloseQuestion, 'none'>;
}

/** Whole sentences per kind: languages with gender and case cannot splice a noun into one sentence. */
function cautionText(kind: Kind, by: string): string {
  switch (kind) {
    case 'customer':
      return msg(str`Caution: ${by} changed this customer after you started editing it.`);
    case 'request':
      return msg(str`Caution: ${by} changed this request after you started editing it.`);
    case 'activity':
      return msg(str`Caution: ${by} changed this activity after you started editing it.`);
  }
}

function choiceText(kind: Kind): { label: string; prompt: string } {
  switch (kind) {
    case 'customer':
      return { label: msg('Customer fields both of you changed'), prompt: msg('Both of you changed these fields of the customer. Choose which to keep.') };
    case 'request':
      return { label: msg('Request fields both of you changed'), prompt: msg('Both of you changed these fields of the request. Choose which to keep.') };
    case 'activity':
      return { label: msg('Activity fields both of you changed'), prompt: msg('Both of you changed these fields of the activity. Choose which to keep.') };
  }
}

function fieldLabel(field: string): string {
  const labels: Record<string, () => string> = {
    name: () => msg('Name'),
    phones: () => msg('Phones'),
    emails: () => msg('Emails'),
    chatIds: () => msg('Chat IDs'),
    address: () => msg('Address'),
    fields: () => msg('Other fields'),
    title: () => msg('Title'),
    description: () => msg('Description'),
    status: () => msg('Status'),
    tags: () => msg('Tags'),
    notes: () => msg('Notes'),
    subject: () => msg('Subject'),
  };
  return labels[field]?.() ?? field;
}

/** What the agent is told when the storage itself fails; the input always stays. */
function storageText(error: Error | undefined): string {
  switch (error instanceof StorageError ? error.reason : 'unknown') {
    case 'quota':
      return msg('This browser has no room left to store data. Your input is kept on screen: free some space (or ask your administrator), then Save again.');
    case 'blocked':
      return msg('A newer version of Customer Context is open in another tab. Reload this tab to go on; your unsaved input comes back.');
    case 'denied':
      return msg('The data service refused your sign-in. Sign in to the desktop again, then Save; your input is kept.');
    case 'unavailable':
      return msg('The data service cannot be reached. Your input is kept and will be saved when it is back.');
    default:
      return msg('The change could not be saved. Your input is kept.');
  }
}

/** A node that holds one part of the gadget wherever the layout puts it; `display: contents`, so it adds no box. */
function region(): HTMLDivElement {
  const node = document.createElement('div');
  node.className = 'region';
  return node;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  return value === null || value === undefined || value === '' ? msg('(empty)') : String(value);
}

function matchedLabel(field: SearchField): string {
  switch (field) {
    case 'name':
      return msg('name');
    case 'phone':
      return msg('phone');
    case 'email':
      return msg('email');
    case 'request':
      return msg('request title');
    case 'tag':
      return msg('tag');
  }
}


/**
 * The whole gadget: the customer management pane (Open, Recent, Search), the
 * customer being worked on (customer form, request, activity tags, journey),
 * cautions when another agent saved first, and the close flow. A host feeds
 * it interaction events through `receive()`.
 *
 * @summary Customer Context: who the customer is, their journey and their open request (R1–R8).
 * @tagname customer-context
 *
 * @fires {CustomEvent<SavedDetail>} cc-saved - A record was saved by this agent.
 * @fires {CustomEvent<ClosedDetail>} cc-closed - The agent closed their work on a customer.
 * @fires {CustomEvent<ErrorDetail>} cc-error - A host event was refused (`code`: invalid-event, unknown-event, out-of-order) or the store failed (`store-error`).
 * @fires {CustomEvent<AcceptDetail>} cc-accept - Care mode: the agent accepted a task (`{ interactionId, channel, customerId }`); its work area opens (R9.3, R2.5). Cancelable.
 * @fires {CustomEvent<AgentStateDetail>} cc-agent-state - Care mode: Ready / Not Ready changed by the agent (`reason: 'agent'`) or by an offer timeout (`reason: 'offer-timeout'`).
 *
 * @csspart pane - The customer management pane.
 * @csspart tabs - The Open / Recent / Search tab list.
 * @csspart sync - The shared backend's state (online, offline with N changes waiting, delivering); CouchDB only.
 * @csspart workspace - The area of the customer being worked on.
 * @csspart header - The customer header (name, channel, Save, Close).
 * @csspart saved - "Saved", beside Save after a save, until the next change.
 * @csspart caution - A caution notification (another agent saved first).
 * @csspart dialog - The close dialog.
 * @csspart request-editor - The inner `<request-editor>` (its own parts are exported as `request-editor-*`).
 * @csspart tag-input - The inner `<tag-input>`.
 * @csspart journey - The inner `<journey-view>`.
 * @csspart customer-form - The inner `<customer-form>` (its inputs are exported as `customer-form-name-input`, `customer-form-address-input`).
 * @csspart task-queue - Care mode: the inner `<task-queue>`.
 *
 * @cssprop --cc-color-text - Text colour.
 * @cssprop --cc-color-muted - Secondary text colour.
 * @cssprop --cc-color-surface - Background.
 * @cssprop --cc-color-surface-alt - Background of the pane and panels.
 * @cssprop --cc-color-border - Border colour.
 * @cssprop --cc-color-accent - Accent colour (primary buttons, current item).
 * @cssprop --cc-color-on-accent - Text on the accent colour.
 * @cssprop --cc-color-warning-surface - Background of cautions.
 * @cssprop --cc-color-warning - Text and border of cautions.
 * @cssprop --cc-color-focus - Focus ring colour.
 * @cssprop --cc-color-danger - Refusals and the storage failure notice.
 * @cssprop --cc-color-success - The "Online" dot of the shared backend's state.
 * @cssprop --cc-space - Base spacing unit.
 * @cssprop --cc-radius - Corner radius.
 * @cssprop --cc-font - Font family.
 * @cssprop --cc-font-size - Base font size.
 */
@localized()
export class CustomerContext extends LitElement {
  static override styles = [tokens, listStyles, styles];

  private readonly agentProvider = new ContextProvider(this, { context: agentContext, initialValue: defaultAgent() });

  @query('dialog') private dialogEl!: HTMLDialogElement | null;

  private readonly bridge = new MessageBridge(this);
  private session: AgentSession | undefined;
  private ownStore: ContextStore | undefined;
  private outbox: Outbox | undefined;
  private couch: CouchDbStore | undefined;
  private startedWith: BackendConfig | undefined;
  /** The last `host.context` taken, replayed to a restarted session. */
  private hostContext: HostContext | undefined;
  private outboxOff: Array<() => void> = [];
  private unsubscribe: (() => void) | undefined;
  private dialogOpener: HTMLElement | null = null;
  /** What had focus when the customer form went into edit mode (its Edit button): focus returns there after Save or Cancel. */
  private formOpener: { element: HTMLElement; inForm: boolean } | null = null;
  private searchSeq = 0;

  @state() private view: SessionState | undefined;
  /** The shared backend's state (CouchDB only): online, offline with N waiting, delivering. */
  @state() private sync: OutboxStatus | undefined;
  @state() private tab: PaneTab = 'open';
  @state() private query = '';
  @state() private results: SearchHit[] = [];
  @state() private formMode: 'view' | 'edit' = 'view';
  @state() private formOpen = false;
  @state() private dialog: DialogState | null = null;
  @state() private announcement = '';
  @state() private notice = '';
  @state() private selectedEntryId: string | null = null;
  /** Care mode: the task the agent last selected in the task queue. */
  @state() private selectedTaskId: string | null = null;
  /** Care mode: what the selected queued task would open (read only). */
  @state() private taskPreview: TaskPreview | null = null;
  /** The work area whose last save succeeded: "Saved" shows beside Save until the next change. */
  @state() private savedKey: string | null = null;
  /** Work areas opened while the agent was typing in another one, not looked at yet ("New" in Open). */
  @state() private aside: ReadonlySet<string> = new Set();
  private previewSeq = 0;
  /**
   * The customer pane and the work area are rendered into nodes of their own,
   * which the layout of each mode places: a change of `mode` moves them and
   * rebuilds nothing, so what lives only in their DOM (a tag being typed, the
   * caret, an open panel) stays (issue 22).
   */
  private readonly paneRegion = region();
  private readonly workRegion = region();
  /** What had focus in the pane or the work area when the layout changed: it gets it back. */
  private refocus: { element: HTMLElement; selection: [number, number] | null } | null = null;

  /**
   * Agent id used as `updatedBy`, and whose drafts and Recent list are used,
   * until the host sends `host.context`. Changing it restarts the session.
   */
  @property({ attribute: 'agent-id' }) agentId = 'agent';

  /** Name of the embedded IndexedDB database; tabs using the same name share data, like agents sharing a backend. */
  @property() database = 'customer-context';

  /**
   * URL of a CouchDB server (or a same-origin path such as `/couchdb`) to share
   * data between agents on many machines. Empty: the embedded IndexedDB store.
   * Credentials never go in the URL: use `couchdbHeaders` or a cookie session.
   */
  @property({ attribute: 'couchdb-url' }) couchdbUrl = '';

  /** CouchDB database name (with `couchdb-url`). */
  @property({ attribute: 'couchdb-database' }) couchdbDatabase = 'customer-context';

  /**
   * Headers sent to CouchDB, e.g. `{ Authorization: 'Bearer …' }` from the host.
   * Setting new ones (a refreshed token) takes effect at the next request, and
   * writes waiting in the outbox are retried with them.
   */
  @property({ attribute: false }) couchdbHeaders: Record<string, string> | undefined;

  /** `include` sends the CouchDB session cookie across origins (`RequestCredentials`). */
  @property({ attribute: 'couchdb-credentials' }) couchdbCredentials: RequestCredentials = 'include';

  /** A store to use instead of the embedded one (e.g. a `CouchDbStore`). Changing it restarts the session on it. */
  @property({ attribute: false }) store: ContextStore | undefined;

  /** `care` shows the Customer Care desktop: Ready / Not Ready, Queue, In progress, preview and Accept (R9). */
  @property({ reflect: true }) mode: GadgetMode = 'context';

  /** Care mode: how long an automatic offer waits for Accept, in milliseconds (R9.4). */
  @property({ type: Number, attribute: 'offer-timeout-ms' }) offerTimeoutMs = DEFAULT_OFFER_TIMEOUT_MS;

  /** Time source of the offer countdown (tests, simulations). Set before the element connects. */
  @property({ attribute: false }) clock: Clock | undefined;

  /**
   * The agent's language when the host sends none in `host.context` (then the
   * browser's). English, Spanish, French, German and Portuguese are built in;
   * other tags fall back to the closest (`pt-PT` → `pt-BR`) or English.
   */
  @property({ reflect: true }) override lang!: string;

  /**
   * Origins whose `window.postMessage` host events are heard (space- or
   * comma-separated, exact origins such as `https://desktop.example.com`).
   * None by default; `*` is never accepted. See README "Embedding".
   */
  @property({ attribute: 'allowed-origins' }) allowedOrigins = '';

  /** Resolves once the session has restored the Open list after a (re)load. */
  ready: Promise<void> = Promise.resolve();

  override connectedCallback(): void {
    super.connectedCallback();
    this.start();
    this.bridge.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moved in the page (taken out and put back in the same task, as a desktop switching layouts
    // does): the session, its store and the agent state stay. Only a removal stops them.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.bridge.disconnect();
      this.stop();
    });
  }

  /** `moveBefore()` moves the element without disconnecting it: nothing to do (see `disconnectedCallback`). */
  connectedMoveCallback(): void {}

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('allowedOrigins')) this.bridge.allowedOrigins = this.allowedOrigins;
    // Compared with what the session was started with, not with `changed`: a property set right
    // after connecting (before the first update) must not be missed.
    const started = this.startedWith;
    if (started && this.isConnected) {
      const now = this.backendConfig();
      const keys = Object.keys(now) as Array<keyof BackendConfig>;
      if (keys.some((key) => key !== 'couchdbHeaders' && now[key] !== started[key])) {
        // Another agent-id names another agent: the last host.context is not theirs.
        if (now.agentId !== started.agentId) this.hostContext = undefined;
        this.stop();
        this.start();
      } else if (now.couchdbHeaders !== started.couchdbHeaders) {
        this.startedWith = now;
        this.couch?.setHeaders(now.couchdbHeaders);
        this.outbox?.flush();
      }
    }
    if (changed.has('mode') || changed.has('offerTimeoutMs')) {
      this.session?.agentStateMachine.setOfferTimeout(this.countdownMs);
    }
    // The layout changes around the pane and the work area: moving them drops focus, which goes back after.
    if (changed.has('mode') && this.hasUpdated) this.refocus = this.focusInRegions();
    if (changed.has('view') && this.selectedTaskId && !this.view?.tasks.some((t) => t.interactionId === this.selectedTaskId)) {
      this.selectedTaskId = null;
      this.taskPreview = null;
    }
    const activeBefore = (changed.get('view') as SessionState | undefined)?.activeKey;
    if (changed.has('view') && this.hasUpdated && activeBefore !== this.view?.activeKey) {
      // Another customer (opened, activated, accepted, reopened or left by a close): nothing of the
      // previous one's form, notice or selection stays.
      this.formOpen = false;
      this.formMode = 'view';
      this.notice = '';
      this.selectedEntryId = null;
      if (this.savedKey !== this.view?.activeKey) this.savedKey = null;
    }
    if (changed.has('view') && this.aside.size) {
      const open = this.view?.open ?? [];
      const still = [...this.aside].filter((key) => key !== this.view?.activeKey && open.some((w) => w.key === key));
      if (still.length !== this.aside.size) this.aside = new Set(still);
    }
    if (changed.has('view') || changed.has('lang')) {
      const agent = this.view?.agent;
      const fallback = defaultAgent();
      const value: AgentContextValue = {
        agentId: agent?.agentId ?? this.agentId,
        agentName: agent?.agentName ?? '',
        locale: agent?.locale || this.lang || fallback.locale,
        timeZone: agent?.timeZone || fallback.timeZone,
      };
      const old = this.agentProvider.value;
      if (old.locale !== value.locale || old.timeZone !== value.timeZone || old.agentId !== value.agentId || old.agentName !== value.agentName) {
        this.agentProvider.setValue(value);
      }
      if (old.locale !== value.locale || !this.hasUpdated) void useLocale(value.locale);
    }
  }

  protected override updated(): void {
    const refocus = this.refocus;
    this.refocus = null;
    if (refocus) void this.restoreFocus(refocus);
  }

  /** Gives focus back after the layout changed, once the task queue (care mode) shows what it slots. */
  private async restoreFocus({ element, selection }: { element: HTMLElement; selection: [number, number] | null }): Promise<void> {
    await this.renderRoot.querySelector<TaskQueue>('task-queue')?.updateComplete;
    // Only when focus was lost with the move: never taken from where the agent (or the host) put it since.
    if (!element.isConnected || !this.focusLost()) return;
    element.focus({ preventScroll: true });
    if (selection && (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement)) element.setSelectionRange(...selection);
  }

  /** The focused element (and its caret) when it is in the pane or the work area. */
  private focusInRegions(): { element: HTMLElement; selection: [number, number] | null } | null {
    const top = this.shadowRoot?.activeElement;
    const element = this.deepActive();
    if (!top || !(element instanceof HTMLElement) || !(this.paneRegion.contains(top) || this.workRegion.contains(top))) return null;
    const text = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement;
    // `selectionStart` is null on inputs without a caret (checkbox, button).
    const selection: [number, number] | null = text && element.selectionStart !== null ? [element.selectionStart, element.selectionEnd ?? element.selectionStart] : null;
    return { element, selection };
  }

  /** What the session and its store are made from. */
  private backendConfig(): BackendConfig {
    return {
      store: this.store,
      database: this.database,
      couchdbUrl: this.couchdbUrl,
      couchdbDatabase: this.couchdbDatabase,
      couchdbCredentials: this.couchdbCredentials,
      couchdbHeaders: this.couchdbHeaders,
      agentId: this.agentId,
    };
  }

  private start(): void {
    if (this.session) return;
    this.startedWith = this.backendConfig();
    const store = this.store ?? this.createOwnStore();
    if (store instanceof Outbox) this.outbox = store;
    const restoreFailed = (error: unknown) => {
      this.notice = msg('Saved work could not be restored.');
      emit(this, 'cc-error', { code: 'store-error', message: String(error) });
    };
    const session = new AgentSession(store, {
      agentId: this.agentId,
      drafts: new DraftStore(this.agentId, this.draftNamespace(store)),
      offerTimeoutMs: this.countdownMs,
      clock: this.clock,
      hooks: {
        saved: (record) => emit(this, 'cc-saved', { record }),
        closed: (detail) => emit(this, 'cc-closed', detail),
        error: (error) => emit(this, 'cc-error', { code: error.code, message: error.message, field: error.field }),
        restoreFailed,
        deliveryConflict: () => this.announce(msg('A change you made offline met a newer version. Both are kept: Load to compare them.')),
        mayActivate: () => !this.typingInWorkspace(),
        openedAside: (key) => {
          this.aside = new Set(this.aside).add(key);
          const workspace = this.session?.workspace(key);
          if (workspace) this.announce(msg(str`${workspaceName(workspace)} is waiting in Open`));
        },
      },
    });
    this.session = session;
    this.view = session.state;
    this.unsubscribe = session.subscribe(() => {
      this.view = session.state;
    });
    // A restarted session (another backend, another agent-id) learns again who the agent is:
    // their drafts, not the placeholder's, come back.
    if (this.hostContext) session.receive(this.hostContext);
    this.ready = session
      .restore()
      .then(() => this.watchOutbox())
      .catch(restoreFailed);
  }

  /**
   * Drafts and Recent are kept apart per backend (and, in the session, per
   * agent): another database's records must not come back in this one.
   */
  private draftNamespace(store: ContextStore): string {
    // The embedded default database keeps the plain namespace.
    const identity = store.identity ?? 'host-store';
    return identity === 'indexeddb:customer-context' ? 'customer-context' : `customer-context@${identity}`;
  }

  /** The embedded IndexedDB store, or with `couchdb-url` the shared CouchDB behind an outbox. */
  private createOwnStore(): ContextStore {
    const created = createStore(
      this.couchdbUrl
        ? {
            couchdb: {
              url: this.couchdbUrl,
              database: this.couchdbDatabase,
              ...(this.couchdbHeaders ? { headers: this.couchdbHeaders } : {}),
              credentials: this.couchdbCredentials,
            },
          }
        : { indexedDbName: this.database },
    );
    this.ownStore = created.store;
    this.outbox = created.outbox;
    this.couch = created.couch;
    return created.store;
  }

  /** Shows the outbox state (R11.3); refusals met on delivery are the session's (its cautions). */
  private watchOutbox(): void {
    const outbox = this.outbox;
    if (!outbox) return;
    this.sync = outbox.status;
    this.outboxOff = [
      outbox.onStatus((status) => {
        const was = this.sync?.state;
        this.sync = status;
        if (status.state !== was) this.announce(this.syncText(status));
      }),
    ];
  }

  private syncText(status: OutboxStatus): string {
    const waiting = status.pending;
    switch (status.state) {
      case 'online':
        return msg('Online');
      case 'offline':
        return waiting ? msg(str`Offline, ${waiting} changes waiting`) : msg('Offline');
      case 'delivering':
        return msg(str`Delivering ${waiting} changes`);
    }
  }

  private stop(): void {
    this.unsubscribe?.();
    for (const off of this.outboxOff) off();
    this.outboxOff = [];
    this.session?.dispose();
    this.ownStore?.close();
    this.session = undefined;
    this.ownStore = undefined;
    this.outbox = undefined;
    this.couch = undefined;
    this.sync = undefined;
    this.startedWith = undefined;
    this.aside = new Set();
    this.savedKey = null;
  }

  /** The countdown runs in care mode only: in the default mode the host's own desktop handles offers. */
  private get countdownMs(): number {
    return this.mode === 'care' ? this.offerTimeoutMs : 0;
  }

  private get active(): Workspace | undefined {
    return this.view?.open.find((w) => w.key === this.view?.activeKey);
  }

  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  // ---- handlers -----------------------------------------------------------

  private onTabKey(event: KeyboardEvent): void {
    const order: PaneTab[] = ['open', 'recent', 'search'];
    const index = order.indexOf(this.tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next: number | undefined;
    if (event.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (index + 1) % order.length;
    else if (event.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (index + order.length - 1) % order.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = order.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    this.selectTab(order[next]!);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  }

  private selectTab(tab: PaneTab): void {
    this.tab = tab;
  }

  private onSearchInput(event: InputEvent): void {
    this.query = (event.target as HTMLInputElement).value;
    void this.runSearch();
  }

  private async runSearch(): Promise<void> {
    const seq = ++this.searchSeq;
    const query = this.query;
    const results = query.trim() ? ((await this.session?.search(query)) ?? []) : [];
    if (seq !== this.searchSeq) return;
    this.results = results;
    this.announce(msg(str`${results.length} customers found`));
  }

  private async reopen(customerId: string): Promise<void> {
    await this.session?.reopen(customerId);
    this.tab = 'open';
    await this.updateComplete;
    this.focusWorkspace();
  }

  /** Whether the agent is typing in the current work area (an input or text area inside it has focus). */
  private typingInWorkspace(): boolean {
    // The page itself must have focus: an agent who answered in the desktop around the gadget is not typing here.
    if (!document.hasFocus()) return false;
    const top = this.shadowRoot?.activeElement;
    if (!top?.closest('[part=workspace]')) return false;
    let focused: Element = top;
    while (focused.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
    return focused instanceof HTMLInputElement || focused instanceof HTMLTextAreaElement || (focused instanceof HTMLElement && focused.isContentEditable);
  }

  /**
   * Whether focus has nowhere useful to be after an action finished: on the
   * page's body, or on something of ours that is gone or hidden. Focus the
   * agent (or another gadget on the desktop) has put somewhere meanwhile is
   * never taken back.
   */
  private focusLost(): boolean {
    const chain: Element[] = [];
    for (let active = document.activeElement; active; active = active.shadowRoot?.activeElement ?? null) chain.push(active);
    const last = chain.at(-1);
    if (!last || last === document.body) return true;
    const at = chain.indexOf(this);
    if (at === -1) return false;
    const inner = chain[at + 1];
    return !inner || inner.closest('[hidden], dialog:not([open])') !== null;
  }

  /** Focus to the work area that just opened: the customer's name (or the Create form's first field). */
  private focusWorkspace(): void {
    if (!this.focusLost()) return;
    const root = this.renderRoot;
    const heading = root.querySelector<HTMLButtonElement>('[part=workspace] .customer-name');
    if (heading && !heading.disabled) heading.focus();
    else root.querySelector<HTMLElement & { focus(): void }>('[part=workspace] customer-form')?.focus();
  }

  /** The focused element, through shadow roots. */
  private deepActive(): Element | null {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  }

  /** The work area's customer form once it (and this element) have rendered the current state. */
  private async renderedForm(): Promise<CustomerForm | null> {
    await this.updateComplete;
    const form = this.renderRoot.querySelector<CustomerForm>('[part=workspace] customer-form');
    if (form) await form.updateComplete;
    return form;
  }

  /**
   * After the form's Save or Cancel (back to the read-only view): focus returns
   * to what opened the edit, when it is still there; the form's Edit button when
   * that was it (the view renders it anew); else the customer's name. Only when
   * focus was lost with the fields: never taken from where the agent put it.
   */
  private async focusAfterForm(): Promise<void> {
    const opener = this.formOpener;
    this.formOpener = null;
    const form = await this.renderedForm();
    if (!this.focusLost()) return;
    if (opener?.element.isConnected && !opener.element.closest('[hidden]')) opener.element.focus();
    else if (opener?.inForm && form?.mode === 'view') form.focus();
    else this.renderRoot.querySelector<HTMLElement>('[part=workspace] .customer-name')?.focus();
  }

  /** Focus after a work area closed: the Open list's current customer, else the selected tab; never a button that acts. */
  private focusAfterClose(): void {
    if (!this.focusLost()) return;
    const root = this.renderRoot;
    const current = this.tab === 'open' ? root.querySelector<HTMLElement>('#panel-open .item[aria-current=true]') : null;
    (current ?? root.querySelector<HTMLElement>(`#tab-${this.tab}`))?.focus();
  }

  private activate(key: string): void {
    this.session?.activate(key);
    this.selectedTaskId = null;
  }

  private async onTaskSelect(event: TaskSelectEvent): Promise<void> {
    const { interactionId, status } = event.detail;
    const seq = ++this.previewSeq;
    this.taskPreview = null;
    if (status === 'in-progress') {
      const workspace = this.view?.open.find((w) => w.interaction?.interactionId === interactionId);
      if (workspace) this.activate(workspace.key);
      this.selectedTaskId = interactionId;
      return;
    }
    this.selectedTaskId = interactionId;
    const preview = (await this.session?.preview(interactionId)) ?? null;
    if (seq === this.previewSeq) this.taskPreview = preview;
  }

  private onAccept(event: AcceptEvent): void {
    // This listener runs first (on the task queue itself); a host listener further up may still cancel
    // the accept (`preventDefault()`), and then the task stays in the Queue with its preview. The
    // microtask runs once the whole dispatch has returned.
    queueMicrotask(() => {
      if (!event.defaultPrevented) this.clearAfterAccept();
    });
  }

  private clearAfterAccept(): void {
    this.previewSeq++;
    this.taskPreview = null;
  }

  private async onPreviewMore(event: PreviewMoreEvent): Promise<void> {
    const preview = this.taskPreview;
    if (!this.session || preview?.interactionId !== event.detail.interactionId) return;
    const more = await this.session.previewMore(preview);
    if (this.taskPreview === preview) this.taskPreview = more;
  }

  private toggleForm(): void {
    this.formOpen = !this.formOpen;
    this.formMode = 'view';
  }

  private onCustomerInput(key: string, data: CustomerData): void {
    this.session?.editCustomer(key, data);
  }

  private async onCustomerCreate(key: string, data: CustomerData): Promise<void> {
    const outcome = await this.session!.createCustomer(key, data);
    if (outcome.ok) {
      this.formOpen = false;
      this.savedKey = outcome.saved.find((r) => r.type === 'customer')?.id ?? null;
      this.announce(msg('Customer created'));
      await this.updateComplete;
      this.focusWorkspace();
    } else void this.reportFailure(outcome.reason, outcome.error);
  }

  /** Edit (R5.3): the form's fields replace its Edit button, and focus goes to the first field (the name). */
  private async onCustomerEdit(): Promise<void> {
    const active = this.deepActive();
    this.formOpener =
      active instanceof HTMLElement && active !== document.body
        ? { element: active, inForm: (active.getRootNode() as ShadowRoot).host?.localName === 'customer-form' }
        : null;
    this.formMode = 'edit';
    const form = await this.renderedForm();
    if (form && this.formMode === 'edit' && this.focusLost()) form.focus();
  }

  private async onCustomerSave(key: string, data: CustomerData): Promise<void> {
    this.session?.editCustomer(key, data);
    const outcome = await this.session!.save(key);
    if (outcome.ok) {
      this.formMode = 'view';
      this.savedKey = key;
      this.announce(msg('Saved'));
      await this.focusAfterForm();
    } else void this.reportFailure(outcome.reason, outcome.error);
  }

  private async onCustomerCancel(key: string): Promise<void> {
    const workspace = this.session?.workspace(key);
    if (workspace?.customer) {
      const { name, phones, emails, chatIds, address, fields } = workspace.customer;
      this.session?.editCustomer(key, { name, phones, emails, chatIds, address, fields });
    }
    this.formMode = 'view';
    await this.focusAfterForm();
  }

  private async save(key: string): Promise<void> {
    const outcome = await this.session!.save(key);
    if (outcome.ok) {
      this.announce(outcome.saved.length ? msg('Saved') : msg('Nothing to save'));
      if (outcome.saved.length) this.savedKey = key;
    } else void this.reportFailure(outcome.reason, outcome.error);
  }

  /**
   * Tells the agent why nothing was saved. Where the agent must act first, focus
   * goes there: the first field still to choose (R4.2), the name of a customer
   * to create (R5.2, also from the close dialog's Create). Resolves `true` when
   * it moved focus.
   */
  private async reportFailure(reason: SaveRefusal, error?: Error): Promise<boolean> {
    if (reason === 'invalid' && error instanceof ValidationError && error.code === 'required') {
      this.notice = '';
      await this.updateComplete;
      const form = this.renderRoot.querySelector<CustomerForm>('[part=workspace] customer-form');
      if (!form) return false;
      await form.reportValidity();
      this.announce(msg('Enter a name'));
      return true;
    }
    const text =
      reason === 'caution' || reason === 'conflict'
        ? msg('Another agent changed this record. Load their changes before saving.')
        : reason === 'choice'
          ? msg('Nothing was saved: both of you changed some fields. Choose which version to keep for each, then Save.')
          : reason === 'invalid'
            ? msg('Some input breaks a limit. Check the highlighted fields.')
            : storageText(error);
    this.notice = text;
    this.announce(text);
    if (reason !== 'choice') return false;
    await this.updateComplete;
    const first = this.renderRoot.querySelector<HTMLElement>('[part=workspace] .choices .choice button');
    first?.focus();
    return first !== null;
  }

  private load(key: string, kind: Kind): void {
    this.session?.load(key, kind);
    this.notice = '';
    this.announce(msg('Their changes are loaded. Check the fields both of you changed.'));
  }

  private async requestClose(key: string, opener: EventTarget | null): Promise<void> {
    const question = this.session?.closeQuestion(key) ?? 'none';
    if (question === 'none') {
      await this.finishClose(key, null);
      await this.updateComplete;
      this.focusAfterClose();
      return;
    }
    this.dialogOpener = opener instanceof HTMLElement ? opener : null;
    this.dialog = { key, question };
    await this.updateComplete;
    this.dialogEl?.showModal();
    this.dialogEl?.querySelector<HTMLButtonElement>('button.primary')?.focus();
  }

  private async answerDialog(choice: CloseChoice | null): Promise<void> {
    const dialog = this.dialog;
    this.dialogEl?.close();
    this.dialog = null;
    const focused = dialog && choice ? await this.finishClose(dialog.key, choice) : false;
    const opener = this.dialogOpener;
    this.dialogOpener = null;
    await this.updateComplete;
    // Refused (a choice still open, a name missing): focus is where the agent must act.
    if (focused) return;
    // Cancel: back where the agent was. After a close the next customer's Close button may sit in
    // the same place: focus never lands on a button that acts (Enter Enter Enter closes nothing more).
    const closed = dialog !== null && choice !== null && !this.session?.workspace(dialog.key);
    if (!closed && opener?.isConnected) opener.focus();
    else this.focusAfterClose();
  }

  /** Resolves `true` when a refusal moved focus to what the agent must do first. */
  private async finishClose(key: string, choice: CloseChoice | null): Promise<boolean> {
    const outcome = await this.session!.close(key, choice);
    if (outcome.ok) {
      this.announce(msg('Closed'));
      return false;
    }
    return this.reportFailure(outcome.reason, outcome.error);
  }

  /** Keeps Tab inside the dialog: from the last button to the first and back (a modal dialog alone lets focus leave the page). */
  private onDialogKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Tab' || !this.dialogEl) return;
    const buttons = [...this.dialogEl.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
    const first = buttons[0];
    const last = buttons.at(-1);
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  private onDialogCancel(event: Event): void {
    event.preventDefault();
    void this.answerDialog(null);
  }

  // ---- public API ---------------------------------------------------------------

  /**
   * Takes one host event (plain JSON, see the README's host-event table).
   * Returns `{ ok: true }`, or `{ ok: false, error }` and fires `cc-error`
   * with a `code`. Never throws; a refused event changes nothing.
   */
  receive(event: unknown): ReceiveResult {
    if (!this.session) this.start();
    const agentBefore = this.session!.state.agent;
    const result = this.session!.receive(event);
    // A `host.context` was taken (the input itself is not read again: it may be anything).
    if (result.ok && this.session!.state.agent !== agentBefore) {
      // Kept as the session read it (validated), not the host's object.
      const { agentId, agentName, locale, timeZone } = this.session!.state.agent;
      this.hostContext = { type: 'host.context', agentId, agentName, ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
    }
    return result;
  }

  /** The agent's session (Open and Recent lists, drafts), for hosts and tests that need more than events. */
  get agentSession(): AgentSession | undefined {
    return this.session;
  }

  // ---- render --------------------------------------------------------------------

  private renderPane(slot?: string) {
    const view = this.view;
    const open = view?.open ?? [];
    const tabs: Array<[PaneTab, string]> = [
      ['open', msg('Open')],
      ['recent', msg('Recent')],
      ['search', msg('Search')],
    ];
    return html`
      <nav part="pane" class="pane" slot=${ifDefined(slot)} aria-label=${msg('Customer management')}>
        ${this.sync
          ? html`<p part="sync" class="sync" data-state=${this.sync.state}>
              <span class="dot" aria-hidden="true"></span>${this.syncText(this.sync)}
            </p>`
          : nothing}
        <div role="tablist" part="tabs" class="tabs" aria-label=${msg('Customer lists')} @keydown=${this.onTabKey}>
          ${tabs.map(
            ([tab, label]) => html`<button
              role="tab"
              id=${`tab-${tab}`}
              aria-selected=${this.tab === tab ? 'true' : 'false'}
              aria-controls=${`panel-${tab}`}
              tabindex=${this.tab === tab ? 0 : -1}
              @click=${() => this.selectTab(tab)}
            >
              ${label}${tab === 'open' && open.length ? html` <span class="count">${open.length}</span>` : nothing}
            </button>`,
          )}
        </div>
        <div role="tabpanel" id="panel-open" aria-labelledby="tab-open" ?hidden=${this.tab !== 'open'}>
          ${open.length
            ? html`<ul class="list">
                ${open.map((w) => this.renderOpenItem(w))}
              </ul>`
            : html`<p class="muted empty">${msg('No customer open. A call, chat or email you take appears here.')}</p>`}
        </div>
        <div role="tabpanel" id="panel-recent" aria-labelledby="tab-recent" ?hidden=${this.tab !== 'recent'}>
          ${view?.recent.length
            ? html`<ul class="list">
                ${view.recent.map(
                  (r) => html`<li>
                    <button class="item" @click=${() => this.reopen(r.customerId)}>
                      <span class="name"><bdi>${r.name || msg('(no name)')}</bdi></span>
                      <span class="muted small"><time datetime=${r.closedAt}>${formatDateTime(r.closedAt, this.agentProvider.value, 'short')}</time></span>
                    </button>
                  </li>`,
                )}
              </ul>`
            : html`<p class="muted empty">${msg('Customers you close appear here.')}</p>`}
        </div>
        <div role="tabpanel" id="panel-search" aria-labelledby="tab-search" ?hidden=${this.tab !== 'search'}>
          <label class="search">
            <span>${msg('Find a customer')}</span>
            <input
              type="search"
              maxlength="2000"
              .value=${this.query}
              @input=${this.onSearchInput}
              placeholder=${msg('Name, phone, email, request title or tag')}
            />
          </label>
          <ul class="list" aria-label=${msg('Search results')}>
            ${this.results.map(
              (hit) => html`<li>
                <button class="item" @click=${() => this.reopen(hit.customer.id)}>
                  <span class="name"><bdi>${hit.customer.name || msg('(no name)')}</bdi></span>
                  ${contactLine(hit.customer) ? html`<span class="small"><bdi>${contactLine(hit.customer)}</bdi></span>` : nothing}
                  <span class="muted small">${msg(str`matched by ${matchedLabel(hit.matched)}`)}</span>
                </button>
              </li>`,
            )}
          </ul>
        </div>
      </nav>
    `;
  }

  private renderOpenItem(w: Workspace) {
    const dirty = this.session?.isDirty(w) ?? false;
    const name = workspaceName(w);
    return html`<li>
      <button class="item" aria-current=${w.key === this.view?.activeKey ? 'true' : 'false'} @click=${() => this.activate(w.key)}>
        <span class="name"><bdi>${name}</bdi></span>
        <span class="muted small">
          ${this.aside.has(w.key) ? html`<span class="new">${msg('New')}</span> · ` : nothing}${w.interaction ? channelLabel(w.interaction.channel) : msg('Reopened')}
          ${w.interaction?.ended ? html` · ${msg('Ended')}` : nothing}
          ${!w.customer ? html` · ${msg('Not created')}` : nothing}
          ${dirty ? html` · <span class="unsaved">${msg('Unsaved')}</span>` : nothing}
          ${w.cautions.length ? html` · <span class="warn">${msg('Caution')}</span>` : nothing}
        </span>
      </button>
    </li>`;
  }

  private renderCautions(w: Workspace) {
    return html`
      ${w.cautions.map(
        (c) => html`<div part="caution" class="caution" role="alert">
          <span>
            ${cautionText(c.kind, c.theirs.updatedBy)}
          </span>
          <button class="primary" @click=${() => this.load(w.key, c.kind)}>${msg('Load')}</button>
        </div>`,
      )}
      ${w.choices.map(
        (choice) => html`<section class="choices" aria-label=${choiceText(choice.kind).label}>
          <p>${choiceText(choice.kind).prompt}</p>
          ${choice.conflicts.map(
            (c) => html`<div class="choice" role="group" aria-label=${fieldLabel(c.field)}>
              <strong>${fieldLabel(c.field)}</strong>
              <div class="sides">
                <div class="side">
                  <span class="muted small">${msg('Yours')}</span>
                  <span class="value">${shown(c.mine)}</span>
                  <button @click=${() => this.session?.choose(w.key, choice.kind, c.field, 'mine')}>${msg('Keep mine')}</button>
                </div>
                <div class="side">
                  <span class="muted small">${msg('Theirs')}</span>
                  <span class="value">${shown(c.theirs)}</span>
                  <button @click=${() => this.session?.choose(w.key, choice.kind, c.field, 'theirs')}>${msg('Use theirs')}</button>
                </div>
              </div>
            </div>`,
          )}
        </section>`,
      )}
    `;
  }

  private renderWorkspace(w: Workspace) {
    const created = w.customer !== null;
    const dirty = this.session?.isDirty(w) ?? false;
    const name = w.customerDraft.name || w.customer?.name || msg('Unknown contact');
    const formMode = created ? this.formMode : 'create';
    const showForm = !created || this.formOpen;
    return html`
      <section part="workspace" class="workspace" aria-label=${msg(str`Working on ${name}`)}>
        <header part="header" class="header">
          <button
            class="customer-name"
            aria-expanded=${showForm ? 'true' : 'false'}
            aria-controls="customer-form"
            @click=${this.toggleForm}
            ?disabled=${!created}
          >${name}</button>
          ${w.interaction
            ? html`<span class="badge">${channelLabel(w.interaction.channel)}${w.interaction.ended ? html` · ${msg('Ended')}` : nothing}</span>`
            : nothing}
          <span class="spacer"></span>
          ${created && !dirty && this.savedKey === w.key ? html`<span part="saved" class="muted small">${msg('Saved')}</span>` : nothing}
          ${created ? html`<button class="primary" ?disabled=${!dirty || w.busy} @click=${() => this.save(w.key)}>${msg('Save')}</button>` : nothing}
          <button @click=${(e: Event) => this.requestClose(w.key, e.currentTarget)}>${msg('Close')}</button>
        </header>
        ${!created ? html`<p class="info" role="note">${msg('No customer matches this contact. Fill in the form and choose Create, or Close to leave without creating one.')}</p>` : nothing}
        ${this.notice ? html`<p class="notice" role="alert">${this.notice}</p>` : nothing}
        ${this.renderCautions(w)}
        ${showForm
          ? html`<customer-form
              id="customer-form"
              part="customer-form"
              exportparts="name-input: customer-form-name-input, address-input: customer-form-address-input"
              .customer=${w.customerDraft}
              .saved=${w.customer}
              mode=${formMode}
              @cc-customer-input=${(e: CustomEvent<{ data: CustomerData }>) => this.onCustomerInput(w.key, e.detail.data)}
              @cc-customer-create=${(e: CustomEvent<{ data: CustomerData }>) => this.onCustomerCreate(w.key, e.detail.data)}
              @cc-customer-save=${(e: CustomEvent<{ data: CustomerData }>) => this.onCustomerSave(w.key, e.detail.data)}
              @cc-customer-edit=${this.onCustomerEdit}
              @cc-customer-cancel=${() => this.onCustomerCancel(w.key)}
            ></customer-form>`
          : nothing}
        ${w.requestDraft
          ? html`<request-editor
              part="request-editor"
              exportparts="title-input: request-editor-title-input, description-input: request-editor-description-input, details: request-editor-details"
              .request=${{ ...w.requestDraft, ...(w.request ? { createdAt: w.request.createdAt } : {}) }}
              @cc-request-input=${(e: CustomEvent<RequestInputDetail>) => this.session?.editRequest(w.key, { [e.detail.field]: e.detail.value })}
              @cc-request-status=${(e: CustomEvent<RequestStatusDetail>) => this.session?.editRequest(w.key, { status: e.detail.status })}
            ></request-editor>`
          : nothing}
        ${w.activityDraft
          ? html`<tag-input
              part="tag-input"
              .tags=${w.activityDraft.tags}
              @cc-tags-change=${(e: CustomEvent<TagsChangeDetail>) => this.session?.editActivity(w.key, { tags: e.detail.tags })}
            ></tag-input>`
          : nothing}
        <journey-view
          part="journey"
          .entries=${journeyWithDraft(w)}
          .currentInteractionId=${w.interaction?.interactionId ?? null}
          .selectedId=${this.selectedEntryId}
          .hasMore=${w.journeyHasMore}
          @cc-journey-select=${(e: CustomEvent<{ entry: JourneyEntry }>) => (this.selectedEntryId = e.detail.entry.id)}
          @cc-journey-more=${() => this.session?.loadMoreJourney(w.key)}
        ></journey-view>
      </section>
    `;
  }

  private renderDialog() {
    const d = this.dialog;
    const create = d?.question === 'create-customer';
    return html`<dialog part="dialog" aria-labelledby="dialog-title" aria-describedby="dialog-text" @cancel=${this.onDialogCancel} @keydown=${this.onDialogKeydown}>
      ${d
        ? html`
            <h2 id="dialog-title">${create ? msg('Create a customer?') : msg('Save your changes?')}</h2>
            <p id="dialog-text">
              ${create
                ? msg('No customer was created for this interaction. Create one, or discard and leave without creating it.')
                : msg('You have unsaved changes. Save them, or discard them and close.')}
            </p>
            <div class="actions">
              <button class="primary" @click=${() => this.answerDialog(create ? 'create' : 'save')}>${create ? msg('Create') : msg('Save')}</button>
              <button @click=${() => this.answerDialog('discard')}>${msg('Discard')}</button>
              <button @click=${() => this.answerDialog(null)}>${msg('Cancel')}</button>
            </div>
          `
        : nothing}
    </dialog>`;
  }

  /** Care mode (R9): the task queue, with the customer pane under its lists and the work area beside them. */
  private renderCare(session: AgentSession) {
    const active = this.active;
    const tasks = this.view?.tasks ?? [];
    const selected = tasks.some((t) => t.interactionId === this.selectedTaskId) ? this.selectedTaskId : (active?.interaction?.interactionId ?? null);
    return html`
      <task-queue
        part="task-queue"
        .machine=${session.agentStateMachine}
        .preview=${this.taskPreview}
        .selectedId=${selected}
        @cc-task-select=${this.onTaskSelect}
        @cc-accept=${this.onAccept}
        @cc-preview-more=${this.onPreviewMore}
      >
        ${this.paneRegion}${this.workRegion}
      </task-queue>
    `;
  }

  /**
   * The pane and the work area, rendered into their own nodes (see `paneRegion`);
   * the layout of the mode places those nodes, and the dialog and the live region
   * stay where they are whatever the mode.
   */
  protected override render() {
    const care = this.mode === 'care' ? this.session : undefined;
    const active = this.active;
    renderInto(this.renderPane(care ? 'pane' : undefined), this.paneRegion, { host: this });
    renderInto(
      active
        ? keyed(active.key, this.renderWorkspace(active))
        : html`<section part="workspace" class="workspace empty-workspace">
            <p class="muted">${care ? msg('Select a task in the Queue to see it before you accept it.') : msg('Take a call, chat or email, or reopen a customer from Recent or Search.')}</p>
          </section>`,
      this.workRegion,
      { host: this },
    );
    if (care) this.paneRegion.slot = 'pane';
    else this.paneRegion.removeAttribute('slot');
    return html`
      ${care ? this.renderCare(care) : html`<div class="layout">${this.paneRegion}${this.workRegion}</div>`}
      ${this.renderDialog()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
