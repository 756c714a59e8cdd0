import type { Kind } from '../model/index.js';
import type { PeerPresence, Presence, PresenceDoing, PresenceEntry } from '../store/backend.js';
import { realClock, type Clock } from './agent-state.js';
import { changedFields, dataOf } from './merge.js';
import type { SessionState, Workspace } from './types.js';
import { slotOf } from './workspace.js';

/**
 * Presence (issue #18 item 2), as plain logic: what this agent is doing (the
 * customer on screen, and every customer with unsaved input), who else has a
 * customer open and doing what, and the warning beside Save when someone
 * started editing the same record after this agent did. It only ever warns:
 * nothing here blocks a save (the caution, R4, still decides conflicts).
 */

/** Another agent on a customer, as the pane and the work area show them. */
export interface OtherAgent {
  agentId: string;
  name: string;
  /** The most telling of what they do there (editing before viewing). */
  doing: PresenceDoing;
  /** Since when they do it (ISO). */
  since: string;
  /** Everything they do there (one entry per record they edit, or viewing). */
  entries: readonly PresenceEntry[];
}

const RANK: Record<PresenceDoing, number> = { 'editing-request': 0, 'editing-activity': 1, 'editing-customer': 2, viewing: 3 };
const EDITING: Record<Kind, PresenceDoing> = { customer: 'editing-customer', request: 'editing-request', activity: 'editing-activity' };
const KIND_ORDER: readonly Kind[] = ['customer', 'request', 'activity'];

const editedCache = new WeakMap<Workspace, Kind[]>();

/** The kinds of a work area whose draft differs from the saved record (a record not created yet is not "editing" anyone else's). */
export function editedKinds(workspace: Workspace): Kind[] {
  // Work areas are replaced, never changed: one answer per object.
  const known = editedCache.get(workspace);
  if (known) return known;
  const kinds = KIND_ORDER.filter((kind) => {
    const slot = slotOf(workspace, kind);
    return slot.base !== null && slot.draft !== null && changedFields(kind, dataOf(kind, slot.base), slot.draft).length > 0;
  });
  editedCache.set(workspace, kinds);
  return kinds;
}

function recordIdOf(workspace: Workspace, kind: Kind): string | undefined {
  return slotOf(workspace, kind).base?.id;
}

/**
 * What this agent publishes: the customer on screen (viewing, or one entry per
 * record edited) and every other open customer with unsaved input. `since`
 * stays what `previous` said while the agent keeps doing the same thing.
 */
export function ownEntries(state: SessionState, previous: readonly PresenceEntry[], now: string, edited: (w: Workspace) => Kind[] = editedKinds): PresenceEntry[] {
  const key = (e: Pick<PresenceEntry, 'customerId' | 'doing' | 'recordId'>) => `${e.customerId}\n${e.doing}\n${e.recordId ?? ''}`;
  const before = new Map(previous.map((e) => [key(e), e.since]));
  const entries: PresenceEntry[] = [];
  const add = (customerId: string, doing: PresenceDoing, recordId: string | undefined) => {
    const entry: PresenceEntry = { customerId, doing, since: now, ...(recordId ? { recordId } : {}) };
    entry.since = before.get(key(entry)) ?? now;
    entries.push(entry);
  };
  const active = state.open.find((w) => w.key === state.activeKey);
  const ordered = active ? [active, ...state.open.filter((w) => w !== active)] : state.open;
  for (const workspace of ordered) {
    const customerId = workspace.customer?.id;
    if (!customerId) continue;
    const kinds = edited(workspace);
    for (const kind of kinds) add(customerId, EDITING[kind], recordIdOf(workspace, kind));
    if (!kinds.length && workspace === active) add(customerId, 'viewing', undefined);
  }
  return entries;
}

/** The other agents on each customer: this agent excluded (in any tab), one line per agent, the longest there first. */
export function othersByCustomer(peers: readonly PeerPresence[], selfAgentId: string): Map<string, OtherAgent[]> {
  const byCustomer = new Map<string, Map<string, OtherAgent>>();
  for (const peer of peers) {
    if (peer.agentId === selfAgentId) continue;
    for (const entry of peer.entries) {
      let agents = byCustomer.get(entry.customerId);
      if (!agents) byCustomer.set(entry.customerId, (agents = new Map()));
      const known = agents.get(peer.agentId);
      const entries = [...(known?.entries ?? []), entry];
      const top = entries.reduce((a, b) => (RANK[b.doing] < RANK[a.doing] || (RANK[b.doing] === RANK[a.doing] && b.since < a.since) ? b : a));
      agents.set(peer.agentId, { agentId: peer.agentId, name: known?.name || peer.name, doing: top.doing, since: top.since, entries });
    }
  }
  const result = new Map<string, OtherAgent[]>();
  for (const [customerId, agents] of byCustomer) {
    result.set(customerId, [...agents.values()].sort((a, b) => a.since.localeCompare(b.since) || a.agentId.localeCompare(b.agentId)));
  }
  return result;
}

/**
 * The warning beside Save: the other agents who started editing a record
 * this agent is editing *after* this agent did (the same kind of record of the
 * same customer, and the same record when both say which). Those who were
 * editing first are not in it: this agent knew (they were shown) before typing.
 */
export function editingAfterYou(own: readonly PresenceEntry[], others: readonly OtherAgent[]): OtherAgent[] {
  const mine = own.filter((e) => e.doing !== 'viewing');
  return others.filter((agent) =>
    agent.entries.some((theirs) =>
      mine.some(
        (e) =>
          e.customerId === theirs.customerId &&
          e.doing === theirs.doing &&
          (!e.recordId || !theirs.recordId || e.recordId === theirs.recordId) &&
          Date.parse(theirs.since) > Date.parse(e.since),
      ),
    ),
  );
}

const NONE: readonly OtherAgent[] = Object.freeze([]);

export interface PresenceTrackerOptions {
  clock?: Clock | undefined;
  /** How long after the last change this agent's state is published (default 300 ms): typing is not a write per key. */
  delayMs?: number | undefined;
}

/**
 * The session's presence: publishes what this agent does (debounced, only
 * when it changed), follows the customers the agent can see (open, Recent,
 * search results) and keeps who else is on each, for the elements.
 */
export class PresenceTracker {
  private readonly presence: Presence;
  private readonly state: () => SessionState;
  private readonly clock: Clock;
  private readonly delayMs: number;
  private readonly listeners = new Set<() => void>();
  private readonly offPeers: () => void;
  private published: readonly PresenceEntry[] = [];
  private publishedKey = '';
  private publishedAgent: { agentId: string; name: string } | undefined;
  private timer: unknown;
  private shown: readonly string[] = [];
  private watched: ReadonlySet<string> = new Set();
  private byCustomer: ReadonlyMap<string, readonly OtherAgent[]> = new Map();
  private disposed = false;

  constructor(presence: Presence, state: () => SessionState, options: PresenceTrackerOptions = {}) {
    this.presence = presence;
    this.state = state;
    this.clock = options.clock ?? realClock;
    this.delayMs = options.delayMs ?? 300;
    this.offPeers = presence.onChange(() => this.recompute());
    this.recompute();
  }

  /** The other agents on each customer heard of (a new map when it changes). */
  get others(): ReadonlyMap<string, readonly OtherAgent[]> {
    return this.byCustomer;
  }

  othersOn(customerId: string | null | undefined): readonly OtherAgent[] {
    return (customerId && this.byCustomer.get(customerId)) || NONE;
  }

  /** What this agent publishes now (as last computed). */
  get own(): readonly PresenceEntry[] {
    return this.published;
  }

  /** The warning beside Save of the work area under `key` (see `editingAfterYou`). */
  warning(key: string): readonly OtherAgent[] {
    const customerId = this.state().open.find((w) => w.key === key)?.customer?.id;
    if (!customerId) return NONE;
    const own = this.entriesNow().filter((e) => e.customerId === customerId);
    const found = editingAfterYou(own, this.othersOn(customerId));
    return found.length ? found : NONE;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Customers shown besides the open ones and Recent (the search results): their presence is followed too. */
  show(customerIds: readonly string[]): void {
    this.shown = [...customerIds];
    this.sessionChanged();
  }

  /** The session's state changed: the customers now visible are followed at once; after `delayMs`, this agent's state is published if it changed. */
  sessionChanged(): void {
    if (this.disposed) return;
    this.follow();
    if (this.timer !== undefined) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run(false);
    }, this.delayMs);
  }

  /** Follows the customers now visible; publishes this agent's state if it changed (always with `force`). */
  private run(force: boolean, keepalive = false): void {
    if (this.disposed) return;
    this.follow();
    const state = this.state();
    // The agent's name or id changed (host.context): their new state goes out, and who is "another agent" changed.
    const agent = state.agent;
    const switched = agent.agentId !== this.publishedAgent?.agentId;
    const entries = this.entriesNow();
    if (force || switched || agent.agentName !== this.publishedAgent?.name || this.stateKey(entries) !== this.publishedKey) this.publish(entries, keepalive);
    if (switched) this.recompute();
  }

  /** Follows the presence of the customers the agent can see: open, Recent, the search results (sent when the set changes). */
  private follow(): void {
    const state = this.state();
    const ids = new Set<string>();
    for (const w of state.open) if (w.customer) ids.add(w.customer.id);
    for (const r of state.recent) ids.add(r.customerId);
    for (const id of this.shown) ids.add(id);
    // Called on every change (each keystroke): compared in one pass, sorted and sent only when the set changed.
    const before = this.watched;
    if (before.size === ids.size && [...ids].every((id) => before.has(id))) return;
    this.watched = ids;
    this.presence.watch([...ids].sort());
  }

  /** Does now what waits for `delayMs` (the page is going away: `keepalive`). */
  flush(keepalive = false): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.run(true, keepalive);
  }

  /** Withdraws this agent's state and stops. */
  dispose(): void {
    if (this.disposed) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.published.length) this.presence.publish(undefined);
    this.disposed = true;
    this.offPeers();
    this.listeners.clear();
  }

  private entriesNow(): PresenceEntry[] {
    return ownEntries(this.state(), this.published, new Date(this.clock.now()).toISOString());
  }

  private stateKey(entries: readonly PresenceEntry[]): string {
    return JSON.stringify(entries.map((e) => [e.customerId, e.doing, e.recordId ?? '']));
  }

  private publish(entries: PresenceEntry[], keepalive: boolean): void {
    const { agentId, agentName } = this.state().agent;
    this.published = entries;
    this.publishedKey = this.stateKey(entries);
    this.publishedAgent = { agentId, name: agentName };
    this.presence.publish(entries.length ? { agentId, name: agentName || agentId, entries } : undefined, { keepalive });
    // The warning beside Save compares with what this agent published.
    this.tell();
  }

  private recompute(): void {
    if (this.disposed) return;
    this.byCustomer = othersByCustomer(this.presence.peers(), this.state().agent.agentId);
    this.tell();
  }

  private tell(): void {
    for (const listener of this.listeners) listener();
  }
}
