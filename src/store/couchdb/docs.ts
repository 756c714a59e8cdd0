import { KINDS, readRecord, type AnyRecord, type Kind } from '../../model/index.js';

/**
 * A CouchDB document as this store writes it: the record, `_id`/`_rev` instead
 * of `id`/`rev`. Documents written by earlier versions may still carry their
 * search keys as `k` (the views compute them now); it is dropped on reading.
 */
export type Doc = Record<string, unknown> & {
  _id: string;
  _rev: string;
  type: Kind;
  k?: unknown;
  _conflicts?: string[];
  _deleted?: boolean;
};

export function isKind(value: unknown): value is Kind {
  return (KINDS as readonly unknown[]).includes(value);
}

/**
 * The record a document holds: `_id`/`_rev` back to `id`/`rev`, CouchDB's own
 * fields and the search keys dropped, read through the model (`readRecord`: a
 * document another client wrote that breaks the rules comes out repaired, with `damage`).
 */
export function toRecord<R extends AnyRecord = AnyRecord>(doc: Doc): R {
  const { _id, _rev, k: _k, _conflicts: _c, _deleted: _d, _revisions: _r, _revs_info: _ri, ...rest } = doc;
  return readRecord(doc.type, { ...rest, id: _id, rev: _rev }) as unknown as R;
}

/** The document for a record (without `_rev`: the caller adds the base rev). */
export function toDoc(record: AnyRecord): Doc {
  const { id, rev: _rev, ...rest } = record;
  return { ...rest, _id: id } as unknown as Doc;
}

/** A rev the CouchDB store hands out for a document in conflict: the leaves an agent has seen, joined. */
export const RESOLUTION = '+';
