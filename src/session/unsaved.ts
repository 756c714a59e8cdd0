import { KINDS, sameData, withoutEmptyOptionals, type CustomerData, type DataOf, type Kind } from '../model/index.js';
import { DATA_FIELDS, dataOf } from './merge.js';
import type { WorkspaceCore } from './types.js';
import { prefilled, slotOf } from './workspace.js';

/**
 * What the agent changed and has not saved, field by field (issue #18 item 4):
 * the markers on the fields, the count in the work area's header and the Open
 * list's mark all read it, so they always agree. Pure: no DOM, no store.
 *
 * A field is named as the screen shows it: a data field's name (`title`,
 * `notes`, `phones` …); `fields.<label>` for one free field of a customer
 * (added, changed or removed); `status` for a request's status, whose dates
 * (`openedAt`, `closedAt`) follow it.
 */

/** The unsaved fields of a work area, by kind. */
export type UnsavedFields = { readonly [K in Kind]: readonly string[] };

/** Nothing unsaved. */
export const NO_UNSAVED: UnsavedFields = Object.freeze({ customer: [], request: [], activity: [] });

/** Fields that change with another one and are marked as it. */
const FOLLOWS: Partial<Record<string, string>> = { openedAt: 'status', closedAt: 'status' };

/**
 * What the agent's input on `kind` is compared with: the saved record; for a
 * record not created yet, what the gadget filled in from the interaction (its
 * own ids taken from the draft: those are the gadget's to set, not the
 * agent's). `null`: nothing to compare with (no input either).
 */
export function referenceOf<K extends Kind>(workspace: Pick<WorkspaceCore, 'records' | 'interaction'>, kind: K): DataOf[K] | null {
  const slot = slotOf(workspace, kind);
  if (slot.base) return dataOf(kind, slot.base);
  const filled = prefilled(workspace, kind);
  if (!filled || !slot.draft) return filled;
  if (kind === 'customer') return filled;
  const ids = slot.draft as Partial<Record<string, unknown>>;
  return { ...filled, customerId: ids['customerId'], ...(kind === 'activity' ? { requestId: ids['requestId'] } : {}) } as DataOf[K];
}

/** The free fields of a customer that differ between two versions (added, changed or removed), as `fields.<label>`. */
function freeFields(before: CustomerData['fields'], after: CustomerData['fields']): string[] {
  const labels = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...labels].filter((label) => before[label] !== after[label] || Object.hasOwn(before, label) !== Object.hasOwn(after, label)).map((label) => `fields.${label}`);
}

/** The fields of `draft` that differ from `reference`, named as the screen shows them (see the module's note), each once. */
export function unsavedOf<K extends Kind>(kind: K, before: DataOf[K] | null, after: DataOf[K] | null): string[] {
  if (!after || !before) return [];
  // An optional field left empty (`lastName: ''`) is the same as none.
  const [reference, draft] = [withoutEmptyOptionals(before), withoutEmptyOptionals(after)];
  const names: string[] = [];
  for (const field of DATA_FIELDS[kind]) {
    if (sameData(reference[field], draft[field])) continue;
    if (kind === 'customer' && field === 'fields') {
      names.push(...freeFields((reference as CustomerData).fields ?? {}, (draft as CustomerData).fields ?? {}));
      continue;
    }
    const name = FOLLOWS[field] ?? field;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** What the agent changed in each record of the work area and has not saved. A new contact's prefilled values are not counted. */
export function unsavedFields(workspace: Pick<WorkspaceCore, 'records' | 'interaction'>): UnsavedFields {
  const out: Record<Kind, readonly string[]> = { customer: [], request: [], activity: [] };
  for (const kind of KINDS) out[kind] = unsavedOf(kind, referenceOf(workspace, kind), slotOf(workspace, kind).draft);
  return out.customer.length || out.request.length || out.activity.length ? out : NO_UNSAVED;
}

/** How many unsaved changes: one per field marked. */
export function unsavedCount(unsaved: UnsavedFields): number {
  return unsaved.customer.length + unsaved.request.length + unsaved.activity.length;
}
