import type { Doc } from './docs.js';

/** One row of a `_changes` answer (`include_docs=true`). */
export interface ChangeRow {
  id: string;
  deleted?: boolean;
  doc?: Doc;
}

/** What the tabs of one browser profile on one database say to each other (`BroadcastChannel`). */
type Message =
  /** A tab's watched customers (`null`: the whole database), sent when it joins and whenever they change. */
  | { type: 'watch'; tab: string; ids: string[] | null; presence?: string[] }
  /** A tab stopped following (closed, unsubscribed, page hidden). */
  | { type: 'leave'; tab: string }
  /** A new leader asks every tab to say what it watches. */
  | { type: 'roll-call' }
  /** A page of `_changes` the leader polled (the union of every tab's customers) and the seq after it. */
  | { type: 'changes'; rows: ChangeRow[]; seq: string }
  /** The seq the leader polls from (sent when it starts leading and to a tab that joins). */
  | { type: 'seq'; seq: string };

/** The change feed of one tab, as the shared feed drives it (`ChangeFeed`). */
export interface FeedTab {
  /** The customers this tab watches; undefined: the whole database. */
  watching(): readonly string[] | undefined;
  /** The customers whose presence documents this tab follows besides the watched ones (issue #18 item 2). */
  watchingPresence(): readonly string[];
  /** Where this tab's feed stands (the leader's poll starts there). */
  since(): Promise<string> | undefined;
  /** This tab leads: follow `_changes` for `SharedFeed.union()` until `signal` aborts. */
  lead(signal: AbortSignal): Promise<void>;
  /** A page the leader polled: take the rows about this tab's customers, move to `seq`. */
  take(rows: readonly ChangeRow[], seq: string): void;
  /** The leader's seq: a follower that takes over later resumes there. */
  adopt(seq: string): void;
  /** The union of watched customers changed: end the poll under way and ask again. */
  retarget(): void;
}

/** Are Web Locks and BroadcastChannel there? Without them each tab polls `_changes` itself. */
export function canShareFeed(): boolean {
  return typeof BroadcastChannel === 'function' && typeof globalThis.navigator?.locks?.request === 'function';
}

function tabId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * One `_changes` longpoll per browser profile and database (#21 item 7): each
 * tab's longpoll would hold one of the browser's six HTTP/1.1 connections to
 * the server, and the seventh request (a lookup) would wait for one.
 *
 * The tabs following one database (`name`: the store's identity) elect a
 * leader with a Web Lock held for the leader's life; the next tab waiting for
 * the lock takes over when the leader stops or its page goes away. Every tab
 * says which customers it watches over a `BroadcastChannel` of that name; the
 * leader polls the union of them (re-targeted when it changes, from the same
 * seq) and broadcasts each page of changes with the seq after it. Every tab,
 * the leader included, takes from a page only the changes about its own
 * customers and tells its own writes apart itself (`ChangeFeed`). A follower
 * keeps the last seq the leader broadcast, so when it takes over nothing is missed.
 *
 * Runs from `start` until `signal` aborts.
 */
export class SharedFeed {
  private readonly tab = tabId();
  private readonly name: string;
  private readonly feed: FeedTab;
  private readonly signal: AbortSignal;
  private readonly channel: BroadcastChannel;
  /** What the other tabs watch, by tab (`null`: the whole database). */
  private readonly others = new Map<string, readonly string[] | null>();
  /** The customers whose presence documents the other tabs follow, by tab. */
  private readonly othersPresence = new Map<string, readonly string[]>();
  private leading = false;

  constructor(name: string, feed: FeedTab, signal: AbortSignal) {
    this.name = name;
    this.feed = feed;
    this.signal = signal;
    this.channel = new BroadcastChannel(name);
  }

  /** Joins the other tabs: says what this tab watches and waits for the lock (then leads). */
  start(): void {
    if (this.signal.aborted) return;
    this.channel.onmessage = (event: MessageEvent<Message>) => this.received(event.data);
    const hide = () => this.post({ type: 'leave', tab: this.tab });
    const show = (event: PageTransitionEvent) => {
      if (event.persisted) this.announce();
    };
    globalThis.addEventListener?.('pagehide', hide);
    globalThis.addEventListener?.('pageshow', show);
    this.signal.addEventListener(
      'abort',
      () => {
        hide();
        globalThis.removeEventListener?.('pagehide', hide);
        globalThis.removeEventListener?.('pageshow', show);
        this.channel.close();
        this.others.clear();
        this.othersPresence.clear();
      },
      { once: true },
    );
    this.announce();
    navigator.locks
      .request(this.name, { signal: this.signal }, async () => {
        if (this.signal.aborted) return;
        this.leading = true;
        try {
          this.post({ type: 'roll-call' });
          void this.tellSeq();
          await this.feed.lead(this.signal);
        } finally {
          this.leading = false;
        }
      })
      // Aborted while waiting for the lock (the tab stopped following): nothing to do.
      .catch(() => undefined);
  }

  /** This tab's watched customers changed (or it joins): tell the others. */
  announce(): void {
    const ids = this.feed.watching();
    this.post({ type: 'watch', tab: this.tab, ids: ids ? [...ids] : null, presence: [...this.feed.watchingPresence()] });
  }

  /** The customers whose presence documents the leader asks for: every tab's, sorted. */
  presenceUnion(): readonly string[] {
    const all = new Set(this.feed.watchingPresence());
    for (const ids of this.othersPresence.values()) for (const id of ids) all.add(id);
    return [...all].sort();
  }

  /** What the leader polls: every tab's watched customers, sorted; undefined if a tab follows the whole database. */
  union(): readonly string[] | undefined {
    const own = this.feed.watching();
    if (!own) return undefined;
    const all = new Set(own);
    for (const ids of this.others.values()) {
      if (!ids) return undefined;
      for (const id of ids) all.add(id);
    }
    return [...all].sort();
  }

  /** The leader hands a polled page to the other tabs. */
  broadcast(rows: readonly ChangeRow[], seq: string): void {
    if (this.leading) this.post({ type: 'changes', rows: [...rows], seq });
  }

  private post(message: Message): void {
    if (this.signal.aborted && message.type !== 'leave') return;
    try {
      this.channel.postMessage(message);
    } catch {
      // The channel is closed (the feed stopped): nothing to tell.
    }
  }

  /** The leader tells the others the seq it polls from (it answers a tab that joins, too). */
  private async tellSeq(): Promise<void> {
    const since = this.feed.since();
    if (!since) return;
    const seq = await since.catch(() => undefined);
    if (seq !== undefined && this.leading) this.post({ type: 'seq', seq });
  }

  private received(message: Message): void {
    if (this.signal.aborted) return;
    switch (message.type) {
      case 'watch':
      case 'leave': {
        const before = this.leading ? this.union() : undefined;
        const beforePresence = this.leading ? this.presenceUnion() : [];
        const known = this.others.has(message.tab);
        if (message.type === 'watch') {
          this.others.set(message.tab, message.ids);
          this.othersPresence.set(message.tab, Array.isArray(message.presence) ? message.presence.filter((id) => typeof id === 'string') : []);
        } else {
          this.others.delete(message.tab);
          this.othersPresence.delete(message.tab);
        }
        // A tab new to this one learns what this one watches: any tab may lead next and must know them all.
        if (message.type === 'watch' && !known) this.announce();
        if (!this.leading) return;
        if (message.type === 'watch') void this.tellSeq();
        if (!sameSet(before, this.union()) || !sameSet(beforePresence, this.presenceUnion())) this.feed.retarget();
        return;
      }
      case 'roll-call':
        this.announce();
        return;
      case 'changes':
        if (!this.leading) this.feed.take(message.rows, message.seq);
        return;
      case 'seq':
        if (!this.leading) this.feed.adopt(message.seq);
        return;
    }
  }
}
