import { sameData, type AnyRecord, type DataOf, type Kind } from '../model/index.js';

/** The data fields of each kind, in the order a person reads them. */
export const DATA_FIELDS: { [K in Kind]: ReadonlyArray<keyof DataOf[K] & string> } = {
  customer: ['name', 'phones', 'emails', 'chatIds', 'address', 'fields'],
  request: ['customerId', 'title', 'description', 'status', 'openedAt', 'closedAt'],
  activity: ['customerId', 'requestId', 'channel', 'interactionId', 'at', 'subject', 'notes', 'tags'],
};

/** The data of a record, without its meta fields. */
export function dataOf<K extends Kind>(kind: K, record: AnyRecord | DataOf[K]): DataOf[K] {
  const source = record as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of DATA_FIELDS[kind]) out[field] = structuredClone(source[field]);
  return out as DataOf[K];
}


/** Fields whose values differ between two versions of the same kind. */
export function changedFields<K extends Kind>(kind: K, a: DataOf[K], b: DataOf[K]): Array<keyof DataOf[K] & string> {
  return DATA_FIELDS[kind].filter((field) => !sameData(a[field], b[field]));
}

/** A field both agents changed, to show side by side. */
export interface FieldConflict {
  field: string;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult<K extends Kind> {
  /** Fields only they changed come in; fields only I changed stay; conflicting fields keep mine until chosen. */
  merged: DataOf[K];
  conflicts: FieldConflict[];
}

/**
 * Three-way merge of a draft (`mine`) and another agent's saved version
 * (`theirs`), both made from `base` (R4.2, DESIGN "Load merges").
 */
export function merge3<K extends Kind>(kind: K, base: DataOf[K], mine: DataOf[K], theirs: DataOf[K]): MergeResult<K> {
  const merged = { ...mine };
  const conflicts: FieldConflict[] = [];
  for (const field of DATA_FIELDS[kind]) {
    const iChanged = !sameData(base[field], mine[field]);
    const theyChanged = !sameData(base[field], theirs[field]);
    if (theyChanged && !iChanged) merged[field] = structuredClone(theirs[field]);
    else if (theyChanged && iChanged && !sameData(mine[field], theirs[field])) {
      conflicts.push({ field, mine: mine[field], theirs: theirs[field] });
    }
  }
  return { merged, conflicts };
}
