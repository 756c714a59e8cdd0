import {
  HEARTBEAT_MS,
  PeerTable,
  PRESENCE_TTL_MS,
  presenceSourceId,
  readAgent,
  readEntries,
  realPresenceClock,
  type PeerPresence,
  type Presence,
  type PresenceClock,
  type PresenceOptions,
  type PresenceState,
} from './presence.js';

/** What the tabs say to each other. */
type Message =
  /** A tab's state, valid for `ttlMs` after it is heard (one browser: one clock). */
  | { type: 'state'; source: string; agentId: string; name: string; entries: unknown; ttlMs: number }
  /** A tab withdrew its state (nothing open, closed, page left). */
  | { type: 'bye'; source: string }
  /** A tab that just joined asks the others for their states. */
  | { type: 'hello'; source: string };

/**
 * Presence between the tabs (and gadgets) of one browser profile on the
 * embedded store, over a `BroadcastChannel` named after the store. Each
 * instance is one source: it says its state when it changes, again every
 * `heartbeatMs` while it has entries, `bye` when it is withdrawn, closed or
 * the page goes away, and answers a newcomer's `hello`. What it hears counts
 * for `ttlMs` after it was heard: a tab that crashed is gone after that.
 * Without `BroadcastChannel` it hears nothing and says nothing.
 */
export class BroadcastPresence implements Presence {
  readonly source = presenceSourceId();
  private readonly channel: BroadcastChannel | undefined;
  private readonly clock: PresenceClock;
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private readonly peers_: PeerTable;
  private state: PresenceState | undefined;
  private heartbeat: unknown;
  private closed = false;
  private readonly left = () => this.post({ type: 'bye', source: this.source });
  private readonly shown = (event: PageTransitionEvent) => {
    if (event.persisted) {
      this.post({ type: 'hello', source: this.source });
      this.say();
    }
  };

  constructor(name: string, options: PresenceOptions = {}) {
    this.clock = options.clock ?? realPresenceClock;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.ttlMs = options.ttlMs ?? PRESENCE_TTL_MS;
    this.peers_ = new PeerTable(this.clock);
    if (typeof BroadcastChannel !== 'function') return;
    this.channel = new BroadcastChannel(`customer-context-presence:${name}`);
    this.channel.onmessage = (event: MessageEvent<unknown>) => this.received(event.data);
    globalThis.addEventListener?.('pagehide', this.left);
    globalThis.addEventListener?.('pageshow', this.shown);
    this.post({ type: 'hello', source: this.source });
  }

  publish(state: PresenceState | undefined): void {
    if (this.closed) return;
    const had = (this.state?.entries.length ?? 0) > 0;
    this.state = state && state.entries.length > 0 ? state : undefined;
    if (this.state) this.say();
    else if (had) {
      this.stopHeartbeat();
      this.left();
    }
  }

  /** Every tab's state reaches every tab: nothing to ask for. */
  watch(): void {}

  peers(): PeerPresence[] {
    return this.peers_.list();
  }

  onChange(listener: () => void): () => void {
    return this.peers_.onChange(listener);
  }

  close(): void {
    if (this.closed) return;
    if (this.state) this.left();
    this.closed = true;
    this.state = undefined;
    this.stopHeartbeat();
    globalThis.removeEventListener?.('pagehide', this.left);
    globalThis.removeEventListener?.('pageshow', this.shown);
    this.channel?.close();
    this.peers_.clear();
  }

  /** Posts the state now and again every `heartbeatMs` while there is one. */
  private say(): void {
    const state = this.state;
    this.stopHeartbeat();
    if (!state || this.closed) return;
    this.post({ type: 'state', source: this.source, agentId: state.agentId, name: state.name, entries: state.entries, ttlMs: this.ttlMs });
    this.heartbeat = this.clock.setTimeout(() => {
      this.heartbeat = undefined;
      this.say();
    }, this.heartbeatMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) this.clock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }

  private post(message: Message): void {
    if (this.closed || !this.channel) return;
    try {
      this.channel.postMessage(message);
    } catch {
      // Closed meanwhile: nothing to say.
    }
  }

  /** A message from another tab: anything malformed is ignored. */
  private received(data: unknown): void {
    if (this.closed || typeof data !== 'object' || data === null) return;
    const message = data as Partial<Record<string, unknown>>;
    const source = message.source;
    if (typeof source !== 'string' || source === this.source || source.length > 200) return;
    if (message.type === 'hello') {
      if (this.state) this.say();
      return;
    }
    if (message.type === 'bye') {
      this.peers_.set(source, undefined);
      return;
    }
    if (message.type !== 'state') return;
    const agent = readAgent(message.agentId, message.name);
    if (!agent) return;
    const ttl = typeof message.ttlMs === 'number' && Number.isFinite(message.ttlMs) ? Math.min(Math.max(message.ttlMs, 0), 2 * PRESENCE_TTL_MS) : this.ttlMs;
    this.peers_.set(source, { ...agent, entries: readEntries(message.entries), source, expiresAt: this.clock.now() + ttl });
  }
}
