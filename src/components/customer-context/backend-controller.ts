import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { HostEventError, parseHostEvent, type ClearLocalDataOptions, type ClearResult, type HostContext, type HostSignedOut } from '../../model/index.js';
// The composition root makes the session (and its drafts): the one component that constructs them
// (eslint.config.mjs allows this file, and only this one, to import them as values).
import { AgentSession, type ReceiveResult, type SessionOptions } from '../../session/session.js';
import { DraftStore } from '../../session/drafts.js';
// The one component module that knows the data layer, and only through its Backend.
import { backendFor, CouchConfigError, createBackend, type Backend, type CouchConfigProblem } from '../../store/backend.js';

/** A store a host gives instead of the embedded one (a `ContextStore`). */
export type HostStore = Backend['store'];

/** What is wrong with a configuration no backend can be made from (`configError`). */
export type ConfigProblem = CouchConfigProblem;

/** The shared backend's state: online, offline with N writes waiting, delivering. */
export type BackendStatus = NonNullable<Backend['status']>;

/** The settings a session and its backend are made from: a change restarts both (headers excepted). */
export interface BackendSettings {
  store: HostStore | undefined;
  database: string;
  couchdbUrl: string;
  couchdbDatabase: string;
  couchdbCredentials: RequestCredentials;
  couchdbHeaders: Record<string, string> | undefined;
  agentId: string;
}

/** The element a backend serves: it holds the settings as properties. */
export type BackendHost = ReactiveControllerHost & HTMLElement & Readonly<BackendSettings>;

export interface BackendControllerOptions {
  /** What a new session is made with, besides the agent and its drafts (hooks, offer time, clock). */
  sessionOptions(): Omit<SessionOptions, 'agentId' | 'drafts'>;
  /** The session's state changed (or a session started): read `session.state`. */
  changed(session: AgentSession): void;
  /** The session and its backend stopped (a restart or a removal). */
  stopped(): void;
  /** The saved work could not be brought back. */
  restoreFailed(error: unknown): void;
  /** The shared backend went online, offline or delivering. */
  statusChanged(status: BackendStatus): void;
  /** Any change of the backend's status (its counts too). */
  statusUpdated?(status: BackendStatus): void;
  /** The host sent `host.signed-out` (accepted): clear this browser's data (`clearLocalData`). */
  signedOut?(event: HostSignedOut): void;
  /**
   * No backend can be made from the settings (`problem`; `undefined`: another
   * reason): no session runs and `receive()` answers `config-error`. Called
   * once per configuration; `configured` once a configuration works again.
   */
  configError?(error: HostEventError, problem: CouchConfigProblem | undefined): void;
  configured?(): void;
  /** The host was connected; `removed`: taken out of the page for good (not only moved). */
  connected?(): void;
  removed?(): void;
}

/**
 * The backend lifecycle of `<customer-context>`: one `Backend` (the embedded
 * IndexedDB store, CouchDB behind an outbox, or a store the host gave) and the
 * `AgentSession` over it. It starts them when the element connects, stops
 * them once it is removed (not when it is only moved), restarts them when a
 * setting names another backend or agent, hands new CouchDB headers (a
 * refreshed token) to the backend without a restart, and follows the shared
 * backend's state. A restarted session learns again who the agent is (the
 * last `host.context`), so their drafts, not the placeholder's, come back.
 */
export class BackendController implements ReactiveController {
  /** The session while the element is connected. */
  session: AgentSession | undefined;
  /** The shared backend's state; `undefined` when writes never wait (the embedded store). */
  status: BackendStatus | undefined;
  /** Resolves once the session has restored the Open list after a (re)start. */
  ready: Promise<void> = Promise.resolve();

  private readonly host: BackendHost;
  private readonly options: BackendControllerOptions;
  private backend: Backend | undefined;
  private startedWith: BackendSettings | undefined;
  /** The last `host.context` taken (as the session read it), replayed to a restarted session. */
  private hostContext: HostContext | undefined;
  private off: Array<() => void> = [];
  /** From a `clearLocalData` call until it (and any queued after it) is done: host events taken meanwhile, in order, for the next session. */
  private held: unknown[] | undefined;
  /** The `clearLocalData` under way (or the last one): the next waits for it. */
  private clearing: Promise<unknown> = Promise.resolve();
  /** How many `clearLocalData` calls are not finished. */
  private clears = 0;
  /** Whether the running session was told who the agent is (a `host.context`). */
  private named = false;
  /** The settings no backend could be made from, and the refusal `receive()` answers with meanwhile. */
  private refused: { settings: BackendSettings; error: HostEventError } | undefined;

  constructor(host: BackendHost, options: BackendControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    // While local data is being cleared the next session starts once that is done.
    if (!this.held) this.start();
    this.options.connected?.();
  }

  hostDisconnected(): void {
    // Moved in the page (taken out and put back in the same task, as a desktop switching layouts
    // does): the session, its store and the agent state stay. Only a removal stops them.
    queueMicrotask(() => {
      if (this.host.isConnected) return;
      this.options.removed?.();
      this.stop();
    });
  }

  /**
   * Compares the settings with those the session was started with (not with
   * the changed properties: a property set right after connecting, before the
   * first update, must not be missed). Call it first in the host's `willUpdate`.
   */
  apply(): void {
    const started = this.startedWith;
    if (!started || !this.host.isConnected) return;
    const now = this.settings();
    const keys = Object.keys(now) as Array<keyof BackendSettings>;
    if (keys.some((key) => key !== 'couchdbHeaders' && now[key] !== started[key])) {
      // Another agent-id names another agent: the last host.context is not theirs.
      if (now.agentId !== started.agentId) this.hostContext = undefined;
      this.stop();
      this.start();
    } else if (now.couchdbHeaders !== started.couchdbHeaders) {
      this.startedWith = now;
      this.backend?.setHeaders(now.couchdbHeaders);
    }
  }

  /** The host's `couchdbHeaders`, if they changed, to the backend now (not at the next update). */
  private takeHeaders(): void {
    const started = this.startedWith;
    const headers = this.host.couchdbHeaders;
    if (!started || headers === started.couchdbHeaders) return;
    this.startedWith = { ...started, couchdbHeaders: headers };
    this.backend?.setHeaders(headers);
  }

  /**
   * The host named the agent (`host.context`): only their waiting writes are
   * delivered, and only their delivery reports shown (issue #21). The first
   * named in a session adopts the work begun under `agent-id` (as the session
   * does with its drafts), so the writes made under it go too.
   */
  private agentNamed(agentId: string): void {
    const first = !this.named;
    this.named = true;
    const started = this.startedWith?.agentId;
    this.backend?.setAgent(agentId, first && started !== undefined && started !== agentId ? [started] : []);
  }

  /**
   * One host event for the session (started if it is not yet). Keeps the agent
   * a `host.context` named; hands an accepted `host.signed-out` to `signedOut`.
   * While local data is being cleared, a valid event is taken and given to the
   * next session once it starts (order rules are checked then: a refusal comes
   * as `cc-error` only).
   */
  receive(event: unknown): ReceiveResult {
    // Read once: the session gets the clean copy (the input itself may be anything, and is not read again).
    const parsed = parseHostEvent(event);
    if (this.held) {
      if (!parsed.ok) {
        this.options.sessionOptions().hooks?.error?.(parsed.error);
        return { ok: false, error: parsed.error };
      }
      this.held.push(parsed.event);
      return { ok: true };
    }
    const session = this.start();
    // No backend can be made from the settings: said once (`cc-error`, the notice), answered every time.
    if (!session) return { ok: false, error: this.refused!.error };
    const before = session.state.agent;
    // A `host.context` comes with the new agent's headers (set before it, or in the same task): they are the backend's
    // before the agent is, so no write of theirs goes with the previous agent's (issue #21).
    if (parsed.ok && parsed.event.type === 'host.context') this.takeHeaders();
    const result = session.receive(parsed.ok ? parsed.event : event);
    // A `host.context` was taken.
    if (result.ok && session.state.agent !== before) {
      const { agentId, agentName, locale, timeZone } = session.state.agent;
      this.hostContext = { type: 'host.context', agentId, agentName, ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
      this.agentNamed(agentId);
    }
    if (result.ok && parsed.ok && parsed.event.type === 'host.signed-out') this.options.signedOut?.(parsed.event);
    return result;
  }

  /**
   * Sign-out on a shared browser profile (docs/security.md): delivers the
   * writes still waiting (for at most `waitMs`); with some still unsent and no
   * `dropUnsent`, refuses and changes nothing. Otherwise stops the session
   * (its drafts for the server are sent first), removes what the backend keeps
   * in the browser (`Backend.clearLocalData`) and every agent's drafts, Recent
   * and set-aside drafts (`DraftStore.clearAll`), forgets the agent and starts
   * an empty session. Calls made meanwhile run one after the other.
   */
  clearLocalData(options: ClearLocalDataOptions = {}): Promise<ClearResult> {
    // From the call on, host events wait for the result (a desktop signing the next agent in at once must not reach
    // the session being cleared); they are handed over once every clearing asked for is done.
    this.held ??= [];
    this.clears += 1;
    const run = this.clearing
      .catch(() => undefined)
      .then(() => this.clearOnce(options))
      .finally(() => {
        this.clears -= 1;
        if (this.clears === 0) this.release();
      });
    this.clearing = run;
    return run;
  }

  private async clearOnce({ dropUnsent = false, includeEmbeddedStore = false, waitMs = CLEAR_WAIT_MS }: ClearLocalDataOptions): Promise<ClearResult> {
    // The restore and the interactions being opened settle first, so nothing of theirs is written afterwards.
    const first = this.start();
    if (!first) {
      // No backend could be made (config-error): nothing of one to clear; the agents' drafts and Recent go.
      DraftStore.clearAll();
      this.hostContext = undefined;
      return { ok: true, dropped: 0, refused: 0, discarded: 0 };
    }
    await within(this.ready, waitMs);
    await within(first.idle(), waitMs);
    let pending = (await this.backend?.unsent()) ?? 0;
    if (pending > 0) pending = (await this.backend?.deliverNow(waitMs)) ?? 0;
    if (pending > 0 && !dropUnsent) return { ok: false, reason: 'unsent', pending };
    const session = this.session ?? this.start();
    if (!session) return { ok: true, dropped: 0, refused: 0, discarded: 0 };
    const discarded = session.state.open.filter((w) => session.isDirty(w)).length;
    const { backend, flushed } = this.detach();
    try {
      // The agent's unsaved input goes to their copy on the shared backend (when there is one) before it leaves this browser.
      await within(flushed, waitMs);
      const outcome = await backend!.clearLocalData({ dropUnsent, includeEmbeddedStore, timeoutMs: waitMs });
      if (!outcome.cleared) {
        // Written meanwhile (by another tab): nothing was removed; the same agent's session starts again.
        backend!.close();
        return { ok: false, reason: 'unsent', pending: outcome.unsent };
      }
      DraftStore.clearAll();
      this.hostContext = undefined;
      return { ok: true, dropped: outcome.dropped, refused: outcome.refused, discarded };
    } finally {
      if (this.host.isConnected) this.start();
    }
  }

  /** The clearing is over: the session runs (if the element is in the page) and takes the host events held meanwhile, in order. */
  private release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    if (this.host.isConnected) this.start();
    for (const event of held) this.receive(event);
  }

  /** Starts the session (and its backend) if none runs; `undefined` when no backend can be made from the settings. */
  private start(): AgentSession | undefined {
    if (this.session) return this.session;
    const settings = (this.startedWith = this.settings());
    if (this.refused && sameSettings(this.refused.settings, settings)) return undefined;
    let backend: Backend;
    try {
      backend = this.backend = settings.store
        ? backendFor(settings.store)
        : createBackend(
            settings.couchdbUrl
              ? {
                  couchdb: {
                    url: settings.couchdbUrl,
                    database: settings.couchdbDatabase,
                    ...(settings.couchdbHeaders ? { headers: settings.couchdbHeaders } : {}),
                    credentials: settings.couchdbCredentials,
                  },
                }
              : { indexedDbName: settings.database },
          );
    } catch (thrown) {
      this.refuse(settings, thrown);
      return undefined;
    }
    if (this.refused) {
      this.refused = undefined;
      this.options.configured?.();
    }
    const session = new AgentSession(backend, {
      ...this.options.sessionOptions(),
      agentId: settings.agentId,
      drafts: new DraftStore(settings.agentId, draftNamespace(backend.store)),
    });
    this.session = session;
    // Drafts kept on the shared backend go out at once when the page is hidden or left (failover, reload, close).
    const hidden = () => {
      if (document.visibilityState === 'hidden') void session.flushDrafts(true);
    };
    const left = () => void session.flushDrafts(true);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', left);
    this.off = [
      session.subscribe(() => this.options.changed(session)),
      // Who else is on a customer (issue #18 item 2) changes apart from the session's state: drawn again.
      session.presence?.onChange(() => this.host.requestUpdate()) ?? (() => undefined),
      () => document.removeEventListener('visibilitychange', hidden),
      () => window.removeEventListener('pagehide', left),
    ];
    this.options.changed(session);
    // Until the host names the agent, the writes and reports of the `agent-id` agent only (issue #21).
    this.named = false;
    backend.setAgent(settings.agentId);
    if (this.hostContext) {
      session.receive(this.hostContext);
      this.agentNamed(this.hostContext.agentId);
    }
    this.ready = session
      .restore()
      .then(() => this.watchStatus(backend))
      .catch((error: unknown) => this.options.restoreFailed(error));
    return session;
  }

  /** No backend can be made from `settings`: kept (so it is said once), and told with what is wrong, never with a credential. */
  private refuse(settings: BackendSettings, thrown: unknown): void {
    const problem = thrown instanceof CouchConfigError ? thrown.problem : undefined;
    // The store's messages name the problem, never the URL's user name or password; anything else is not repeated.
    const message = problem ? (thrown as CouchConfigError).message : 'The gadget cannot start with this configuration.';
    const field = problem === 'database-name' ? 'couchdb-database' : 'couchdb-url';
    const error = new HostEventError('config-error', message, field);
    this.refused = { settings, error };
    this.options.configError?.(error, problem);
  }

  /** The host's settings now. */
  private settings(): BackendSettings {
    const { store, database, couchdbUrl, couchdbDatabase, couchdbCredentials, couchdbHeaders, agentId } = this.host;
    return { store, database, couchdbUrl, couchdbDatabase, couchdbCredentials, couchdbHeaders, agentId };
  }

  /** Follows the shared backend's state (R11.3), once the session restored its work. */
  private watchStatus(backend: Backend): void {
    const status = backend.status;
    if (backend !== this.backend || !status) return;
    this.status = status;
    this.host.requestUpdate();
    this.off.push(
      backend.onStatus((next) => {
        const was = this.status?.state;
        this.status = next;
        this.host.requestUpdate();
        if (next.state !== was) this.options.statusChanged(next);
        this.options.statusUpdated?.(next);
      }),
    );
  }

  private stop(): void {
    const { backend, flushed } = this.detach();
    // The drafts still waiting for the server go out before the backend closes.
    void flushed.finally(() => backend?.close());
  }

  /** Stops the session and hands back its backend, still open, and the sending of its drafts to the server (`flushed`). */
  private detach(): { backend: Backend | undefined; flushed: Promise<void> } {
    for (const off of this.off) off();
    this.off = [];
    const flushed = this.session?.flushDrafts() ?? Promise.resolve();
    this.session?.dispose();
    const backend = this.backend;
    this.session = undefined;
    this.backend = undefined;
    this.status = undefined;
    this.startedWith = undefined;
    this.options.stopped();
    return { backend, flushed };
  }
}

/** Whether two settings make the same backend and session (the headers excepted: they change without a restart). */
function sameSettings(a: BackendSettings, b: BackendSettings): boolean {
  const keys = Object.keys(a) as Array<keyof BackendSettings>;
  return keys.every((key) => key === 'couchdbHeaders' || a[key] === b[key]);
}

/** How long `clearLocalData` waits for waiting writes to be delivered (and for the session to settle) by default. */
export const CLEAR_WAIT_MS = 10_000;

/** Waits for `work`, at most `ms` (never rejects: what it does not wait for goes on by itself). */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Drafts and Recent are kept apart per backend (and, in the session, per
 * agent): another database's records must not come back in this one.
 */
function draftNamespace(store: HostStore): string {
  // The embedded default database keeps the plain namespace.
  const identity = store.identity ?? 'host-store';
  return identity === 'indexeddb:customer-context' ? 'customer-context' : `customer-context@${identity}`;
}
