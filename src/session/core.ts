import { HostEventError } from '../model/index.js';
import type { Backend } from '../store/backend.js';
import type { ContextStore } from '../store/context-store.js';
import type { AgentStateMachine } from './agent-state.js';
import type { DraftStore } from './drafts.js';
import type { DraftMirror } from './remote-drafts.js';
import type { SessionHooks, SessionState, Workspace } from './types.js';
import { patch, toSaved, type SavedWorkspace } from './workspace.js';

/**
 * How many closed interactions a session remembers (a shift's worth of late or
 * replayed events: a desktop replays the dialogs it still has, not those of
 * hours ago). An event about one forgotten is refused as out of order, as
 * one about an interaction never seen.
 */
export const CLOSED_KEPT = 100;

/** How long the drafts of work areas opened by a burst of host events may wait to be saved, all at once (`persistSoon`). */
export const PERSIST_SOON_MS = 200;

/**
 * The state one `AgentSession` shares among its parts (intake, interactions,
 * saving, conflicts, close, restore), and the few ways to change it: every
 * part changes `state` through `set`, `putWorkspace` or `replaceKey`, which
 * save the drafts and tell the listeners.
 */
export class SessionCore {
  readonly store: ContextStore;
  readonly backend: Backend;
  readonly hooks: SessionHooks;
  readonly care: AgentStateMachine;
  /** The agent's drafts and Recent list; another agent's when the host names them (`restore.ts`). */
  drafts: DraftStore;
  readonly listeners = new Set<() => void>();
  /**
   * Where each interaction's work is: `new:<id>` while opening, the workspace key, or `closed:<key>`.
   * Closed ones are remembered (their late events are still known as theirs) up to `CLOSED_KEPT`, the oldest forgotten first.
   */
  readonly interactions = new Map<string, string>();
  /** The closed interactions `interactions` remembers, oldest first. */
  private readonly closedIds = new Set<string>();
  /** Interactions accepted in the gadget: the host's own `interaction.started` for them only confirms it. */
  readonly acceptedHere = new Map<string, Promise<void>>();
  /** Saved workspaces a restore has read and not brought back yet: `persist` keeps them as they were. */
  readonly unrestored = new Map<string, SavedWorkspace>();
  /** The restore under way (or the last one): interactions started meanwhile open after it. */
  restoring: Promise<void> = Promise.resolve();
  /** Whether `host.context` has named the agent yet (the first one adopts the work begun under `agentId`). */
  identified = false;
  /** Host-event work under way (an interaction being opened): `idle()` waits for it. */
  readonly working = new Set<Promise<void>>();
  /** Interactions the host ended while their work area was still being opened. */
  readonly endedEarly = new Set<string>();
  /** Delivery reports shown as cautions, by `kind:id`: dismissed once the agent Loads (R4.2). */
  readonly deliveryReports = new Map<string, number>();
  reportsOff: (() => void) | undefined;
  disposed = false;
  current: SessionState;
  /** With a shared backend: the unsaved drafts kept on the server too (`remote-drafts.ts`). */
  mirror: DraftMirror | undefined;
  /** The customer a Care preview shows (R9.2): watched with the open ones while its task is still listed. */
  previewing: { interactionId: string; customerId: string } | undefined;
  /** Each work area's saved form, by the work area object (they are replaced, never changed, on every edit). */
  private readonly savedForms = new WeakMap<Workspace, SavedWorkspace>();
  /** Damaged stored records (`id rev`) the agent accepted to save as repaired (`repair.ts`). */
  readonly repairsAccepted = new Set<string>();
  /** When the current slice of work on host events began (within one browser task), or undefined between tasks. */
  private slice: number | undefined;
  /** The customers last handed to `store.watch`, joined (so an unchanged set is not sent again). */
  private watchedKey: string | undefined;
  /** Bursts of host events under way (`beginBurst`); more than one when a new burst comes while the last one's work areas open. */
  private bursts = 0;
  /** Interactions whose work areas opened during a burst without being made current. */
  private readonly openedInBurst = new Set<string>();
  /** A save of the drafts waiting (`persistSoon`). */
  private persistTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(backend: Backend, hooks: SessionHooks, drafts: DraftStore, care: AgentStateMachine, agentId: string) {
    this.backend = backend;
    this.store = backend.store;
    this.hooks = hooks;
    this.drafts = drafts;
    this.care = care;
    this.current = {
      agent: { agentId, agentName: '', locale: undefined, timeZone: undefined },
      open: [],
      activeKey: null,
      recent: drafts.loadRecent(),
      agentState: 'not-ready',
      agentStateReason: null,
      offers: [],
      tasks: [],
      hostReason: undefined,
      offerTimeoutMs: care.snapshot.offerTimeoutMs,
    };
  }

  get agentId(): string {
    return this.current.agent.agentId;
  }

  workspace(key: string | null = this.current.activeKey): Workspace | undefined {
    return this.current.open.find((w) => w.key === key);
  }

  /** The interaction's work area `key` was closed: remembered as such, and the oldest closed one forgotten past `CLOSED_KEPT`. */
  interactionClosed(interactionId: string, key: string): void {
    this.interactions.set(interactionId, `closed:${key}`);
    this.closedIds.delete(interactionId);
    this.closedIds.add(interactionId);
    for (const old of this.closedIds) {
      if (this.closedIds.size <= CLOSED_KEPT) break;
      this.closedIds.delete(old);
      if (this.interactions.get(old)?.startsWith('closed:')) this.interactions.delete(old);
    }
  }

  /** Keeps `work` in `working` until it settles (for `idle()`). */
  track(work: Promise<void>): Promise<void> {
    this.working.add(work);
    void work.finally(() => this.working.delete(work));
    return work;
  }

  storeFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.hooks.error?.(new HostEventError('store-error', message));
  }

  /** The work area of an arriving interaction: current, unless the agent is typing in another one. */
  putArriving(arriving: Workspace): void {
    const id = arriving.interaction?.interactionId;
    const workspace = id && this.endedEarly.delete(id) ? patch(arriving, { interaction: { ...arriving.interaction!, ended: true } }) : arriving;
    if (id && this.bursts > 0 && !this.acceptedHere.has(id)) {
      // A burst: listed in Open now, made current (the last one) when the burst is over (`endBurst`).
      this.openedInBurst.add(id);
      this.putWorkspace(workspace, false, false);
      this.persistSoon();
      return;
    }
    const current = this.current.activeKey;
    const aside = current !== null && current !== workspace.key && this.hooks.mayActivate?.() === false;
    this.putWorkspace(workspace, !aside);
    if (aside) this.hooks.openedAside?.(workspace.key);
  }

  putWorkspace(workspace: Workspace, activate = true, save = true): void {
    const index = this.current.open.findIndex((w) => w.key === workspace.key);
    const open = index === -1 ? [...this.current.open, workspace] : this.current.open.with(index, workspace);
    this.current = { ...this.current, open, activeKey: activate || !this.current.activeKey ? workspace.key : this.current.activeKey };
    if (save) this.persist();
    this.changed();
  }

  /**
   * A burst of host events begins (a desktop replaying what it missed,
   * `host-queue.ts`): the work areas it opens are listed in Open as they
   * open, without each being made current in turn; the agent's screen does
   * not flip through hundreds of customers, and is not drawn again for each.
   */
  beginBurst(): void {
    this.bursts++;
  }

  /** Whether a burst of host events is being worked through (`beginBurst`). */
  get bursting(): boolean {
    return this.bursts > 0;
  }

  /**
   * The burst is over and its work areas are open: the one of the interaction
   * that started last is made current, as it would have been had the events
   * come one by one (or left waiting in Open while the agent types).
   */
  endBurst(): void {
    if (--this.bursts > 0) return;
    let last: string | undefined;
    for (const [id, key] of this.interactions) if (this.openedInBurst.has(id) && this.workspace(key)) last = key;
    this.openedInBurst.clear();
    if (this.disposed) return;
    if (!last || last === this.current.activeKey) {
      this.flushPersist();
      return;
    }
    if (this.hooks.mayActivate?.() === false) {
      this.hooks.openedAside?.(last);
      return;
    }
    this.current = { ...this.current, activeKey: last };
    this.persist();
    this.changed();
  }

  /** Changes the workspace under `key`, if it is open, without making it current. */
  update(key: string, change: (workspace: Workspace) => Workspace | undefined): void {
    const workspace = this.workspace(key);
    const next = workspace && change(workspace);
    if (next) this.putWorkspace(next, false);
  }

  replaceKey(oldKey: string, workspace: Workspace): void {
    const open = this.current.open.filter((w) => w.key !== workspace.key).map((w) => (w.key === oldKey ? workspace : w));
    const activeKey = this.current.activeKey === oldKey ? workspace.key : this.current.activeKey;
    this.current = { ...this.current, open, activeKey };
    this.persist();
    this.changed();
  }

  set(patch: Partial<SessionState>): void {
    this.current = { ...this.current, ...patch };
    this.changed();
  }

  /**
   * Saves the drafts within {@link PERSIST_SOON_MS}, once for every change
   * made meanwhile: for the work areas a burst opens (nothing typed in them
   * yet; the host replays them again after a reload). Any other change
   * saves at once, these with it.
   */
  persistSoon(): void {
    this.persistTimer ??= setTimeout(() => this.persist(), PERSIST_SOON_MS);
  }

  /** Saves now what `persistSoon` was to save, if anything. */
  flushPersist(): void {
    if (this.persistTimer !== undefined) this.persist();
  }

  persist(): void {
    if (this.persistTimer !== undefined) {
      clearTimeout(this.persistTimer);
      this.persistTimer = undefined;
    }
    if (this.disposed) return;
    const open = this.current.open.map((workspace) => {
      // A work area that did not change is the same object: its saved form is the one made before (drafts.ts writes only what changed).
      let saved = this.savedForms.get(workspace);
      if (!saved) {
        saved = toSaved(workspace);
        this.savedForms.set(workspace, saved);
      }
      return saved;
    });
    // A reload while a restore is still running must not lose what it has not brought back yet.
    for (const [key, entry] of this.unrestored) if (!open.some((w) => w.key === key)) open.push(entry);
    const saved = { activeKey: this.current.activeKey, open };
    const savedAt = new Date().toISOString();
    this.drafts.saveWorkspaces(saved, savedAt);
    this.mirror?.schedule(this.drafts.agentId, saved, savedAt);
  }

  /**
   * Lets the browser take input and paint during a burst of host events (1,000
   * contacts at once, a desktop replaying what it missed): resolves at once
   * while the current task has run less than 16 ms of this work, else in a new
   * task. A single call costs nothing.
   */
  async breathe(): Promise<void> {
    const now = performance.now();
    if (this.slice === undefined) {
      this.slice = now;
      setTimeout(() => (this.slice = undefined), 0);
      return;
    }
    if (now - this.slice < 16) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }

  changed(): void {
    this.watchOpen();
    for (const listener of this.listeners) listener();
  }

  /**
   * Tells a shared store which customers this agent has open (the Open list
   * and a Care preview), so its change feed brings only theirs
   * (`ContextStore.watch`); called on every change of state, sent when the set changes.
   */
  watchOpen(): void {
    if (!this.store.watch || this.disposed) return;
    const ids = new Set<string>();
    for (const workspace of this.current.open) if (workspace.customer) ids.add(workspace.customer.id);
    const previewing = this.previewing;
    if (previewing && this.current.tasks.some((task) => task.interactionId === previewing.interactionId)) ids.add(previewing.customerId);
    const sorted = [...ids].sort();
    const key = sorted.join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    this.store.watch(sorted);
  }

  /** Tells the host how many saved drafts the drafts storage had to set aside since it last asked (never silently). */
  reportSetAside(): void {
    const count = this.drafts.takeSetAside();
    if (count > 0) this.hooks.draftsSetAside?.(count);
  }
}
