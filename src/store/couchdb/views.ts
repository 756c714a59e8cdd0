import { StorageError } from '../context-store.js';
import type { Doc } from './docs.js';
import type { CouchHttp } from './http.js';

/**
 * What the gadget reads from the design document the setup command installs
 * (`npx customer-context-couchdb setup`, src/setup/): its id and its views.
 * The document itself (map functions, `validate_doc_update`) is in
 * `src/setup/design.ts`; the gadget never writes it.
 */

/**
 * Raised when the design document changes in a way that needs a new index: a
 * gadget reads the version it was built for (3: the `tags` view and the
 * `phoneEnds` keys, issue #18; 4: the `history` view, names keyed with
 * `lastName`, no keys for a merged duplicate, issue #19). The one place the
 * version is named.
 */
export const DESIGN_VERSION = 4;
export const DESIGN_NAME = `cc-v${DESIGN_VERSION}`;
export const DESIGN_ID = `_design/${DESIGN_NAME}`;

/**
 * The views:
 * - `keys`: one row per normalised search key of a record (none for a merged
 *   duplicate: `searchKeys`), keyed `[path, key]`
 *   (`path` one of `SearchKeys`' names: `names`, `phones`, `phoneTails`,
 *   `phoneEnds`, `emails`, `chatIds`, `titles`, `tags`), value the customer's id
 *   for a request or an activity (null for a customer: it is the row's own document).
 * - `tags`: one row per tag of an activity, keyed `[fold(tag), tag as written]`,
 *   `_count` reduce: read `group=true` over a folded prefix, the tag suggestions.
 * - `journey`: activities keyed `[customerId, at, _id]`, `_count` reduce.
 * - `history`: activities keyed `[customerId, month of at (YYYY-MM), channel]`,
 *   `_count` reduce: read `group_level=3`, the counts of the history chart.
 * - `requests`: requests keyed `[customerId, openedAt]`.
 * - `interactions`: activities keyed by `interactionId`.
 */
export type ViewName = 'keys' | 'journey' | 'requests' | 'interactions' | 'tags' | 'history';

/** The highest character a prefix range ends on (CouchDB's documented choice: `\ufff0` sorts after any text under its ICU collation). */
export const RANGE_END = '\ufff0';

/** One row of a view, `include_docs` adding the document. */
export interface ViewRow {
  id: string;
  key: unknown;
  value: unknown;
  doc?: Doc | null;
}

type Query = Record<string, unknown>;

/** The JSON-encoded query string CouchDB's view API reads (`startkey=["names","ana"]`). */
function viewQuery(query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) if (value !== undefined) out[name] = typeof value === 'string' && !KEY_PARAMS.has(name) ? value : JSON.stringify(value);
  return out;
}
const KEY_PARAMS = new Set(['key', 'keys', 'startkey', 'endkey', 'start_key', 'end_key', 'startkey_docid', 'endkey_docid']);

/**
 * Reads of the design document's views. A database the setup command has not
 * prepared (no `_design/cc-v<N>`) fails with `StorageError('setup')`.
 *
 * Freshness: every read is `update=true` (CouchDB's default): the rows include
 * every write made before the read, which R1.2 (is this caller known?) and a
 * journey that shows the latest need. What keeps a slow index build from
 * blocking an agent is that no agent ever waits for a whole build: the setup
 * command builds a new version's indexes before any gadget reads them, and
 * CouchDB 3's background indexer (`ken`) keeps them current, so a read waits
 * only for the writes of the last moments. `update=lazy` (answer at once, update
 * after) would let a caller who was just created elsewhere look unknown.
 */
export class CouchViews {
  private readonly http: CouchHttp;

  constructor(http: CouchHttp) {
    this.http = http;
  }

  /** Rows of `view` for `query` (keys JSON-encoded here), or for a list of exact `keys` (POST). */
  async rows(view: ViewName, query: Query, keys?: readonly unknown[]): Promise<ViewRow[]> {
    const path = `/${DESIGN_ID}/_view/${view}`;
    const response = keys
      ? await this.http.request('POST', path, { query: viewQuery(query), body: { keys }, accept: [404] })
      : await this.http.request('GET', path, { query: viewQuery(query), accept: [404] });
    if (response.status === 404) {
      throw new StorageError(
        'setup',
        `CouchDB has no ${DESIGN_ID} view "${view}" in this database: run \`npx customer-context-couchdb setup <url> <db>\` (docs/couchdb.md)`,
      );
    }
    return (response.body as { rows: ViewRow[] }).rows;
  }

  /**
   * Rows whose key is `[path, k]` with `k` starting with `prefix` (equal to it
   * when `exact`), in key then id order, until `enough` says so (it sees every
   * row read so far) or the range ends; pages of `pageSize` rows.
   */
  async prefix(
    path: string,
    prefix: string,
    pageSize: number,
    enough: (rows: readonly ViewRow[]) => boolean,
    includeDocs: boolean,
    exact = false,
  ): Promise<ViewRow[]> {
    const out: ViewRow[] = [];
    let start: { key: unknown; id: string } | undefined;
    for (;;) {
      const page = await this.rows('keys', {
        startkey: start ? start.key : [path, prefix],
        ...(start ? { startkey_docid: start.id, skip: '1' } : {}),
        endkey: [path, exact ? prefix : `${prefix}${RANGE_END}`],
        limit: String(pageSize),
        reduce: undefined,
        include_docs: includeDocs ? 'true' : undefined,
      });
      // ICU collation (CouchDB) may put a key that does not start with the prefix inside the range: drop it.
      out.push(...page.filter((row) => Array.isArray(row.key) && typeof row.key[1] === 'string' && (exact ? row.key[1] === prefix : row.key[1].startsWith(prefix))));
      const last = page.at(-1);
      if (page.length < pageSize || !last || enough(out)) return out;
      start = { key: last.key, id: last.id };
    }
  }
}
