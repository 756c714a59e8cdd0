/**
 * Presence (issue #18 item 2): which agents have which customer open, doing
 * what, since when. Ephemeral by design: never queued in the outbox, never
 * retried once stale, forgotten when its heartbeat stops. It only ever warns;
 * nothing waits for it and nothing is refused because of it.
 */

/** What an agent is doing with a customer: looking at it, or with unsaved input on its customer, request or activity. */
export type PresenceDoing = 'viewing' | 'editing-customer' | 'editing-request' | 'editing-activity';

export const PRESENCE_DOINGS: readonly PresenceDoing[] = ['viewing', 'editing-customer', 'editing-request', 'editing-activity'];

/** One customer an agent has open. */
export interface PresenceEntry {
  customerId: string;
  doing: PresenceDoing;
  /** When the agent started doing it (ISO time). */
  since: string;
  /** The record being edited (the request's or the activity's id), when known. */
  recordId?: string | undefined;
}

/** What one agent publishes about themselves: the customers they have open. */
export interface PresenceState {
  agentId: string;
  name: string;
  entries: readonly PresenceEntry[];
}

/** Another agent (or this agent in another tab or desktop) as last heard, while not expired. */
export interface PeerPresence extends PresenceState {
  /** Who published it: a tab (BroadcastChannel) or the agent's document (CouchDB). */
  source: string;
  /** Until when, on this browser's clock, it counts (ms since the epoch). */
  expiresAt: number;
}

/** Time for the heartbeat and expiry timers (a fake one in tests: `test/helpers/fake-clock.ts`). */
export interface PresenceClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realPresenceClock: PresenceClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PresenceOptions {
  clock?: PresenceClock | undefined;
  /** How often a non-empty state is published again (default 10 s). */
  heartbeatMs?: number | undefined;
  /** How long a state counts after it was published (default 30 s): a closed laptop leaves no ghost for longer. */
  ttlMs?: number | undefined;
}

export const HEARTBEAT_MS = 10_000;
export const PRESENCE_TTL_MS = 30_000;
/** At most this many customers are published (the active one and those with unsaved input come first). */
export const MAX_PRESENCE_ENTRIES = 50;

/**
 * The presence part of a backend: publishes this agent's state and hears the
 * others'. Implementations: `BroadcastPresence` (tabs of one browser, for the
 * embedded store) and `CouchPresence` (one document per agent on CouchDB).
 */
export interface Presence {
  /** Replaces this agent's published state; `undefined` or no entries: gone. `keepalive`: the page is going away. */
  publish(state: PresenceState | undefined, options?: { keepalive?: boolean }): void;
  /** The customers whose presence to hear (the open ones, Recent, search results): a shared backend asks only for them. */
  watch(customerIds: readonly string[]): void;
  /** The others' states heard and not expired (this instance's own excluded; the same agent elsewhere included). */
  peers(): PeerPresence[];
  /** Called when `peers()` changed (a state heard, one expired). */
  onChange(listener: () => void): () => void;
  /** New headers for a shared backend (a refreshed token); absent where there are none. */
  setHeaders?(headers: Record<string, string> | undefined): void;
  /** Says goodbye (the state is withdrawn) and stops. */
  close(): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const shortText = (value: unknown, max = 2000): value is string => typeof value === 'string' && value.length <= max;
const isTime = (value: unknown): value is string => shortText(value, 64) && !Number.isNaN(Date.parse(value));

/**
 * An entry as another client wrote it, or `undefined` when it is malformed
 * (a stored document or a message is never trusted: it breaks nothing, it is skipped).
 */
export function readEntry(value: unknown): PresenceEntry | undefined {
  if (!isRecord(value)) return undefined;
  const { customerId, doing, since, recordId } = value;
  if (!shortText(customerId, 200) || !customerId || !isTime(since)) return undefined;
  if (typeof doing !== 'string' || !(PRESENCE_DOINGS as readonly string[]).includes(doing)) return undefined;
  const entry: PresenceEntry = { customerId, doing: doing as PresenceDoing, since };
  if (shortText(recordId, 200)) entry.recordId = recordId;
  return entry;
}

/** The entries of another client's state that can be read (others skipped), at most `MAX_PRESENCE_ENTRIES` * 2. */
export function readEntries(value: unknown): PresenceEntry[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_PRESENCE_ENTRIES * 2).flatMap((item) => {
    const entry = readEntry(item);
    return entry ? [entry] : [];
  });
}

/** `{ agentId, name }` of another client's state, or `undefined` when malformed. */
export function readAgent(agentId: unknown, name: unknown): { agentId: string; name: string } | undefined {
  if (!shortText(agentId, 200) || !agentId) return undefined;
  return { agentId, name: shortText(name, 200) ? name : '' };
}

/** Listeners of one presence part, and the timer that drops the first peer to expire. */
export class PeerTable {
  private readonly table = new Map<string, PeerPresence>();
  private readonly listeners = new Set<() => void>();
  private timer: unknown;
  private readonly clock: PresenceClock;

  constructor(clock: PresenceClock) {
    this.clock = clock;
  }

  /** Puts (or replaces) a peer; `undefined` removes it. Tells the listeners when something changed. */
  set(source: string, peer: PeerPresence | undefined): void {
    const before = this.table.get(source);
    if (!peer || peer.entries.length === 0 || peer.expiresAt <= this.clock.now()) {
      if (!before) return;
      this.table.delete(source);
    } else {
      this.table.set(source, peer);
      if (before && sameEntries(before, peer)) {
        this.schedule();
        return;
      }
    }
    this.schedule();
    this.changed();
  }

  list(): PeerPresence[] {
    const now = this.clock.now();
    return [...this.table.values()].filter((peer) => peer.expiresAt > now);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const had = this.table.size > 0;
    this.table.clear();
    if (had) this.changed();
    this.listeners.clear();
  }

  /** One timer, at the first expiry: the expired are dropped then and the listeners told. */
  private schedule(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    let first = Infinity;
    for (const peer of this.table.values()) first = Math.min(first, peer.expiresAt);
    if (first === Infinity) return;
    this.timer = this.clock.setTimeout(() => this.expire(), Math.max(0, first - this.clock.now()));
  }

  private expire(): void {
    this.timer = undefined;
    const now = this.clock.now();
    let dropped = false;
    for (const [source, peer] of this.table) {
      if (peer.expiresAt > now) continue;
      this.table.delete(source);
      dropped = true;
    }
    this.schedule();
    if (dropped) this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function sameEntries(a: PresenceState, b: PresenceState): boolean {
  return a.name === b.name && a.agentId === b.agentId && JSON.stringify(a.entries) === JSON.stringify(b.entries);
}

/** A random id for a tab or an instance. */
export function presenceSourceId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
