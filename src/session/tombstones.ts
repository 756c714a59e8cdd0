import { mergedInto, type Customer, type CustomerData } from '../model/index.js';
import type { SessionCore } from './core.js';
import { loadWorkspace } from './interactions.js';
import { readJourney } from './journey.js';
import {
  finishMerges,
  mergeCustomers,
  planMerge,
  suggestSurvivor,
  survivorOf,
  undoMerge,
  type MergeChoices,
  type MergeOutcome,
  type MergePlan,
  type MergeProgress,
  type MergeRecord,
  type UndoOutcome,
} from './merge-customers.js';
import type { Caution, Workspace } from './types.js';
import { hasInput, patch, slotOf, withRecord, withSlot } from './workspace.js';

/**
 * Merges in the session (issue #19 item 2): the merge and its Undo on the
 * agent's work areas, following tombstones, and resuming merges left half done.
 *
 * - Follow: a work area whose customer reads as merged (`mergedInto`: reopened
 *   from Recent or the search, brought back after a reload, changed by
 *   another agent's merge) switches to the survivor, keeping the interaction,
 *   the request and the activity, and their unsaved input. Unsaved input on
 *   the merged customer's own form becomes a caution on the survivor: Load
 *   lists each field where the two differ, to choose (R4.2, never lost).
 *   Recent entries of the merged customer name the survivor from then on.
 * - Resume: a work area on a survivor whose `mergedFrom` lists a customer not
 *   yet a tombstone (or still holding records) finishes that merge
 *   (`finishMerges`), once per session.
 */

/** A merge or an Undo running: the survivor and how far it got. */
export interface MergeRun {
  survivorId: string;
  duplicateId: string;
  undo: boolean;
  progress: MergeProgress;
}

/** A merge done in this session (its Undo is offered until the session ends). */
export interface MergeDone {
  survivorId: string;
  duplicateId: string;
  /** The duplicate's name when it was merged (to say what Undo brings back). */
  duplicateName: string;
}

interface TombstoneState {
  /** `survivor duplicate` pairs looked at for resuming in this session. */
  checked: Set<string>;
  /** Work areas being switched to their survivor. */
  following: Set<string>;
  /** `key rev` of tombstones already followed (or found with no survivor): not tried again. */
  tried: Set<string>;
  /** Merges (and Undos) running, by survivor id. */
  running: Map<string, MergeRun>;
  /** Merges done in this session, by survivor id (the latest for each). */
  done: Map<string, { record: MergeRecord; summary: MergeDone }>;
}

const states = new WeakMap<SessionCore, TombstoneState>();

function stateOf(core: SessionCore): TombstoneState {
  let state = states.get(core);
  if (!state) {
    state = { checked: new Set(), following: new Set(), tried: new Set(), running: new Map(), done: new Map() };
    states.set(core, state);
  }
  return state;
}

/** The merged customer a work area shows, if any: its record, or the version a caution brought. */
function tombstoneIn(workspace: Workspace): Customer | undefined {
  if (workspace.customer && mergedInto(workspace.customer) !== null) return workspace.customer;
  const caution = workspace.cautions.find((c): c is Caution & { theirs: Customer } => c.kind === 'customer' && c.theirs.type === 'customer');
  return caution && mergedInto(caution.theirs) !== null ? caution.theirs : undefined;
}

/**
 * Follows tombstones and resumes half-done merges for every work area, now and
 * on every change of the session. Returns the listener to remove.
 */
export function watchTombstones(core: SessionCore): () => void {
  const state = stateOf(core);
  const listener = () => {
    if (core.disposed) return;
    for (const workspace of core.current.open) {
      const tombstone = tombstoneIn(workspace);
      if (tombstone && !state.following.has(workspace.key) && !state.tried.has(`${workspace.key} ${tombstone.rev}`)) {
        state.following.add(workspace.key);
        state.tried.add(`${workspace.key} ${tombstone.rev}`);
        void core.track(follow(core, workspace.key, tombstone).catch((error: unknown) => core.storeFailed(error))).finally(() => state.following.delete(workspace.key));
        continue;
      }
      const survivor = workspace.customer;
      if (!survivor?.mergedFrom?.length || state.running.has(survivor.id)) continue;
      const pending = survivor.mergedFrom.filter((id) => !state.checked.has(`${survivor.id} ${id}`));
      if (!pending.length) continue;
      for (const id of pending) state.checked.add(`${survivor.id} ${id}`);
      void core.track(resume(core, survivor).catch((error: unknown) => core.storeFailed(error)));
    }
  };
  core.listeners.add(listener);
  listener();
  return () => core.listeners.delete(listener);
}

/** How often (in records moved) the progress of a merge is shown: the elements draw it without a frame per record. */
const PROGRESS_STEP = 25;

function shown(core: SessionCore, progress: MergeProgress): void {
  if (progress.done % PROGRESS_STEP === 0 || progress.done === progress.total) core.set({});
}

/** Finishes the merges into `survivor` left half done, then reads its journey again. */
async function resume(core: SessionCore, survivor: Customer): Promise<void> {
  const state = stateOf(core);
  const run: MergeRun = { survivorId: survivor.id, duplicateId: '', undo: false, progress: { done: 0, total: 0 } };
  state.running.set(survivor.id, run);
  try {
    const finished = await finishMerges(core, survivor, (progress) => {
      run.progress = progress;
      shown(core, progress);
    });
    if (finished.length) await refresh(core, survivor.id);
  } finally {
    state.running.delete(survivor.id);
    core.set({});
  }
}

/** The work area of `customerId` with its record and journey read again (after a merge or an Undo); unsaved customer input stays. */
async function refresh(core: SessionCore, customerId: string): Promise<void> {
  if (!core.workspace(customerId)) return;
  const [customer, journey] = await Promise.all([core.store.get('customer', customerId), readJourney(core.store, customerId)]);
  core.update(customerId, (w) => {
    let next = patch(w, journey);
    if (customer && !hasInput('customer', slotOf(w, 'customer'))) next = withRecord(next, 'customer', customer);
    else if (customer) next = withSlot(next, 'customer', { base: customer });
    return next;
  });
}

/** Switches the work area `key` (showing `tombstone`) to the survivor; see the module's comment. */
async function follow(core: SessionCore, key: string, tombstone: Customer): Promise<void> {
  const survivor = await survivorOf(core.store, tombstone);
  if (survivor.id === tombstone.id || mergedInto(survivor) !== null) return;
  const from = core.workspace(key);
  if (!from || tombstoneIn(from)?.id !== tombstone.id) return;
  const existing = core.workspace(survivor.id);
  let target = existing ?? (await loadWorkspace(core, survivor));
  const now = core.workspace(key);
  if (!now) return;
  // The interaction, the request and the activity come along, with their input (their records moved to the survivor too).
  if (now.interaction) {
    if (target.interaction && target.interaction.interactionId !== now.interaction.interactionId) return;
    target = patch(target, { interaction: now.interaction, createdRequestId: now.createdRequestId ?? target.createdRequestId });
  }
  for (const kind of ['request', 'activity'] as const) {
    const slot = slotOf(now, kind);
    if (!slot.base) continue;
    if (hasInput(kind, slotOf(target, kind))) {
      if (hasInput(kind, slot)) return; // both hold input on this kind: the merged customer's work area stays, nothing lost
      continue;
    }
    const record = (await core.store.get(kind, slot.base.id)) ?? slot.base;
    const draft = slot.draft && hasInput(kind, slot) ? { ...slot.draft, customerId: survivor.id } : null;
    target = draft ? withSlot(target, kind, { base: record, draft }) : withRecord(target, kind, record);
  }
  const carried = now.cautions.filter((c) => c.kind !== 'customer');
  const choices = now.choices.filter((c) => c.kind !== 'customer');
  target = patch(target, { cautions: [...target.cautions.filter((c) => !carried.some((o) => o.kind === c.kind)), ...carried], choices: [...target.choices, ...choices.filter((c) => !target.choices.some((o) => o.kind === c.kind))] });
  const customerSlot = slotOf(now, 'customer');
  if (customerSlot.base && customerSlot.draft && hasInput('customer', customerSlot) && mergedInto(customerSlot.base) === null) {
    if (hasInput('customer', slotOf(target, 'customer'))) return;
    // The agent's unsaved input on the merged customer: a caution on the survivor, every differing field to choose after Load.
    const draft: CustomerData = { ...customerSlot.draft };
    delete draft.mergedInto;
    target = patch(withSlot(target, 'customer', { base: survivor, draft }), {
      cautions: [...target.cautions.filter((c) => c.kind !== 'customer'), { kind: 'customer', theirs: survivor, base: null }],
    });
  }
  if (!core.workspace(key)) return;
  core.replaceKey(key, target);
  for (const [interactionId, where] of core.interactions) if (where === key) core.interactions.set(interactionId, survivor.id);
  followRecent(core, tombstone.id, survivor);
}

/** Recent entries of a merged customer name the survivor (one entry each). */
function followRecent(core: SessionCore, fromId: string, survivor: Customer): void {
  if (!core.current.recent.some((r) => r.customerId === fromId)) return;
  const recent = core.current.recent
    .map((r) => (r.customerId === fromId ? { ...r, customerId: survivor.id, name: survivor.name } : r))
    .filter((r, i, all) => all.findIndex((o) => o.customerId === r.customerId) === i);
  core.set({ recent });
  core.drafts.saveRecent(recent);
}

// ---- the session's merge methods ------------------------------------------------------

/** Why a merge cannot start from the work areas as they are. */
export type MergeBlock = 'unsaved' | 'running' | null;

/**
 * Reads both customers and plans their merge (`planMerge`), with the survivor
 * suggested (more activities, else older) unless `survivorId` says which.
 */
export async function planFor(core: SessionCore, a: string, b: string, survivorId?: string): Promise<(MergePlan & { reason: 'more-activities' | 'older' | 'chosen' }) | undefined> {
  const [first, second] = await Promise.all([core.store.get('customer', a), core.store.get('customer', b)]);
  if (!first || !second || first.id === second.id || mergedInto(first) !== null || mergedInto(second) !== null) return undefined;
  if (survivorId === first.id || survivorId === second.id) {
    const [s, d] = survivorId === first.id ? [first, second] : [second, first];
    return { ...planMerge(s, d), reason: 'chosen' };
  }
  const [countA, countB] = await Promise.all([core.store.countActivities(first.id), core.store.countActivities(second.id)]);
  const suggested = suggestSurvivor({ customer: first, activities: countA }, { customer: second, activities: countB });
  return { ...planMerge(suggested.survivor, suggested.duplicate), reason: suggested.reason };
}

/** Whether the agent must deal with something first: unsaved input or a caution on either customer's work area, or a merge running. */
export function mergeBlock(core: SessionCore, survivorId: string, duplicateId: string): MergeBlock {
  const state = stateOf(core);
  for (const run of state.running.values()) if ([run.survivorId, run.duplicateId].some((id) => id === survivorId || id === duplicateId)) return 'running';
  for (const id of [survivorId, duplicateId]) {
    const workspace = core.workspace(id);
    if (workspace && (hasInput('customer', slotOf(workspace, 'customer')) || workspace.cautions.some((c) => c.kind === 'customer') || workspace.choices.some((c) => c.kind === 'customer'))) return 'unsaved';
  }
  return null;
}

/** What `AgentSession.mergeCustomers` resolves: the merge's outcome, or why it did not start (`unsaved`, `running`). */
export type SessionMergeOutcome = MergeOutcome | { ok: false; reason: 'unsaved' | 'running'; error?: undefined; current?: undefined };
/** What `AgentSession.undoMerge` resolves. */
export type SessionUndoOutcome = UndoOutcome | { ok: false; reason: 'unsaved' | 'running' | 'invalid'; error?: undefined; current?: undefined };

/** See `AgentSession.mergeCustomers`. */
export async function merge(core: SessionCore, plan: MergePlan, choices: MergeChoices, onProgress?: (progress: MergeProgress) => void): Promise<SessionMergeOutcome> {
  const { survivor, duplicate } = plan;
  const block = mergeBlock(core, survivor.id, duplicate.id);
  if (block) return { ok: false, reason: block };
  const state = stateOf(core);
  const run: MergeRun = { survivorId: survivor.id, duplicateId: duplicate.id, undo: false, progress: { done: 0, total: 0 } };
  state.running.set(survivor.id, run);
  core.set({});
  try {
    const outcome = await mergeCustomers(core, plan, choices, (progress) => {
      run.progress = progress;
      shown(core, progress);
      onProgress?.(progress);
    });
    if (outcome.ok) {
      state.checked.add(`${survivor.id} ${duplicate.id}`);
      state.done.set(survivor.id, { record: outcome.record, summary: { survivorId: survivor.id, duplicateId: duplicate.id, duplicateName: duplicate.name } });
      await refresh(core, survivor.id);
      // The duplicate's work area, if open here, follows (this agent's own writes are not "remote" changes).
      const open = core.workspace(duplicate.id);
      if (open) {
        const tombstone = await core.store.get('customer', duplicate.id);
        if (tombstone) core.update(duplicate.id, (w) => (hasInput('customer', slotOf(w, 'customer')) ? undefined : withRecord(w, 'customer', tombstone)));
      }
    }
    return outcome;
  } finally {
    state.running.delete(survivor.id);
    core.set({});
  }
}

/** See `AgentSession.undoMerge`. */
export async function undo(core: SessionCore, survivorId: string, onProgress?: (progress: MergeProgress) => void): Promise<SessionUndoOutcome> {
  const state = stateOf(core);
  const done = state.done.get(survivorId);
  if (!done) return { ok: false, reason: 'invalid' };
  const block = mergeBlock(core, survivorId, done.record.duplicateId);
  if (block) return { ok: false, reason: block };
  const run: MergeRun = { survivorId, duplicateId: done.record.duplicateId, undo: true, progress: { done: 0, total: 0 } };
  state.running.set(survivorId, run);
  core.set({});
  try {
    const outcome = await undoMerge(core, done.record, (progress) => {
      run.progress = progress;
      shown(core, progress);
      onProgress?.(progress);
    });
    if (outcome.ok) {
      state.done.delete(survivorId);
      state.checked.delete(`${survivorId} ${done.record.duplicateId}`);
      await refresh(core, survivorId);
    }
    return outcome;
  } finally {
    state.running.delete(survivorId);
    core.set({});
  }
}

/** The merge done in this session into `customerId` (Undo offered), if any. */
export function mergeDone(core: SessionCore, customerId: string): MergeDone | undefined {
  return stateOf(core).done.get(customerId)?.summary;
}

/** The merge or Undo running on `customerId` (as survivor or duplicate), with its progress, if any. */
export function mergeRunning(core: SessionCore, customerId: string): MergeRun | undefined {
  for (const run of stateOf(core).running.values()) if (run.survivorId === customerId || run.duplicateId === customerId) return { ...run, progress: { ...run.progress } };
  return undefined;
}
