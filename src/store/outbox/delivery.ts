import type { AnyRecord, Kind } from '../../model/index.js';
import { ConflictError, NotFoundError, StorageError, type ContextStore } from '../context-store.js';
import { isSameWrite } from '../same-write.js';
import type { OutboxQueue, QueuedWrite, StoredReport } from './queue.js';

/** Is `current` this very write (delivered before, its answer lost)? */
function sameWrite(current: AnyRecord, item: QueuedWrite): boolean {
  return isSameWrite(current, item.kind, item.data, item.by);
}

/** A write based on a provisional record whose own write was refused: the base never reached the backend. */
export async function lostBase(store: ContextStore, kind: Kind, id: string): Promise<Error> {
  const current = await store.get(kind, id);
  return current ? new ConflictError(kind, id, current) : new NotFoundError(kind, id);
}

/**
 * Delivers one queued write to `store`, its pending base rev replaced by the
 * rev its own write got. A write whose earlier answer was lost (the backend
 * holds this very data, by this agent) resolves with that record instead of
 * being applied twice. Refusals reject as the store's errors.
 */
export async function deliverWrite(store: ContextStore, queue: OutboxQueue, item: QueuedWrite): Promise<AnyRecord> {
  if (item.op === 'create') {
    try {
      return await store.create(item.kind, item.data, { by: item.by, id: item.id });
    } catch (error) {
      if (error instanceof ConflictError && sameWrite(error.current, item)) return error.current;
      throw error;
    }
  }
  const base = await queue.realRev(item.baseRev);
  if (base === undefined) throw await lostBase(store, item.kind, item.id);
  try {
    return await store.update(item.kind, item.id, base, item.data, { by: item.by });
  } catch (error) {
    if (error instanceof ConflictError && sameWrite(error.current, item)) return error.current;
    throw error;
  }
}

/**
 * The report kept for a write the backend refused on delivery, and the refusal
 * as an `Error`: `conflict` (a newer revision), `not-found`, or `refused` —
 * its content (403 from `validate_doc_update`, with the server's reason as
 * `detail`; 400; 413), never retried.
 */
export function refusalReport(item: QueuedWrite, refusal: unknown, at: string): { stored: StoredReport; error: Error } {
  const error = refusal instanceof Error ? refusal : new Error(String(refusal));
  const stored: StoredReport = {
    reason: error instanceof ConflictError ? 'conflict' : error instanceof NotFoundError ? 'not-found' : 'refused',
    op: item.op,
    kind: item.kind,
    id: item.id,
    mine: item.data,
    provisional: item.record,
    baseRev: item.baseRev,
    // Queued by an earlier version: no base kept (Load then lists every field where the versions differ).
    base: item.base ?? null,
    by: item.by,
    theirs: error instanceof ConflictError ? error.current : undefined,
    message: error.message,
    ...(error instanceof StorageError && error.detail !== undefined ? { detail: error.detail } : {}),
    at,
  };
  return { stored, error };
}

/** The backend could not be reached (network error, 5xx, time-out): the write waits and is retried. */
export function unavailable(error: unknown): boolean {
  return error instanceof StorageError && error.reason === 'unavailable';
}

/** The backend refused the sign-in (401): nothing is retried until new credentials come. */
export function denied(error: unknown): boolean {
  return error instanceof StorageError && error.reason === 'denied';
}
