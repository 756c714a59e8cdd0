/**
 * The setup command's HTTP client: JSON requests to one CouchDB server through
 * the `fetch` it is given, with the operator's Authorization header, an abort
 * timer, and CouchDB's refusals turned into `SetupError`s whose messages say
 * what to do. It never puts the Authorization value in a message.
 */

/** Why a step failed: the server could not be reached, refused the sign-in (401), refused the operation (403), did not answer in time, or answered something else. */
export type SetupErrorKind = 'unreachable' | 'denied' | 'forbidden' | 'timeout' | 'server';

export class SetupError extends Error {
  readonly kind: SetupErrorKind;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** CouchDB's `error` field (`timeout`, `forbidden`…), when it sent one. */
  readonly error: string | undefined;

  constructor(kind: SetupErrorKind, message: string, status?: number, error?: string) {
    super(message);
    this.name = 'SetupError';
    this.kind = kind;
    this.status = status;
    this.error = error;
  }
}

export interface CouchReply {
  status: number;
  body: unknown;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Non-2xx statuses returned instead of thrown (404, 412). */
  accept?: readonly number[];
  /** Default: the client's `timeoutMs`. */
  timeoutMs?: number;
}

export interface ClientOptions {
  fetch: typeof fetch;
  /** The server, without credentials, query or trailing slash (a reverse-proxy path prefix is fine). */
  baseUrl: string;
  /** The whole Authorization header value, or none (anonymous). */
  authorization: string | undefined;
  timeoutMs: number;
  /** Where the credentials came from, for the 401 message. */
  credentialsHint: string;
}

const TIMED_OUT = 'customer-context-couchdb: timed out';

/** What went wrong underneath a failed `fetch` (`ECONNREFUSED`, `ENOTFOUND`, a TLS error…). */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.message ? `${cause.code}: ${String(cause.message)}` : cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export class CouchClient {
  readonly baseUrl: string;
  private readonly options: ClientOptions;

  constructor(options: ClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl;
  }

  /** Whether requests carry credentials. */
  get signedIn(): boolean {
    return this.options.authorization !== undefined;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<CouchReply> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) query.set(name, String(value));
    const search = query.toString() ? `?${query}` : '';
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.options.authorization !== undefined) headers.Authorization = this.options.authorization;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
    const what = `${method} ${path || '/'}`;
    try {
      let response: Response;
      try {
        response = await this.options.fetch(`${this.baseUrl}${path}${search}`, {
          method,
          headers,
          body: options.body === undefined ? null : JSON.stringify(options.body),
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (error) {
        if (controller.signal.aborted) throw new SetupError('timeout', `CouchDB did not answer ${what} within ${seconds(timeoutMs)}`);
        throw new SetupError('unreachable', `cannot reach CouchDB at ${this.baseUrl} (${networkCause(error)}): is the URL right, and the server up and reachable from here?`);
      }
      let body: unknown;
      try {
        const text = await response.text();
        body = text ? JSON.parse(text) : undefined;
      } catch (error) {
        if (controller.signal.aborted) throw new SetupError('timeout', `CouchDB did not finish answering ${what} within ${seconds(timeoutMs)}`);
        if (error instanceof SyntaxError) body = undefined;
        else throw new SetupError('unreachable', `the connection to CouchDB broke while it answered ${what} (${networkCause(error)})`);
      }
      if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body };
      throw this.refusal(what, response.status, body);
    } finally {
      clearTimeout(timer);
    }
  }

  private refusal(what: string, status: number, body: unknown): SetupError {
    const { error, reason } = body && typeof body === 'object' ? (body as { error?: unknown; reason?: unknown }) : {};
    const said = error === undefined ? '' : ` (${String(error)}: ${String(reason)})`;
    // CouchDB answers 401 also to a signed-in user who is not an admin ("You are not a server admin."): that is no sign-in problem.
    const notAdmin = typeof reason === 'string' && /not a (db or )?server admin/i.test(reason);
    if (status === 401 && !notAdmin) {
      const hint = this.signedIn
        ? `check the credentials in ${this.options.credentialsHint}`
        : 'no credentials were given: set COUCHDB_USER and COUCHDB_PASSWORD, or COUCHDB_AUTHORIZATION';
      return new SetupError('denied', `CouchDB refused the sign-in: 401 to ${what}${said}; ${hint}`, status, stringOrUndefined(error));
    }
    if (status === 403 || notAdmin) {
      return new SetupError(
        'forbidden',
        `CouchDB refused ${what}: ${status}${said}. Creating a database needs a server admin; design documents and _security need a server admin or an admin of this database`,
        status,
        stringOrUndefined(error),
      );
    }
    return new SetupError('server', `CouchDB answered ${status} to ${what}${said}`, status, stringOrUndefined(error));
  }
}

const stringOrUndefined = (value: unknown) => (value === undefined ? undefined : String(value));

/** `1.2 s`, `3 min 20 s`. */
export function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
