import { StorageError } from '../context-store.js';

/** The abort reason of this transport's own request timer. */
const TIMED_OUT = 'timed-out';
/** The abort reason when a caller (the change feed) stops a request. */
export const STOPPED = 'stopped';

/** A request this store gave up waiting for (its own abort timer). */
export class RequestTimeout extends StorageError {
  constructor(message: string) {
    super('unavailable', message);
  }
}

/** One request's options: a JSON body, a query string, statuses answered rather than thrown, a caller's abort signal, its own time-out. */
export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string>;
  /** Non-2xx statuses returned to the caller instead of thrown (409, 404). */
  accept?: number[];
  signal?: AbortSignal;
  /** Default: the transport's `requestTimeoutMs`. */
  timeoutMs?: number;
  /** Let the request outlive the page (a last write on page hide; small bodies only). */
  keepalive?: boolean;
}

/** A CouchDB answer: its status and its parsed JSON body (undefined when an error answer had none). */
export interface CouchResponse {
  status: number;
  body: unknown;
}

export interface CouchHttpOptions {
  /** Sent with every request. */
  headers?: Record<string, string> | undefined;
  /** `fetch` credentials mode. */
  credentials: RequestCredentials;
  /** A request with no answer after this long fails with `RequestTimeout` (`StorageError('unavailable')`). */
  requestTimeoutMs: number;
}

/** What is wrong with a configuration no `CouchDbStore` can be made from. */
export type CouchConfigProblem = 'credentials-in-url' | 'not-a-url' | 'database-name';

/**
 * A `CouchDbStore` cannot be made from these options (a `TypeError`, as
 * before). `problem` says what is wrong; the message never repeats a
 * credential (a URL in it is shown without its user name and password).
 */
export class CouchConfigError extends TypeError {
  override readonly name = 'CouchConfigError';
  readonly problem: CouchConfigProblem;

  constructor(problem: CouchConfigProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** `url` with anything between `//` and `@` (a user name and password) replaced, for messages. */
function redacted(url: string): string {
  return url.replace(/\/\/[^/?#]*@/, '//…@');
}

/** Parses a server URL (relative: on the page's origin), as `checkBaseUrl` checks it. */
function parseBaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url, globalThis.location?.href);
  } catch {
    throw new CouchConfigError(
      /\/\/[^/?#]*@/.test(url) ? 'credentials-in-url' : 'not-a-url',
      `CouchDbStore: "${redacted(url)}" is not a URL`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new CouchConfigError(
      'credentials-in-url',
      'CouchDbStore: credentials must never be part of the URL. Pass them from the host: ' +
        'an Authorization header in `headers`, or a cookie session with `credentials`.',
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CouchConfigError('not-a-url', `CouchDbStore: "${redacted(url)}" is not an http(s) URL`);
  }
  parsed.search = '';
  parsed.hash = '';
  return parsed;
}

/**
 * Checks the server URL given to `CouchDbStore` and returns it absolute, without
 * query, hash or trailing slash. A URL with credentials in it is refused
 * (`CouchConfigError`, a `TypeError`), as is one that is not an http(s) URL.
 */
export function checkBaseUrl(url: string): string {
  return parseBaseUrl(url).href.replace(/\/+$/, '');
}

/** The names of the loopback interface: one server, however it is spelled. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The server's identity, the same however the host spells it: absolute,
 * lower-case scheme and host (`URL` does both), default port dropped, no
 * query, hash or trailing slashes, and `localhost`, `127.0.0.1` and `[::1]`
 * all written `127.0.0.1` (loopback only: any other name stays as it is). The
 * outbox's queue, the store's `identity` (the drafts' namespace) and the
 * change feed's checkpoint are named with it; requests keep the host's spelling
 * (the origin matters to CORS and cookies). Throws as `checkBaseUrl` does.
 */
export function normalizeCouchUrl(url: string): string {
  const parsed = parseBaseUrl(url);
  if (LOOPBACK.has(parsed.hostname)) parsed.hostname = '127.0.0.1';
  return parsed.href.replace(/\/+$/, '');
}

/**
 * The error for a refused request: 5xx, 408 and 429 `unavailable`; 401 `denied`;
 * 403 `forbidden` to a write `refused` (the design document's
 * `validate_doc_update` said no; its reason kept as `detail`), to a read `denied`;
 * 413 `quota`; else `unknown`.
 */
function httpError(method: string, path: string, status: number, body: unknown): Error {
  const { error, reason } = body && typeof body === 'object' ? (body as { error?: unknown; reason?: unknown }) : {};
  const detail = error === undefined ? '' : `${String(error)}: ${String(reason)}`;
  const what = `CouchDB answered ${status} to ${method} ${path}${detail ? ` (${detail})` : ''}`;
  if (status >= 500 || status === 408 || status === 429) return new StorageError('unavailable', what);
  if (status === 403 && error === 'forbidden' && isWrite(method, path)) return new StorageError('refused', what, String(reason));
  if (status === 401 || status === 403) return new StorageError('denied', what);
  if (status === 413) return new StorageError('quota', what);
  return new StorageError('unknown', what);
}

/** A request that writes documents (a read by POST, `_all_docs`, `_changes`, a view, is not one). */
function isWrite(method: string, path: string): boolean {
  return method === 'PUT' || method === 'DELETE' || (method === 'POST' && (path === '/_bulk_docs' || path === ''));
}

/** The error for one document `_bulk_docs` did not write (`forbidden`: refused by `validate_doc_update`). */
export function bulkError(id: string, error: unknown, reason: unknown): StorageError {
  const what = `CouchDB refused ${id} (${String(error)}: ${String(reason)})`;
  return error === 'forbidden' ? new StorageError('refused', what, String(reason)) : new StorageError('unknown', what);
}

/**
 * The HTTP transport of `CouchDbStore`: JSON requests to one database through
 * `fetch`, with the host's headers, its own abort timer, and CouchDB's answers
 * turned into `StorageError`s (unreachable, 5xx and time-outs `unavailable`).
 */
export class CouchHttp {
  /** The database's URL; request paths are relative to it. */
  readonly dbUrl: string;
  private headers: Record<string, string>;
  private readonly credentials: RequestCredentials;
  private readonly requestTimeoutMs: number;
  private closed = false;

  constructor(dbUrl: string, options: CouchHttpOptions) {
    this.dbUrl = dbUrl;
    this.headers = { Accept: 'application/json', ...options.headers };
    this.credentials = options.credentials;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  /** Replaces the headers: the next request carries them. */
  setHeaders(headers: Record<string, string> = {}): void {
    this.headers = { Accept: 'application/json', ...headers };
  }

  /** Sends nothing more: every later request fails with `StorageError('unavailable')`. */
  close(): void {
    this.closed = true;
  }

  /**
   * Sends one request to `<database><path>` and returns the answer when it is
   * 2xx or listed in `accept`; throws `StorageError` otherwise. An abort by the
   * caller's `signal` rethrows the abort error as is.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<CouchResponse> {
    // A closed store sends nothing more (a session it served may still be finishing a read; a
    // restarted element's new store, with the new credentials, is the one that talks to the server).
    if (this.closed) throw new StorageError('unavailable', 'the CouchDB store is closed');
    const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
    const controller = new AbortController();
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const outer = options.signal;
    const forward = () => controller.abort(outer?.reason ?? STOPPED);
    outer?.addEventListener('abort', forward);
    const headers: Record<string, string> = { ...this.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      let response: Response;
      try {
        response = await fetch(`${this.dbUrl}${path}${query}`, {
          method,
          headers,
          credentials: this.credentials,
          body: options.body === undefined ? null : JSON.stringify(options.body),
          signal: controller.signal,
          cache: 'no-store',
          ...(options.keepalive ? { keepalive: true } : {}),
        });
      } catch (error) {
        if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
          throw new RequestTimeout(`CouchDB did not answer ${method} ${path} within ${timeoutMs} ms`);
        }
        if (controller.signal.aborted) throw error;
        throw new StorageError('unavailable', `CouchDB is unreachable: ${String(error)}`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
          throw new RequestTimeout(`CouchDB did not finish answering ${method} ${path} within ${timeoutMs} ms`);
        }
        if (controller.signal.aborted) throw error;
        if (response.status >= 500 || !response.ok) body = undefined;
        else throw new StorageError('unavailable', `CouchDB sent an unreadable answer to ${method} ${path}`);
      }
      if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body };
      throw httpError(method, path, response.status, body);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    }
  }
}
