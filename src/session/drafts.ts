import { sameData } from '../model/index.js';
import type { SavedWorkspace } from './workspace.js';
import { DRAFTS_VERSION, readRecent, readWorkspaces, savedAtOf, writtenRecent, type Read, type SavedWorkspaces, type Unreadable } from './saved-drafts.js';
import type { RecentCustomer } from './types.js';
import { removeStoredKeys, type KeyedStorage } from '../store/local-data.js';

export type { SavedWorkspace } from './workspace.js';
export { DRAFTS_VERSION, type SavedWorkspaces, type Unreadable } from './saved-drafts.js';

/** The layout of `<prefix>:workspaces` that lists the work areas kept under keys of their own (`<prefix>:ws:<key>`). */
export const WORKSPACES_LAYOUT = 3;
const INDEX_VERSION = WORKSPACES_LAYOUT;

interface WorkspacesIndex {
  savedAt: string | undefined;
  activeKey: string | null;
  keys: string[];
}

/** The index of the incremental layout, or undefined for drafts of the earlier single-key one (or unreadable). */
function indexOf(raw: string): WorkspacesIndex | undefined {
  let stored: unknown;
  try {
    stored = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!stored || typeof stored !== 'object') return undefined;
  const { version, savedAt, activeKey, keys } = stored as Record<string, unknown>;
  if (version !== INDEX_VERSION || !Array.isArray(keys) || !keys.every((key) => typeof key === 'string')) return undefined;
  return { savedAt: typeof savedAt === 'string' ? savedAt : undefined, activeKey: typeof activeKey === 'string' ? activeKey : null, keys: keys as string[] };
}

type Slot = { base?: { rev?: unknown } | null; draft?: Record<string, unknown> | null };
type Saved = { key?: unknown; records?: Record<string, Slot> };

/**
 * This tab's work area (`mine`) written over what is stored for it (`stored`:
 * maybe another tab of the same agent wrote it, or an earlier merge): field by
 * field, a draft field this tab did not change since it last saved its own
 * (`last`; never saved here: the saved record's value) takes the stored value;
 * every other field is this tab's. Records the tabs based on different
 * revisions are this tab's. Returns the JSON to write.
 */
function mergeTabs(mine: SavedWorkspace, stored: string, last: string | undefined): string {
  let theirs: Saved;
  let before: Saved | undefined;
  try {
    theirs = JSON.parse(stored) as Saved;
    before = last === undefined ? undefined : (JSON.parse(last) as Saved);
  } catch {
    return JSON.stringify(mine);
  }
  if (theirs?.key !== mine.key || !theirs.records) return JSON.stringify(mine);
  const merged = structuredClone(mine) as unknown as Saved & { records: Record<string, Slot> };
  for (const [kind, slot] of Object.entries(merged.records)) {
    const other = theirs.records[kind];
    const draft = slot.draft;
    if (!draft || !other?.draft || (slot.base?.rev ?? null) !== (other.base?.rev ?? null)) continue;
    const base = before?.records?.[kind]?.draft ?? (slot.base as Record<string, unknown> | null | undefined);
    if (!base) continue;
    for (const field of Object.keys(draft)) {
      if (sameData(draft[field], base[field]) && !sameData(other.draft[field], base[field])) draft[field] = other.draft[field];
    }
  }
  return JSON.stringify(merged);
}

/** Minimal synchronous key-value storage (localStorage's shape), so tests can give their own. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * How every key of the gadget's drafts begins: `<customer-context>` keeps them
 * under the namespace `customer-context` (the embedded default database) or
 * `customer-context@<backend identity>`, then `:<agent id>:` and `workspaces`,
 * `recent` or `set-aside:<name>:<time>`.
 */
export const DRAFT_KEY_PREFIXES: readonly string[] = ['customer-context:', 'customer-context@'];

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
  /** What this page last wrote (or read) for each work area, by key: the ones it removes when they leave its list. */
  private readonly written = new Map<string, string>();
  /** This page's own work areas as last saved (before any merge with another tab's): an unchanged one is not written again. */
  private readonly own = new Map<string, string>();
  /** Saved work areas already turned into JSON (the session hands the same object for one that did not change). */
  private readonly serialized = new WeakMap<object, string>();
  /** The Open list's index as this page last wrote it: written again only when its work areas or the current one change. */
  private index: { json: string; activeKey: string | null; keys: readonly string[] } | undefined;

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

  /**
   * The saved Open list. Stored incrementally: `<prefix>:workspaces` holds the
   * order, the active key and when it was saved (`savedAt`), and each work
   * area is a key of its own (`<prefix>:ws:<key>`), so a change to one work
   * area writes only that one (a thousand open contacts do not mean a
   * thousand-fold write per keystroke). Drafts of the earlier single-key
   * layout (versions 1 and 2) are read and written anew in this one.
   */
  loadWorkspaces(): SavedWorkspaces {
    const raw = this.get(`${this.prefix}:workspaces`);
    if (!raw) return { activeKey: null, open: [] };
    const index = indexOf(raw);
    if (!index) return this.read('workspaces', readWorkspaces, (value) => this.layout(value)) ?? { activeKey: null, open: [] };
    const open: unknown[] = [];
    const broken: Unreadable[] = [];
    for (const key of index.keys) {
      const entry = this.get(this.workspaceKey(key));
      if (entry === undefined) continue;
      // Known to be stored: a later save removes it if it is not kept (unreadable, or gone from the list).
      this.written.set(key, entry);
      try {
        open.push(JSON.parse(entry));
      } catch {
        broken.push({ raw: entry, reason: 'not JSON' });
      }
    }
    // Each entry checked by the same rules as before (saved-drafts.ts).
    const read = readWorkspaces(JSON.stringify({ version: DRAFTS_VERSION, activeKey: index.activeKey, open }));
    const unreadable = [...broken, ...read.unreadable];
    if (unreadable.length) this.setAside('workspaces', unreadable, () => this.saveWorkspaces(read.value, index.savedAt));
    return read.value;
  }

  /**
   * `savedAt` (default now) is kept with them: a restore compares it with the
   * server's copy (`remote-drafts.ts`). Writes only the work areas that
   * changed. The same agent's other tabs write the same keys: a work area
   * another tab wrote since this one last did is merged field by field
   * (`mergeTabs`: their input kept where this tab did not type since), and the
   * list keeps the work areas other tabs have open; no tab's unsaved input is
   * lost by another tab's write.
   */
  saveWorkspaces(value: SavedWorkspaces, savedAt = new Date().toISOString()): void {
    const keys: string[] = [];
    /** Whether a work area was written or removed: the index is then written too, with this `savedAt`. */
    let changed = false;
    for (const entry of value.open) {
      keys.push(entry.key);
      let json = this.serialized.get(entry);
      if (json === undefined) {
        json = JSON.stringify(entry);
        this.serialized.set(entry, json);
      }
      const last = this.own.get(entry.key);
      if (last === json) continue;
      const key = this.workspaceKey(entry.key);
      const stored = this.get(key);
      const write = stored === undefined || stored === json ? json : mergeTabs(entry, stored, last);
      if (this.tryWrite(key, write)) {
        this.written.set(entry.key, write);
        this.own.set(entry.key, json);
        changed = true;
      }
    }
    const kept = new Set(keys);
    const removed = new Set<string>();
    for (const key of [...this.written.keys()]) {
      if (kept.has(key)) continue;
      this.remove(this.workspaceKey(key));
      this.written.delete(key);
      this.own.delete(key);
      removed.add(key);
      changed = true;
    }
    const indexKey = `${this.prefix}:workspaces`;
    const stored = this.get(indexKey);
    // Nothing changed (a change of the session that is not saved, such as a history read): the index is not
    // read, parsed and written again; with hundreds of work areas open that was most of the cost of a change.
    const last = this.index;
    if (!changed && last && stored === last.json && last.activeKey === value.activeKey && sameKeys(last.keys, keys)) return;
    // Work areas the agent's other tabs keep (listed, stored, never known here) stay listed after this tab's.
    const others = (indexOf(stored ?? '')?.keys ?? []).filter(
      (key) => !kept.has(key) && !removed.has(key) && !this.written.has(key) && this.get(this.workspaceKey(key)) !== undefined,
    );
    const json = JSON.stringify({ version: INDEX_VERSION, savedAt, activeKey: value.activeKey, keys: [...keys, ...others] });
    this.index = this.tryWrite(indexKey, json) ? { json, activeKey: value.activeKey, keys } : undefined;
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

  /**
   * Sign-out on a shared browser profile: removes every agent's drafts, Recent
   * list and set-aside drafts of every namespace of the gadget
   * (`DRAFT_KEY_PREFIXES`) from `storage` (localStorage by default); returns
   * how many keys. The sessions using them must be stopped first, or they
   * write theirs again.
   */
  static clearAll(storage?: KeyedStorage): number {
    return removeStoredKeys(DRAFT_KEY_PREFIXES, storage);
  }

  /** Forgets this agent's drafts and Recent list (what was set aside stays). */
  clear(): void {
    const index = indexOf(this.get(`${this.prefix}:workspaces`) ?? '');
    for (const key of new Set([...(index?.keys ?? []), ...this.written.keys()])) this.remove(this.workspaceKey(key));
    this.written.clear();
    this.own.clear();
    this.index = undefined;
    this.remove(`${this.prefix}:workspaces`);
    this.remove(`${this.prefix}:recent`);
  }

  /** The key one work area's drafts are kept under. */
  private workspaceKey(key: string): string {
    return `${this.prefix}:ws:${key}`;
  }

  /** Saved workspaces in this layout (for a rewrite of drafts read in the earlier one). */
  private layout(value: SavedWorkspaces): unknown {
    this.saveWorkspaces(value);
    return { version: INDEX_VERSION, savedAt: new Date().toISOString(), activeKey: value.activeKey, keys: value.open.map((w) => w.key) };
  }

  private get(key: string): string | undefined {
    try {
      return this.storage?.getItem(key) ?? undefined;
    } catch {
      return undefined; // storage disabled: nothing to read
    }
  }

  private remove(key: string): void {
    try {
      this.storage?.removeItem(key);
    } catch {
      // storage disabled: nothing was kept
    }
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

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function safeLocalStorage(): KeyValueStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
