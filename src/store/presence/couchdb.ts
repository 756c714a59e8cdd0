import type { ChangeFeed } from '../couchdb/changes.js';
import type { CouchHttp } from '../couchdb/http.js';
import {
  HEARTBEAT_MS,
  MAX_PRESENCE_ENTRIES,
  PeerTable,
  PRESENCE_TTL_MS,
  readAgent,
  readEntries,
  realPresenceClock,
  type PeerPresence,
  type Presence,
  type PresenceClock,
  type PresenceEntry,
  type PresenceOptions,
  type PresenceState,
} from './presence.js';

/** The document id of an agent's presence. */
export function presenceDocId(agentId: string): string {
  return `presence:${agentId}`;
}

/**
 * One agent's presence document. `entries` also holds, for one lifetime, the
 * customers the agent just left (`doing: 'left'`): a reader whose change feed
 * follows only that customer still gets the document that says so.
 */
export interface PresenceDoc {
  _id: string;
  _rev?: string;
  type: 'presence';
  agent: string;
  name: string;
  /** When it was written, and until when it counts (the writer's clock, ISO). */
  at: string;
  expiresAt: string;
  entries: Array<PresenceEntry | { customerId: string; doing: 'left'; since: string }>;
}

/**
 * How far a reader trusts another desktop's clock: a document whose
 * `expiresAt` is further in the past than this (by the reader's clock) is
 * expired whatever else says. Writers whose clock is slower than
 * `ttl + SKEW_MARGIN_MS` are not shown (presence only warns: nothing breaks).
 */
export const SKEW_MARGIN_MS = 20_000;

/**
 * Presence on CouchDB: one `presence:<agentId>` document per agent, written
 * directly (never through the outbox: a stale presence is worthless, so it is
 * never queued or retried), rewritten when the state changes and on a
 * heartbeat, emptied when the agent leaves. Other agents' documents come
 * through the agent's own change feed (`ChangeFeed.watchPresence`, the
 * `entries` `$elemMatch` branch of its selector) and, for a customer first
 * watched, one `_find` on the `presence:` id range.
 *
 * Expiry: a document heard live counts for its lifetime (`expiresAt - at`)
 * from when it was heard, one read by `_find` for what is left of it by its
 * `at` (bounded by the reader's clock), and never past `expiresAt` plus
 * `SKEW_MARGIN_MS`: a closed laptop's document disappears within its
 * lifetime (~30 s) of its last heartbeat, whatever the clocks say.
 */
export class CouchPresence implements Presence {
  private readonly http: CouchHttp;
  private readonly feed: ChangeFeed | undefined;
  private readonly clock: PresenceClock;
  private readonly heartbeatMs: number;
  private readonly ttlMs: number;
  private readonly table: PeerTable;
  private state: PresenceState | undefined;
  /** The agent whose document this instance writes (kept after the state is withdrawn). */
  private agentId: string | undefined;
  /** Customers left lately, with when: written as `left` entries for one lifetime. */
  private readonly left = new Map<string, number>();
  /** The last `_rev` known of each agent's document written here (absent: read it first). */
  private readonly revs = new Map<string, string | undefined>();
  private writing: Promise<void> | undefined;
  /** The documents to write next, the latest per agent (a switch of agent empties the previous one's first). */
  private readonly pending = new Map<string, { doc: PresenceDoc; keepalive: boolean }>();
  private heartbeat: unknown;
  /** Customers whose presence was read once (`_find`) since they were first watched. */
  private readonly read = new Set<string>();
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private offFeed: (() => void) | undefined;
  private closed = false;
  /** The state withdrawn when the page was hidden for good (pagehide), published again if it comes back (back/forward cache). */
  private hidden: PresenceState | undefined;
  private readonly left_ = () => {
    if (!this.state || this.closed) return;
    this.hidden = this.state;
    this.publish(undefined, { keepalive: true });
  };
  private readonly shown = (event: PageTransitionEvent) => {
    const state = this.hidden;
    this.hidden = undefined;
    if (event.persisted && state && !this.state) this.publish(state);
  };

  constructor(http: CouchHttp, feed: ChangeFeed | undefined, options: PresenceOptions = {}) {
    this.http = http;
    this.feed = feed;
    this.clock = options.clock ?? realPresenceClock;
    this.heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
    this.ttlMs = options.ttlMs ?? PRESENCE_TTL_MS;
    this.table = new PeerTable(this.clock);
    this.offFeed = feed?.onPresence((doc) => this.take(doc, true));
    globalThis.addEventListener?.('pagehide', this.left_);
    globalThis.addEventListener?.('pageshow', this.shown);
  }

  publish(state: PresenceState | undefined, options: { keepalive?: boolean } = {}): void {
    if (this.closed) return;
    if (state) this.hidden = undefined;
    if (state && this.agentId !== undefined && state.agentId !== this.agentId) {
      // Another agent now (the host named them): the previous one's document is emptied first.
      this.publish(undefined, options);
      this.left.clear();
    }
    const now = this.clock.now();
    const before = this.state?.entries ?? [];
    const next = state && state.entries.length > 0 ? { ...state, entries: state.entries.slice(0, MAX_PRESENCE_ENTRIES) } : undefined;
    const kept = new Set(next?.entries.map((e) => e.customerId));
    for (const entry of before) if (!kept.has(entry.customerId)) this.left.set(entry.customerId, now);
    for (const id of kept) this.left.delete(id);
    if (state) this.agentId = state.agentId;
    if (!next && before.length === 0) return;
    this.state = next;
    this.write(options.keepalive ?? false);
  }

  watch(customerIds: readonly string[]): void {
    if (this.closed) return;
    this.feed?.watchPresence(customerIds);
    const ids = new Set(customerIds);
    for (const id of this.read) if (!ids.has(id)) this.read.delete(id);
    if (customerIds.some((id) => !this.read.has(id))) {
      // Batched: a burst of customers opened together is one `_find`.
      this.readTimer ??= setTimeout(() => {
        this.readTimer = undefined;
        void this.readFirst([...ids].filter((id) => !this.read.has(id)));
      }, 10);
    }
  }

  /** New CouchDB headers (a refreshed token): taken at the next write or read. */
  setHeaders(headers: Record<string, string> | undefined): void {
    this.http.setHeaders(headers);
  }

  peers(): PeerPresence[] {
    return this.table.list();
  }

  onChange(listener: () => void): () => void {
    return this.table.onChange(listener);
  }

  close(): void {
    if (this.closed) return;
    if (this.state) this.publish(undefined, { keepalive: true });
    this.closed = true;
    globalThis.removeEventListener?.('pagehide', this.left_);
    globalThis.removeEventListener?.('pageshow', this.shown);
    this.stopHeartbeat();
    if (this.readTimer !== undefined) clearTimeout(this.readTimer);
    this.offFeed?.();
    this.table.clear();
  }

  /** The document for the state now: its entries, the customers left within one lifetime, and the times. */
  private doc(agentId: string): PresenceDoc {
    const now = this.clock.now();
    for (const [id, at] of this.left) if (now - at >= this.ttlMs) this.left.delete(id);
    const state = this.state;
    const gone = [...this.left].slice(0, MAX_PRESENCE_ENTRIES).map(([customerId, at]) => ({ customerId, doing: 'left' as const, since: new Date(at).toISOString() }));
    return {
      _id: presenceDocId(agentId),
      type: 'presence',
      agent: agentId,
      name: state?.name ?? '',
      at: new Date(now).toISOString(),
      // Withdrawn: expired at once (readers drop it; its `left` entries reach the ones following those customers).
      expiresAt: new Date(state ? now + this.ttlMs : now).toISOString(),
      entries: [...(state?.entries.map((e) => ({ ...e })) ?? []), ...gone],
    };
  }

  /** Writes the state as it is now (one write at a time: a change meanwhile is written after it), then beats again. */
  private write(keepalive: boolean): void {
    this.stopHeartbeat();
    const agentId = this.agentId;
    if (!agentId) return;
    const before = this.pending.get(agentId);
    this.pending.set(agentId, { doc: this.doc(agentId), keepalive: keepalive || (before?.keepalive ?? false) });
    this.drain();
  }

  /** Writes the next waiting document; the heartbeat once none waits. A failed write is not retried: the next beat writes the state then. */
  private drain(): void {
    if (this.writing) return;
    const next = this.pending.entries().next();
    if (next.done) return this.beat();
    const [agentId, { doc, keepalive }] = next.value;
    this.pending.delete(agentId);
    this.writing = this.put(agentId, doc, keepalive)
      .catch(() => undefined)
      .finally(() => {
        this.writing = undefined;
        this.drain();
      });
  }

  private beat(): void {
    if (this.closed || (!this.state && this.left.size === 0)) return;
    // With nothing open any more, one more write once the `left` entries are due to go.
    this.heartbeat = this.clock.setTimeout(() => {
      this.heartbeat = undefined;
      this.write(false);
    }, this.state ? this.heartbeatMs : this.ttlMs);
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== undefined) this.clock.clearTimeout(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** PUT with the last rev known; a stale one (the same agent's other desktop wrote) is read again once. */
  private async put(agentId: string, doc: PresenceDoc, keepalive: boolean): Promise<void> {
    const id = encodeURIComponent(presenceDocId(agentId));
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!this.revs.has(agentId)) {
        const current = await this.http.request('GET', `/${id}`, { accept: [404] });
        this.revs.set(agentId, current.status === 404 ? undefined : (current.body as { _rev?: string })._rev);
      }
      const rev = this.revs.get(agentId);
      const response = await this.http.request('PUT', `/${id}`, {
        body: rev ? { ...doc, _rev: rev } : doc,
        accept: [409],
        ...(keepalive ? { keepalive: true } : {}),
      });
      if (response.status !== 409) {
        this.revs.set(agentId, (response.body as { rev?: string }).rev);
        return;
      }
      this.revs.delete(agentId);
    }
  }

  /** The presence documents naming these customers now: one `_find` over the `presence:` id range. */
  private async readFirst(customerIds: readonly string[]): Promise<void> {
    if (this.closed || customerIds.length === 0) return;
    for (const id of customerIds) this.read.add(id);
    try {
      const response = await this.http.request('POST', '/_find', {
        body: {
          selector: {
            _id: { $gt: 'presence:', $lt: 'presence;' },
            type: 'presence',
            entries: { $elemMatch: { customerId: { $in: [...customerIds] } } },
          },
          limit: 500,
        },
      });
      const docs = (response.body as { docs?: unknown }).docs;
      if (Array.isArray(docs)) for (const doc of docs) this.take(doc, false);
    } catch {
      // Unreachable: heard through the change feed once it is back (presence only warns).
      for (const id of customerIds) this.read.delete(id);
    }
  }

  /** Another agent's document, heard live (the change feed) or read (`_find`); anything malformed is skipped. */
  private take(value: unknown, live: boolean): void {
    if (this.closed || typeof value !== 'object' || value === null) return;
    const doc = value as Record<string, unknown>;
    const source = doc._id;
    if (typeof source !== 'string' || !source.startsWith('presence:')) return;
    if (this.agentId !== undefined && source === presenceDocId(this.agentId)) return;
    const agent = readAgent(doc.agent, doc.name);
    if (!agent || source !== presenceDocId(agent.agentId)) return;
    const at = typeof doc.at === 'string' ? Date.parse(doc.at) : NaN;
    const expires = typeof doc.expiresAt === 'string' ? Date.parse(doc.expiresAt) : NaN;
    if (Number.isNaN(at) || Number.isNaN(expires)) return void this.table.set(source, undefined);
    const now = this.clock.now();
    const ttl = Math.min(Math.max(expires - at, 0), 2 * this.ttlMs);
    const start = live ? now : Math.min(Math.max(at, now - ttl), now);
    const expiresAt = Math.min(start + ttl, expires + SKEW_MARGIN_MS);
    this.table.set(source, { ...agent, entries: readEntries(doc.entries), source, expiresAt });
  }
}
