import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import { DEFAULT_OFFER_TIMEOUT_MS, type ClearLocalDataOptions, type ClearResult } from '../../model/index.js';
import type { AgentSession, ReceiveResult, SessionState, Workspace } from '../../session/session.js';
import type { Clock } from '../../session/agent-state.js';
import { MessageBridge } from '../../host/message-bridge.js';
import { LeaveGuard } from './leave-guard.js';
import { Announcer } from '../shared/controllers/announcer.js';
import { emit } from '../shared/emit.js';
import { FramePace } from '../shared/frame-pace.js';
import { plural } from '../shared/plural.js';
import { deepActive, focusLost, isTyping } from '../shared/focus.js';
import { layoutStyles } from '../shared/layout.styles.js';
import { tokens } from '../shared/tokens.styles.js';
import { openEntry, type OpenEntry, type SearchResult } from '../customer-pane/customer-pane.js';
import type { TaskQueue } from '../task-queue/task-queue.js';
import '../close-dialog/define.js';
import '../customer-pane/define.js';
import '../work-area/define.js';
import { AgentProvider } from './agent-provider.js';
import { BackendController, type HostStore } from './backend-controller.js';
import { CareController } from './care-controller.js';
import { FocusKeeper } from './focus-keeper.js';
import { WorkActions } from './work-actions.js';
import { ShortcutController } from './shortcuts.js';
import { shortcutsFromAttribute, type ShortcutSettings } from '../shared/keymap.js';
import { configErrorText, deliveryRefusedText, hostConnectionText, syncText, waitingElsewhereText, workspaceName, type HostConnection } from './messages.js';
import { styles } from './customer-context.styles.js';
import './events.js';

/** `context`: the customer pane and work area (R1–R8); `care`: the Customer Care desktop with a task queue (R9). */
export type GadgetMode = 'context' | 'care';

/** Detail of `cc-sync`: the shared backend's state and what waits (CouchDB only). */
export interface SyncDetail {
  state: 'online' | 'offline' | 'delivering' | 'signed-out';
  /** This agent's writes waiting. */
  pending: number;
  /** Writes of another agent of this browser profile, kept until that agent signs in here again. */
  waitingForOthers: number;
}

declare global {
  interface GlobalEventHandlersEventMap {
    /** What `clearLocalData()` (or `host.signed-out`) did: cleared, or refused with writes still unsent. */
    'cc-cleared': CustomEvent<ClearResult>;
    /** The shared backend's state or the writes waiting changed. */
    'cc-sync': CustomEvent<SyncDetail>;
  }
}

/**
 * The whole gadget: the customer management pane (Open, Recent, Search), the
 * customer being worked on (customer form, request, activity tags, journey),
 * cautions when another agent saved first, and the close flow. A host feeds
 * it interaction events through `receive()`.
 *
 * The composition root: its backend and session live in a `BackendController`;
 * it passes their state down to `<cc-customer-pane>`, `<cc-work-area>`,
 * `<cc-close-dialog>` and, in care mode, `<task-queue>`, and acts on what they
 * report. It also keeps the focus rules that span them.
 *
 * @summary Customer Context: who the customer is, their journey and their open request (R1–R8).
 * @tagname customer-context
 *
 * @fires {CustomEvent<SavedDetail>} cc-saved - A record was saved by this agent.
 * @fires {CustomEvent<ClosedDetail>} cc-closed - The agent closed their work on a customer.
 * @fires {CustomEvent<ErrorDetail>} cc-error - A host event was refused (`code`: invalid-event, unknown-event, out-of-order), the store failed (`store-error`), or no backend can be made from the configuration (`config-error`, once per configuration; also, with `field: 'shortcuts'`, for a `shortcuts` setting that cannot be used).
 * @fires {CustomEvent<AcceptDetail>} cc-accept - Care mode: the agent accepted a task (`{ interactionId, channel, customerId }`); its work area opens (R9.3, R2.5). Cancelable.
 * @fires {CustomEvent<AgentStateDetail>} cc-agent-state - Care mode: Ready / Not Ready changed by the agent (`reason: 'agent'`) or by an offer timeout (`reason: 'offer-timeout'`).
 * @fires {CustomEvent<SyncDetail>} cc-sync - CouchDB: the backend's state or the writes waiting changed (`{ state, pending, waitingForOthers }`); `waitingForOthers` counts another agent's writes kept for them.
 * @fires {CustomEvent<ClearResult>} cc-cleared - `clearLocalData()` or `host.signed-out` finished: `{ ok: true, dropped, refused, discarded }`, or `{ ok: false, reason: 'unsent', pending }` (nothing was cleared).
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
 * @csspart unsaved-count - "2 unsaved changes" in the header of the customer worked on.
 * @csspart note-input - The current activity's note `<textarea>`.
 * @csspart tag-input - The inner `<tag-input>`.
 * @csspart history - The customer's activities per month over 12 months, above the journey (`<cc-history-chart>`, issue #19).
 * @csspart journey - The inner `<journey-view>`.
 * @csspart customer-form - The inner `<customer-form>` (its inputs are exported as `customer-form-name-input`, `customer-form-last-name-input`, `customer-form-address-input`).
 * @csspart task-queue - Care mode: the inner `<task-queue>`.
 * @csspart shortcuts-button - The "Keyboard shortcuts" button.
 * @csspart shortcuts-dialog - The keyboard shortcuts list it opens (also on `?`).
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
  static override styles = [tokens, layoutStyles, styles];

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
  @property({ attribute: false }) store: HostStore | undefined;

  /** `care` shows the Customer Care desktop: Ready / Not Ready, Queue, In progress, preview and Accept (R9). */
  @property({ reflect: true }) mode: GadgetMode = 'context';

  /** Care mode: how long an automatic offer waits for Accept, in milliseconds (R9.4: 15 s). */
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
   * None by default; `*` is never accepted. See docs/embedding-finesse.md.
   */
  @property({ attribute: 'allowed-origins' }) allowedOrigins = '';

  /**
   * The keyboard shortcuts (docs/agent-guide.md "Keyboard shortcuts"): per action a key string
   * (`Mod+S`, `Alt+Shift+F`) or `null` for none; actions left out keep their default; `false`:
   * none at all. Attribute: `off`, or `save:Mod+S; search:Alt+Shift+K; note:off`. Keys that
   * cannot be used are reported as `cc-error` (`config-error`) and the defaults stay.
   */
  @property({ converter: { fromAttribute: shortcutsFromAttribute } }) shortcuts: ShortcutSettings | false | undefined;

  private readonly agent = new AgentProvider(this);
  private readonly announcer = new Announcer(this);
  private readonly bridge = new MessageBridge(this);
  private readonly backend = new BackendController(this, {
    sessionOptions: () => ({
      offerTimeoutMs: this.countdownMs,
      clock: this.clock,
      hooks: {
        saved: (record) => emit(this, 'cc-saved', { record }),
        closed: (detail) => emit(this, 'cc-closed', detail),
        error: (error) => emit(this, 'cc-error', { code: error.code, message: error.message, field: error.field }),
        restoreFailed: (error) => this.restoreFailed(error),
        waitingElsewhere: (count, origin) => this.restoreNotice(waitingElsewhereText(count, origin)),
        draftsSetAside: () =>
          this.restoreNotice(msg('Some unsaved work kept by an earlier version could not be read. It is set aside in this browser, not deleted; your administrator can recover it.')),
        deliveryConflict: () => this.announcer.announce(msg('A change you made offline met a newer version. Both are kept: Load to compare them.')),
        // A queued write the server refused (#21 item 2): said at once, and on that record when it is on screen; the input is back as unsaved.
        deliveryRefused: (refusal) => {
          const text = deliveryRefusedText(refusal.kind, refusal.reason);
          this.announcer.announce(text);
          if (this.view?.activeKey === refusal.key) this.notice = text;
        },
        // The agent's keystrokes must never land in another customer's record (docs/agent-guide.md "Keyboard and focus").
        mayActivate: () => !(document.hasFocus() && this.shadowRoot?.activeElement === this.work && isTyping(deepActive())),
        openedAside: (key) => {
          this.aside = new Set(this.aside).add(key);
          const workspace = this.backend.session?.workspace(key);
          if (workspace) this.announcer.announce(msg(str`${workspaceName(workspace)} is waiting in Open`));
        },
      },
    }),
    changed: (session) => {
      const before = this.view;
      this.view = session.state;
      this.care.changed(before, session.state);
    },
    stopped: () => {
      this.aside = new Set();
      this.savedKey = null;
    },
    restoreFailed: (error) => this.restoreFailed(error),
    configError: (error, problem) => {
      // No session runs: nothing of the previous one stays on screen.
      this.view = undefined;
      this.configNotice = configErrorText(problem);
      this.notice = this.configNotice;
      this.announcer.announce(this.configNotice);
      emit(this, 'cc-error', { code: error.code, message: error.message, field: error.field });
    },
    configured: () => {
      if (this.notice === this.configNotice) this.notice = '';
      this.configNotice = '';
    },
    signedOut: (event) => void this.clearLocalData({ dropUnsent: event.dropUnsent ?? false }),
    statusChanged: (status) => this.announcer.announce(syncText(status)),
    statusUpdated: (status) => {
      const detail: SyncDetail = { state: status.state, pending: status.pending, waitingForOthers: status.waitingForOthers ?? 0 };
      const last = this.lastSync;
      if (last && last.state === detail.state && last.pending === detail.pending && last.waitingForOthers === detail.waitingForOthers) return;
      this.lastSync = detail;
      emit(this, 'cc-sync', detail);
    },
    // Host events by postMessage are heard while the element is in the page (a move keeps them).
    connected: () => this.bridge.connect(),
    removed: () => this.bridge.disconnect(),
  });

  /**
   * The pane and the work area are elements this one makes once, which the
   * layout of each mode places: a change of `mode` moves them and rebuilds
   * nothing, so what lives only in their DOM (a tag being typed, the caret,
   * an open panel) stays (issue 22).
   */
  private readonly pane = document.createElement('cc-customer-pane');
  private readonly work = document.createElement('cc-work-area');
  private readonly dialog = document.createElement('cc-close-dialog');
  private readonly actions = new WorkActions({
    session: () => this.backend.session,
    work: this.work,
    dialog: this.dialog,
    announce: (text) => this.announcer.announce(text),
    setNotice: (text) => (this.notice = text),
    setSavedKey: (key) => (this.savedKey = key),
    settled: () => this.updateComplete,
    focusWorkspace: () => this.focusWorkspace(),
    focusAfterClose: () => this.focusAfterClose(),
  });
  private readonly care = new CareController(this, {
    session: () => this.backend.session,
    clock: () => this.clock,
    activate: (key) => this.activate(key),
  });
  private readonly keys = new ShortcutController(this, {
    settings: () => this.shortcuts,
    care: () => this.mode === 'care',
    session: () => this.backend.session,
    pane: this.pane,
    work: this.work,
    queue: () => this.renderRoot.querySelector<TaskQueue>('task-queue'),
    save: (key) => this.actions.save(key),
    close: (key) => this.actions.requestClose(key),
    activate: (key) => this.activate(key),
    announce: (text) => this.announcer.announce(text),
  });

  @state() private view: SessionState | undefined;
  @state() private results: SearchResult[] = [];
  /** More customers match than `results` holds (the store was asked for one more). */
  @state() private resultsMore = false;
  /** The query `results` answer (null: none asked yet), for the pane's "No customer matches". */
  @state() private searched: string | null = null;
  @state() private notice = '';
  /** The last `cc-sync` detail sent (only a change is sent again). */
  private lastSync: SyncDetail | undefined;
  /** What is wrong with the configuration while no backend can be made from it (stays when the customer changes). */
  private configNotice = '';
  /** The Open list's line of each work area, made again only when the work area (an immutable object) or its "New" mark changed. */
  private readonly openLines = new WeakMap<Workspace, { isNew: boolean; entry: OpenEntry }>();
  /** The desktop's connection (Finesse bridge, `cc-host-connection`): while not connected, calls may arrive late. */
  @state() private hostConnection: HostConnection = 'connected';
  /** The work area whose last save succeeded: "Saved" shows beside Save until the next change. */
  @state() private savedKey: string | null = null;
  /** Work areas opened while the agent was typing in another one, not looked at yet ("New" in Open). */
  @state() private aside: ReadonlySet<string> = new Set();
  private searchSeq = 0;

  /** Resolves once the session has restored the Open list after a (re)load. */
  get ready(): Promise<void> {
    return this.backend.ready;
  }

  /** The agent's session (Open and Recent lists, drafts), for hosts and tests that need more than events. */
  get agentSession(): AgentSession | undefined {
    return this.backend.session;
  }

  constructor() {
    super();
    new FocusKeeper(this, {
      layout: () => this.mode,
      regions: () => [this.pane, this.work],
      settled: async () => this.renderRoot.querySelector<TaskQueue>('task-queue')?.updateComplete,
    });
    // The browser asks before the page is left while saved writes cannot be delivered (#21 item 9).
    new LeaveGuard(this, () => this.backend.status);
    this.pane.setAttribute('exportparts', 'pane, tabs, sync, host-connection');
    this.addEventListener('cc-host-connection', (event) => {
      const state = event.detail.state;
      if (state === this.hostConnection) return;
      this.hostConnection = state;
      this.announcer.announce(hostConnectionText(state));
    });
    this.dialog.setAttribute('exportparts', 'dialog');
    this.work.setAttribute(
      'exportparts',
      'workspace, header, saved, caution, customer-form, customer-form-name-input, customer-form-last-name-input, customer-form-address-input, request-editor, request-editor-title-input, request-editor-description-input, request-editor-details, unsaved-count, note-input, tag-input, history, journey',
    );
    this.pane.addEventListener('cc-pane-activate', (e) => this.activate(e.detail.key));
    this.pane.addEventListener('cc-pane-reopen', (e) => void this.reopen(e.detail.customerId));
    this.pane.addEventListener('cc-pane-search', (e) => void this.search(e.detail.query));
    this.actions.listen();
  }

  /** `moveBefore()` moves the element without disconnecting it: nothing to do. */
  connectedMoveCallback(): void {}

  /** Resolves once this element and its pane, work area and close dialog show the current state. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const regions = await Promise.all([this.pane.updateComplete, this.work.updateComplete, this.dialog.updateComplete]);
    return done && regions.every((region) => region !== false);
  }

  /**
   * Takes one host event (plain JSON, see docs/host-contract.md).
   * Returns `{ ok: true }`, or `{ ok: false, error }` and fires `cc-error`
   * with a `code`. Never throws; a refused event changes nothing. While no
   * backend can be made from the configuration (credentials in
   * `couchdb-url`, not a URL, an invalid database name) every event is
   * answered `config-error`; its `cc-error` is fired once per configuration.
   */
  receive(event: unknown): ReceiveResult {
    return this.backend.receive(event);
  }

  /**
   * What a desktop calls when the agent signs out on a shared browser profile
   * (the host event `host.signed-out` does the same): removes what the gadget
   * keeps of the agent in this browser — every agent's drafts, set-aside
   * drafts and Recent, the change feed checkpoints, the outbox, and with
   * `includeEmbeddedStore` the embedded store's records (kept by default: it
   * is the customer database of every agent on this profile) — and ends the
   * session's open work, so nothing of the agent stays on screen; the next
   * `host.context` starts afresh. See docs/security.md.
   *
   * Writes the backend has not taken are delivered first (for at most
   * `waitMs`, 10 s by default). If some are still unsent it refuses and
   * changes nothing (`{ ok: false, reason: 'unsent', pending }`, also said on
   * screen), unless `dropUnsent: true`: then they are deleted and counted in
   * `dropped`. Fires `cc-cleared` with the result. Rejects only when the
   * browser's storage itself fails.
   */
  async clearLocalData(options: ClearLocalDataOptions = {}): Promise<ClearResult> {
    const result = await this.backend.clearLocalData(options);
    if (result.ok) {
      // What the element itself shows beyond the session: search results (and a search still running), notices, the pane's tab and query.
      this.searchSeq++;
      this.results = [];
      this.resultsMore = false;
      this.searched = null;
      this.notice = '';
      this.announcer.clear();
      this.care.select(null);
      this.pane.reset();
    } else {
      const { pending } = result;
      this.notice = plural(pending, {
        one: () => msg('This browser was not cleared: 1 change you saved has not reached the server yet. It is delivered when the server can be reached.'),
        other: () => msg(str`This browser was not cleared: ${pending} changes you saved have not reached the server yet. They are delivered when the server can be reached.`),
      });
      this.announcer.announce(this.notice);
    }
    emit(this, 'cc-cleared', result);
    return result;
  }

  /** A burst of changes (a desktop replaying what it missed) is drawn once per frame, not once per change (issue #20). */
  private readonly pace = new FramePace();

  protected override async scheduleUpdate(): Promise<void> {
    await this.pace.turn(this.backend.session?.bursting ?? false);
    super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    this.backend.apply();
    if (changed.has('allowedOrigins')) this.bridge.allowedOrigins = this.allowedOrigins;
    if (changed.has('mode') || changed.has('offerTimeoutMs')) this.backend.session?.setOfferTimeout(this.countdownMs);
    if (!changed.has('view') && !changed.has('lang')) return;
    const view = this.view;
    if (changed.has('view') && this.hasUpdated && (changed.get('view') as SessionState | undefined)?.activeKey !== view?.activeKey) {
      // Another customer (opened, activated, accepted, reopened or left by a close): no notice of the previous one stays.
      this.notice = this.configNotice;
      if (this.savedKey !== view?.activeKey) this.savedKey = null;
    }
    const aside = [...this.aside].filter((key) => key !== view?.activeKey && view?.open.some((w) => w.key === key));
    if (aside.length !== this.aside.size) this.aside = new Set(aside);
    this.agent.update(view?.agent, this.agentId, this.lang);
  }

  /** A notice about the restore itself: announced now, shown once the restore has chosen the current customer (a change of customer clears notices). */
  private restoreNotice(text: string): void {
    this.announcer.announce(text);
    void Promise.resolve()
      .then(() => this.backend.ready)
      .then(() => (this.notice = text));
  }

  private restoreFailed(error: unknown): void {
    this.notice = msg('Saved work could not be restored.');
    emit(this, 'cc-error', { code: 'store-error', message: String(error) });
  }

  /** The countdown runs in care mode only: in the default mode the host's own desktop handles offers. */
  private get countdownMs(): number {
    return this.mode === 'care' ? this.offerTimeoutMs : 0;
  }

  private get active(): Workspace | undefined {
    return this.view?.open.find((w) => w.key === this.view?.activeKey);
  }

  // ---- focus -------------------------------------------------------------------

  /** Focus to the work area that just opened: the customer's name (or the Create form's first field). */
  private focusWorkspace(): void {
    if (focusLost(this)) this.work.focus();
  }

  /** Focus after a work area closed: the Open list's current customer, else the selected tab; never a button that acts. */
  private focusAfterClose(): void {
    if (focusLost(this)) this.pane.focusCurrent();
  }

  // ---- what the pane and the work area report ------------------------------------

  private activate(key: string): void {
    this.backend.session?.activate(key);
    this.care.select(null);
  }

  private async reopen(customerId: string): Promise<void> {
    await this.backend.session?.reopen(customerId);
    this.pane.tab = 'open';
    await this.updateComplete;
    this.focusWorkspace();
  }

  private async search(query: string): Promise<void> {
    const seq = ++this.searchSeq;
    const page = query.trim() ? await this.backend.session?.searchPage(query) : undefined;
    if (seq !== this.searchSeq) return;
    const results = page?.hits ?? [];
    this.results = results;
    this.resultsMore = page?.more ?? false;
    this.searched = page ? query : null;
    this.backend.session?.presence?.show(results.map((hit) => hit.customer.id));
    this.announcer.announce(page?.more ? msg(str`First ${results.length} customers shown: more match.`) : msg(str`${results.length} customers found`));
  }

  // ---- render --------------------------------------------------------------------

  /** The pane and the work area get the session's state; the layout of the mode places them, the dialog and the live region stay. */
  private openLine(workspace: Workspace, session: AgentSession | undefined): OpenEntry {
    const isNew = this.aside.has(workspace.key);
    const known = this.openLines.get(workspace);
    if (known && known.isNew === isNew) return known.entry;
    // The same unsaved changes the work area counts (issue #18 item 4): a new contact's prefilled details are none.
    const entry = openEntry(workspace, session?.hasUnsaved(workspace) ?? false, isNew);
    this.openLines.set(workspace, { isNew, entry });
    return entry;
  }

  protected override render() {
    const view = this.view;
    const session = this.backend.session;
    const active = this.active;
    const care = this.mode === 'care' && session && view ? { session, view } : undefined;
    const lines = (view?.open ?? []).map((w) => this.openLine(w, session));
    Object.assign(this.pane, {
      // Care mode: a task In progress is listed there (with these marks), not twice.
      open: care ? lines.filter((_, i) => this.care.listsInOpen(care.view, care.view.open[i]!)) : lines,
      activeKey: view?.activeKey ?? null,
      recent: view?.recent ?? [],
      results: this.results,
      resultsMore: this.resultsMore,
      searched: this.searched,
      sync: this.backend.status,
      connection: this.hostConnection,
      presence: session?.presence?.others ?? NO_PRESENCE,
    });
    Object.assign(this.work, {
      workspace: active,
      dirty: active ? (session?.isDirty(active) ?? false) : false,
      unsaved: active && session ? session.unsaved(active) : undefined,
      saved: active?.key === this.savedKey,
      notice: this.notice,
      care: this.mode === 'care',
      newRequestFrom: active && session ? session.newRequestOffer(active) : null,
      damaged: active && session ? session.damaged(active) : [],
      presence: session?.presence?.othersOn(active?.customer?.id) ?? [],
      presenceWarning: active && session?.presence ? session.presence.warning(active.key) : [],
      // Issue #19 item 2: likely duplicates of a new customer, "Merged · Undo" and a merge's progress.
      duplicates: active && session ? session.duplicates(active.key) : [],
      mergeDone: active?.customer && session ? (session.mergeDone(active.customer.id) ?? null) : null,
      mergeRunning: active?.customer && session ? (session.mergeRunning(active.customer.id) ?? null) : null,
    });
    if (care) this.pane.slot = 'pane';
    else this.pane.removeAttribute('slot');
    return html`
      ${care
        ? this.care.render(care.view, active?.interaction?.interactionId ?? null, html`${this.pane}${this.work}`, lines)
        : html`<div class="layout">${this.pane}${this.work}</div>`}
      ${this.keys.render()} ${this.dialog}
      ${this.announcer.render()}
    `;
  }
}

/** No other agent anywhere (no presence part): one object, so the pane is not drawn again for it. */
const NO_PRESENCE: ReadonlyMap<string, never> = new Map<string, never>();
