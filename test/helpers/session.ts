import type { KeyValueStorage } from '../../src/session/drafts.js';
import type { AgentSession } from '../../src/session/session.js';

/** Resolves when the session's state satisfies `predicate` (checked now and on every change). */
export function until(session: AgentSession, predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate()) return resolve();
    const off = session.subscribe(() => {
      if (predicate()) {
        off();
        resolve();
      }
    });
  });
}

/** An in-memory stand-in for localStorage (a page reload is a new session on the same storage). */
export class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  /** The keys that start with `prefix` (to find what was set aside). */
  keys(prefix: string): string[] {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix));
  }
}
