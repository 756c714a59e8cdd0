import { sameData, withoutEmptyOptionals, type AnyRecord, type DataOf, type Kind } from '../model/index.js';

/**
 * Fields the agent never edits but a record's data carries (a merge's and a
 * move's pointers, issue #19): kept through every draft (`dataOf`), taken from
 * the other agent's version on Load (`merge3`), never shown as a change.
 */
export const SYSTEM_FIELDS: { [K in Kind]: ReadonlyArray<keyof DataOf[K] & string> } = {
  customer: ['mergedInto', 'mergedFrom'],
  request: [],
  activity: ['movedFrom'],
};

/** `data` (what a form gave: no system fields) with the system fields of `from` (the draft or record it edits). */
export function withSystemFields<K extends Kind>(kind: K, data: DataOf[K], from: DataOf[K] | null | undefined): DataOf[K] {
  const out = { ...data };
  for (const field of SYSTEM_FIELDS[kind]) {
    const value = from?.[field];
    if (value === undefined) delete out[field];
    else out[field] = structuredClone(value);
  }
  return out;
}

/** The data fields of each kind, in the order a person reads them. */
export const DATA_FIELDS: { [K in Kind]: ReadonlyArray<keyof DataOf[K] & string> } = {
  customer: ['name', 'lastName', 'phones', 'emails', 'chatIds', 'address', 'fields'],
  request: ['customerId', 'title', 'description', 'status', 'openedAt', 'closedAt'],
  activity: ['customerId', 'requestId', 'channel', 'interactionId', 'at', 'subject', 'notes', 'tags'],
};

/** The data of a record, without its meta fields. */
export function dataOf<K extends Kind>(kind: K, record: AnyRecord | DataOf[K]): DataOf[K] {
  const source = record as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of [...DATA_FIELDS[kind], ...SYSTEM_FIELDS[kind]]) if (source[field] !== undefined) out[field] = structuredClone(source[field]);
  // An optional field that says nothing (`lastName: ''`) is left out, as the model keeps it: absent and empty are the same.
  return withoutEmptyOptionals(out) as DataOf[K];
}


/** Fields whose values differ between two versions of the same kind. */
export function changedFields<K extends Kind>(kind: K, a: DataOf[K], b: DataOf[K]): Array<keyof DataOf[K] & string> {
  // `lastName: ''` and no `lastName` are the same (the model keeps one form).
  const [x, y] = [withoutEmptyOptionals(a), withoutEmptyOptionals(b)];
  return DATA_FIELDS[kind].filter((field) => !sameData(x[field], y[field]));
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
  for (const field of SYSTEM_FIELDS[kind]) {
    if (theirs[field] === undefined) delete merged[field];
    else merged[field] = structuredClone(theirs[field]);
  }
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
