import { readRecent, readWorkspaces, savedAtOf, writtenRecent, writtenWorkspaces, type Read, type SavedWorkspaces, type Unreadable } from './saved-drafts.js';
import type { RecentCustomer } from './types.js';

export type { SavedWorkspace } from './workspace.js';
export { DRAFTS_VERSION, type SavedWorkspaces, type Unreadable } from './saved-drafts.js';

/** Minimal synchronous key-value storage (localStorage's shape), so tests can give their own. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** How many pieces were set aside and not reported yet: shared by the stores of one storage (`forAgent`). */
interface SetAsideLog {
  count: number;
}

/**
 * Keeps unsaved input and the Recent list of one agent across reloads. It
 * writes synchronously on every change, so a reload or crash right after a
 * keystroke loses nothing.
 *
 * What it reads back is versioned and checked (`saved-drafts.ts`): an older
 * version is moved forward; what cannot be read (damaged, or from an unknown
 * version) is set aside under `<namespace>:<agent>:set-aside:<name>:<time>`,
 * with why, for support to recover; the rest is restored. `takeSetAside()`
 * says how many pieces were set aside, so the session can tell the agent.
 */
export class DraftStore {
  readonly agentId: string;
  private readonly namespace: string;
  private readonly prefix: string;
  private readonly storage: KeyValueStorage | undefined;
  private log: SetAsideLog = { count: 0 };

  /**
   * `namespace` separates what different backends keep (the element uses its
   * database, or the CouchDB server and database), `agentId` what different
   * agents of one browser profile keep.
   */
  constructor(agentId: string, namespace = 'customer-context', storage?: KeyValueStorage) {
    this.agentId = agentId;
    this.namespace = namespace;
    this.prefix = `${namespace}:${agentId}`;
    this.storage = storage ?? safeLocalStorage();
  }

  /** The same storage and namespace, for another agent. */
  forAgent(agentId: string): DraftStore {
    const other = new DraftStore(agentId, this.namespace, this.storage);
    other.log = this.log;
    return other;
  }

  loadWorkspaces(): SavedWorkspaces {
    return this.read('workspaces', readWorkspaces, writtenWorkspaces) ?? { activeKey: null, open: [] };
  }

  /** `savedAt` (default now) is kept with them: a restore compares it with the server's copy (`remote-drafts.ts`). */
  saveWorkspaces(value: SavedWorkspaces, savedAt = new Date().toISOString()): void {
    this.write('workspaces', writtenWorkspaces(value, savedAt));
  }

  /** When the Open list was last saved here; `undefined` when nothing is saved or it was saved before this was kept. */
  workspacesSavedAt(): string | undefined {
    let raw: string | null | undefined;
    try {
      raw = this.storage?.getItem(`${this.prefix}:workspaces`);
    } catch {
      return undefined;
    }
    return raw ? savedAtOf(raw) : undefined;
  }

  /**
   * Takes drafts read elsewhere (the agent's copy on the server) as this
   * agent's saved Open list: what cannot be read is set aside here, with why,
   * and counted for `takeSetAside()`, as for the local drafts.
   */
  adopt(raw: string, savedAt: string): SavedWorkspaces {
    const read = readWorkspaces(raw);
    const keep = () => this.saveWorkspaces(read.value, savedAt);
    if (read.unreadable.length) this.setAside('workspaces', read.unreadable, keep);
    else keep();
    return read.value;
  }

  loadRecent(): RecentCustomer[] {
    return this.read('recent', readRecent, writtenRecent) ?? [];
  }

  saveRecent(value: RecentCustomer[]): void {
    this.write('recent', writtenRecent(value));
  }

  /** Forgets this agent's drafts and Recent list (what was set aside stays). */
  clear(): void {
    this.storage?.removeItem(`${this.prefix}:workspaces`);
    this.storage?.removeItem(`${this.prefix}:recent`);
  }

  /** How many pieces of saved drafts were set aside since the last call (by this store or another agent's of the same storage). */
  takeSetAside(): number {
    const { count } = this.log;
    this.log.count = 0;
    return count;
  }

  private read<T>(name: string, parse: (raw: string) => Read<T>, written: (value: T) => unknown): T | undefined {
    let raw: string | null | undefined;
    try {
      raw = this.storage?.getItem(`${this.prefix}:${name}`);
    } catch {
      return undefined; // storage disabled: nothing to read
    }
    if (!raw) return undefined;
    const read = parse(raw);
    if (read.unreadable.length) this.setAside(name, read.unreadable, () => this.write(name, written(read.value)));
    else if (read.rewrite) this.write(name, written(read.value));
    return read.value;
  }

  /**
   * Moves what could not be read to a key of its own, then writes back what
   * could (`rest`). When the storage is too full to hold both, what could be
   * read is written first (it takes less room) and the move tried again.
   */
  private setAside(name: string, pieces: Unreadable[], rest: () => void): void {
    this.log.count += pieces.length;
    const at = new Date().toISOString();
    const value = JSON.stringify({ setAsideAt: at, from: `${this.prefix}:${name}`, pieces });
    const key = this.freeKey(`${this.prefix}:set-aside:${name}:${at}`);
    if (!this.tryWrite(key, value)) {
      rest();
      this.tryWrite(key, value);
      return;
    }
    rest();
  }

  private freeKey(base: string): string {
    let key = base;
    try {
      for (let n = 1; this.storage?.getItem(key) != null; n++) key = `${base}-${n}`;
    } catch {
      // unreadable storage: the write below fails as well, and says so
    }
    return key;
  }

  private write(name: string, value: unknown): void {
    this.tryWrite(`${this.prefix}:${name}`, JSON.stringify(value));
  }

  private tryWrite(key: string, value: string): boolean {
    try {
      this.storage?.setItem(key, value);
      return true;
    } catch {
      // storage full or disabled: the drafts stay in memory for this page
      return false;
    }
  }
}

function safeLocalStorage(): KeyValueStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
