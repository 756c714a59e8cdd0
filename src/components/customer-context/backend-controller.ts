import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { HostContext } from '../../model/index.js';
// The composition root makes the session (and its drafts): the one component that constructs them
// (eslint.config.mjs allows this file, and only this one, to import them as values).
import { AgentSession, type ReceiveResult, type SessionOptions } from '../../session/session.js';
import { DraftStore } from '../../session/drafts.js';
// The one component module that knows the data layer, and only through its Backend.
import { backendFor, createBackend, type Backend } from '../../store/backend.js';

/** A store a host gives instead of the embedded one (a `ContextStore`). */
export type HostStore = Backend['store'];

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

  constructor(host: BackendHost, options: BackendControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  hostConnected(): void {
    this.start();
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

  /** One host event for the session (started if it is not yet). Keeps the agent a `host.context` named. */
  receive(event: unknown): ReceiveResult {
    const session = this.start();
    const before = session.state.agent;
    const result = session.receive(event);
    // A `host.context` was taken (the input itself is not read again: it may be anything).
    if (result.ok && session.state.agent !== before) {
      const { agentId, agentName, locale, timeZone } = session.state.agent;
      this.hostContext = { type: 'host.context', agentId, agentName, ...(locale ? { locale } : {}), ...(timeZone ? { timeZone } : {}) };
    }
    return result;
  }

  private start(): AgentSession {
    if (this.session) return this.session;
    const settings = (this.startedWith = this.settings());
    const backend = (this.backend = settings.store
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
        ));
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
      () => document.removeEventListener('visibilitychange', hidden),
      () => window.removeEventListener('pagehide', left),
    ];
    this.options.changed(session);
    if (this.hostContext) session.receive(this.hostContext);
    this.ready = session
      .restore()
      .then(() => this.watchStatus(backend))
      .catch((error: unknown) => this.options.restoreFailed(error));
    return session;
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
      }),
    );
  }

  private stop(): void {
    for (const off of this.off) off();
    this.off = [];
    // The drafts still waiting for the server go out before the backend closes.
    const flushed = this.session?.flushDrafts() ?? Promise.resolve();
    this.session?.dispose();
    const backend = this.backend;
    void flushed.finally(() => backend?.close());
    this.session = undefined;
    this.backend = undefined;
    this.status = undefined;
    this.startedWith = undefined;
    this.options.stopped();
  }
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
