import type { AnyRecord } from '../../model/index.js';
import { backoffDelay, type Backoff } from '../backoff.js';
import type { ChangeListener, StoreChange } from '../context-store.js';
import { isKind, toRecord, type Doc } from './docs.js';
import { RequestTimeout, STOPPED, type CouchHttp } from './http.js';

/** How a poll of `_changes` ended (diagnostics). */
export type PollOutcome = 'changes' | 'timeout' | 'error';

export interface ChangeFeedOptions {
  /** Follow `_changes` while someone is subscribed. */
  live: boolean;
  /** `timeout` asked of the server for one longpoll. */
  pollTimeoutMs: number;
  /** The client aborts a longpoll still open after this long and polls again. */
  abortAfterMs: number;
  /** Wait between failed polls. */
  backoff: Backoff;
  /** Called after each poll with how it ended. */
  onPoll?: ((outcome: PollOutcome) => void) | undefined;
}

/**
 * The changes of `CouchDbStore` and its subscribers. Changes by other agents
 * arrive through `_changes?feed=longpoll` while someone is subscribed, as
 * `source: 'remote'`; this store's own writes are announced at once as
 * `source: 'local'` (`announce`) and skipped when the feed brings them back.
 * `since` is CouchDB's opaque sequence, taken from the database's `update_seq`
 * when the feed is made.
 */
export class ChangeFeed {
  private readonly http: CouchHttp;
  private readonly live: boolean;
  private readonly pollTimeoutMs: number;
  private readonly abortAfterMs: number;
  private readonly backoff: Backoff;
  private readonly onPoll: ((outcome: PollOutcome) => void) | undefined;
  private readonly listeners = new Set<ChangeListener>();
  /** `id rev` of writes this instance made, so the feed does not announce them again. */
  private readonly ownRevs = new Set<string>();
  /** Ends the change feed's wait between failed polls. */
  private wakeFeed: (() => void) | undefined;
  private since: Promise<string> | undefined;
  private feed: { abort: AbortController } | undefined;
  private closed = false;

  constructor(http: CouchHttp, options: ChangeFeedOptions) {
    this.http = http;
    this.live = options.live;
    this.pollTimeoutMs = options.pollTimeoutMs;
    this.abortAfterMs = options.abortAfterMs;
    this.backoff = options.backoff;
    this.onPoll = options.onPoll;
    if (this.live) this.since = this.updateSeq();
  }

  /** Resolves once the feed knows where it starts: writes after this are announced to subscribers. */
  async ready(): Promise<void> {
    if (this.since) await this.since.catch(() => undefined);
  }

  /** Adds a subscriber (and starts following `_changes` if live); returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (this.live && !this.feed && !this.closed) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** A feed backing off after failed polls (an expired token) polls again at once. */
  wake(): void {
    this.wakeFeed?.();
  }

  /** Forgets every subscriber and stops following `_changes` for good. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.stop();
  }

  /** Notes a rev this store wrote, so the feed does not announce it again. */
  remember(id: string, rev: string): void {
    this.ownRevs.add(`${id} ${rev}`);
    if (this.ownRevs.size > 1000) this.ownRevs.delete(this.ownRevs.values().next().value!);
  }

  /** Announces a record this store wrote to the subscribers at once, as `local`. */
  announce(record: AnyRecord): void {
    this.remember(record.id, record.rev);
    this.emit({ kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record, source: 'local' });
  }

  private async updateSeq(): Promise<string> {
    const response = await this.http.request('GET', '');
    return String((response.body as { update_seq: unknown }).update_seq);
  }

  private start(): void {
    const abort = new AbortController();
    this.feed = { abort };
    void this.follow(abort.signal);
  }

  private stop(): void {
    this.feed?.abort.abort(STOPPED);
    this.feed = undefined;
  }

  private async follow(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        this.since ??= this.updateSeq();
        let since: string;
        try {
          since = await this.since;
        } catch (error) {
          this.since = undefined;
          throw error;
        }
        const response = await this.http.request('GET', '/_changes', {
          query: {
            feed: 'longpoll',
            include_docs: 'true',
            conflicts: 'true',
            since,
            timeout: String(this.pollTimeoutMs),
          },
          signal,
          timeoutMs: this.abortAfterMs,
        });
        const body = response.body as { results: Array<{ id: string; deleted?: boolean; doc?: Doc }>; last_seq: unknown };
        if (signal.aborted) return;
        for (const row of body.results) this.received(row);
        this.since = Promise.resolve(String(body.last_seq));
        failures = 0;
        this.onPoll?.('changes');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof RequestTimeout) {
          // Our own abort timer: the server kept the longpoll open (some ignore `timeout`). Poll again.
          this.onPoll?.('timeout');
          continue;
        }
        failures += 1;
        this.onPoll?.('error');
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.wakeFeed = undefined;
            resolve();
          };
          const timer = setTimeout(wake, backoffDelay(this.backoff, failures));
          this.wakeFeed = wake;
          signal.addEventListener('abort', wake, { once: true });
        });
      }
    }
  }

  private received(row: { id: string; deleted?: boolean; doc?: Doc }): void {
    const doc = row.doc;
    if (row.deleted || !doc || doc._deleted || !isKind(doc.type)) return;
    const key = `${doc._id} ${doc._rev}`;
    if (this.ownRevs.has(key)) return;
    const record = toRecord(doc);
    this.emit({ kind: record.type, id: record.id, rev: record.rev, by: record.updatedBy, record, source: 'remote' });
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
