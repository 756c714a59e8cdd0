import { sameData, validateData, type AnyRecord, type DataOf, type Kind } from '../model/index.js';

/**
 * Is `current` (what the backend holds) this very write: the same kind, the
 * same data, by the same agent? Then a create that met its own id, or an
 * update that met its own result, is a write delivered before whose answer
 * was lost, and it resolves with `current` instead of failing or landing twice.
 * A record that does not parse is never the same write.
 */
export function isSameWrite<K extends Kind>(current: AnyRecord, kind: K, data: DataOf[K], by: string): boolean {
  if (current.type !== kind || current.updatedBy !== by) return false;
  try {
    return sameData(validateData(kind, current), data);
  } catch {
    return false;
  }
}
