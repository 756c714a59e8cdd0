import { sameData, type ActivityData, type AnyRecord, type DataOf, type Kind, type RequestData } from '../model/index.js';
import type { StoreChange } from '../store/context-store.js';
import type { OutboxReport } from '../store/outbox.js';
import type { SessionCore } from './core.js';
import { reopen } from './interactions.js';
import { journeyWith } from './journey.js';
import { changedFields, dataOf, merge3 } from './merge.js';
import type { DeliveryConflict, Workspace } from './types.js';
import { hasInput, patch, slotOf, withCaution, withChoices, withRecord, withSlot } from './workspace.js';

/**
 * Another agent's writes (R4): the caution on a record with unsaved input,
 * Load's three-way merge and the fields left to choose, a write kept offline
 * that met a newer version on delivery, and every write reaching the journey
 * as it happens (R8.1).
 */

/** Load (R4.2); see `AgentSession.load`. */
export function load(core: SessionCore, key: string, kind: Kind): void {
  const workspace = core.workspace(key);
  const caution = workspace?.cautions.find((c) => c.kind === kind);
  if (!workspace || !caution) return;
  const { base, draft } = slotOf(workspace, kind);
  const theirs = dataOf(kind, caution.theirs);
  const { merged, conflicts } = !draft
    ? { merged: theirs, conflicts: [] }
    : caution.base === null
      ? { merged: draft, conflicts: changedFields(kind, draft, theirs).map((field) => ({ field, mine: draft[field], theirs: theirs[field] })) }
      : base
        ? merge3(kind, dataOf(kind, base), draft, theirs)
        : { merged: theirs, conflicts: [] };
  core.putWorkspace(
    patch(withSlot(workspace, kind, { base: caution.theirs, draft: merged }), {
      cautions: workspace.cautions.filter((c) => c !== caution),
      choices: withChoices(workspace.choices, kind, conflicts, theirs),
    }),
    false,
  );
  // The outbox kept the refused write until now: it is in the agent's hands (and in the draft) from here.
  const report = base ? core.deliveryReports.get(`${kind}:${base.id}`) : undefined;
  if (report !== undefined && base) {
    core.deliveryReports.delete(`${kind}:${base.id}`);
    void core.backend.dismissReport(report).catch(() => undefined);
  }
}

/** Picks one side of a field both agents changed. */
export function choose(core: SessionCore, key: string, kind: Kind, field: string, side: 'mine' | 'theirs'): void {
  const workspace = core.workspace(key);
  const choice = workspace?.choices.find((c) => c.kind === kind);
  const conflict = choice?.conflicts.find((c) => c.field === field);
  const draft = workspace && slotOf(workspace, kind).draft;
  if (!workspace || !choice || !conflict || !draft) return;
  const rest = choice.conflicts.filter((c) => c !== conflict);
  core.putWorkspace(
    patch(withSlot(workspace, kind, { draft: { ...draft, [field]: structuredClone(side === 'mine' ? conflict.mine : conflict.theirs) } }), {
      choices: workspace.choices.flatMap((c) => (c !== choice ? [c] : rest.length ? [{ kind, conflicts: rest }] : [])),
    }),
    false,
  );
}

/**
 * Writes the backend refused on delivery (kept across reloads until dealt
 * with): a conflict becomes R4's caution on the record, with both versions and
 * the version the agent's write was made on (Load merges three ways), kept
 * until the agent Loads it; a refusal of the content (the server's rules, 400,
 * 413) puts the input back as unsaved input on the record and tells the agent
 * why (`hooks.deliveryRefused`). A later report of the same record supersedes
 * an earlier one (dismissed). Listened to from the first restore on; the
 * kept reports are read again after every restore, so those of the agent the
 * host names after a reload or a switch come back once the backend gives them
 * (it gives the current agent's only: issue #21).
 */
export async function watchReports(core: SessionCore): Promise<void> {
  if (core.disposed) return;
  // A report that cannot be shown now (the backend unreachable again) stays kept: the next restore reads it again.
  core.reportsOff ??= core.backend.onReport((report) => void showReport(core, report).catch(() => undefined));
  const kept = await core.backend.reports();
  if (core.disposed) return;
  // Reports kept by an earlier version may hold several of one record: the newest supersedes the others.
  const newest = new Map(kept.map((report) => [`${report.kind}:${report.id}`, report.key]));
  for (const report of kept) {
    if (newest.get(`${report.kind}:${report.id}`) !== report.key) dismissReport(core, report.key);
    else await showReport(core, report);
  }
}

function dismissReport(core: SessionCore, key: number): void {
  void core.backend.dismissReport(key).catch(() => undefined);
}

/** One delivery report on its record: the refused input back, or the conflict as R4's caution. */
async function showReport(core: SessionCore, report: OutboxReport): Promise<void> {
  if (core.disposed) return;
  const slot = `${report.kind}:${report.id}`;
  if (report.reason === 'refused') {
    await deliveryRefused(core, report);
    return;
  }
  if (report.reason !== 'conflict' || !report.theirs) return;
  const conflict = { kind: report.kind, id: report.id, mine: report.mine, theirs: report.theirs, base: report.base ?? null, baseRev: report.baseRev };
  // Not shown while the customer's work area holds another record of that kind: the report stays kept.
  if (!(await deliveryConflict(core, conflict))) return;
  const earlier = core.deliveryReports.get(slot);
  if (earlier !== undefined && earlier !== report.key) dismissReport(core, earlier);
  core.deliveryReports.set(slot, report.key);
  core.hooks.deliveryConflict?.();
}

/** The work area of a delivery report's record: the open one, or its customer reopened (aside when the agent is typing elsewhere). */
async function reportWorkspace(core: SessionCore, kind: Kind, id: string, mine: DataOf[Kind]): Promise<Workspace | undefined> {
  const customerId = kind === 'customer' ? id : (mine as RequestData | ActivityData).customerId;
  let open = core.current.open.find((w) => slotOf(w, kind).base?.id === id);
  if (!open) {
    // The customer's work area is open on another record of that kind (a newer call's activity):
    // it is not replaced; the outbox keeps the report until it can be shown.
    if (core.current.open.some((w) => w.customer?.id === customerId)) return undefined;
    const activeBefore = core.current.activeKey;
    const aside = activeBefore !== null && core.hooks.mayActivate?.() === false;
    open = await reopen(core, customerId);
    if (open && aside) {
      core.set({ activeKey: activeBefore });
      core.hooks.openedAside?.(open.key);
    }
  }
  return open && core.workspace(open.key);
}

/**
 * A write refused on delivery for its content (R11.3, issue #21): the agent's
 * input comes back as unsaved input on the record, based on the backend's
 * current version, to correct and save again or discard; input typed since
 * the save stays. When the record changed meanwhile (its data is not the
 * base the write was made on), it comes as R4's caution instead, so Load
 * merges and nothing of theirs is overwritten. The report is dismissed once
 * the input is in the (saved) drafts; the agent is told the server's reason.
 */
async function deliveryRefused(core: SessionCore, report: OutboxReport): Promise<void> {
  const { kind, id } = report;
  const found = await reportWorkspace(core, kind, id, report.mine);
  if (!found) return;
  let current: AnyRecord | undefined;
  try {
    current = await core.store.get(kind, id);
  } catch {
    current = undefined; // unreachable again: the input still comes back, on the base it had
  }
  const workspace = core.workspace(found.key);
  if (!workspace || core.disposed) return;
  const slot = slotOf(workspace, kind);
  // Typed on after the save (the draft is no longer the saved provisional record's data): that input is newer.
  const typedSince = slot.draft !== null && slot.base !== null && slot.base.rev === report.provisional.rev && !sameData(slot.draft, dataOf(kind, slot.base));
  const draft = typedSince ? slot.draft! : structuredClone(report.mine);
  let next: Workspace;
  if (current && report.base && !sameData(dataOf(kind, current), report.base)) {
    const base = { ...current, ...structuredClone(report.base), rev: report.baseRev ?? current.rev } as AnyRecord;
    next = withCaution(withSlot(workspace, kind, { base, draft }), { kind, theirs: current });
  } else {
    next = withSlot(workspace, kind, { base: current ?? slot.base, draft });
  }
  core.putWorkspace(next, false);
  void core.backend.dismissReport(report.key).catch(() => undefined);
  core.hooks.deliveryRefused?.({ key: workspace.key, kind, id, reason: report.detail ?? report.message, ...(report.error ? { error: report.error } : {}) });
}

/**
 * R4 across machines; see `AgentSession.deliveryConflict`. With the data the
 * agent's write was made on (`base`), the record's base becomes that version
 * and Load merges three ways, as online: only fields both changed are
 * choices. Without it, every field where the versions differ is.
 */
export async function deliveryConflict(core: SessionCore, conflict: DeliveryConflict): Promise<boolean> {
  const { kind, id, mine, theirs, base } = conflict;
  const workspace = await reportWorkspace(core, kind, id, mine);
  if (!workspace) return false;
  // Shown already (the caution was kept across a reload): what the agent typed since stays.
  if (workspace.cautions.some((c) => c.kind === kind && c.theirs.rev === theirs.rev)) return true;
  if (base) {
    // The version the write was made on, under the record's identity (its rev is not theirs: the caution stays until Load).
    const made = { ...theirs, ...structuredClone(base), rev: conflict.baseRev ?? `${theirs.rev}:base` } as AnyRecord;
    const withMine = withSlot(workspace, kind, { base: made, draft: structuredClone(mine) });
    core.putWorkspace(withCaution(withMine, { kind, theirs }), false);
    return true;
  }
  const withMine = withSlot(workspace, kind, { base: theirs, draft: structuredClone(mine) });
  core.putWorkspace(withCaution(withMine, { kind, theirs, base: null }), false);
  return true;
}

/**
 * Every write reaches the journey here, this agent's own (`local`: Save, Create,
 * the outbox taking a write offline) and other agents' (`remote`), before the
 * write resolves: the journey shows it in the same frame as "Saved" (R8.1).
 * Only another agent's write can change the records being edited (R4.1).
 */
export function onStoreChange(core: SessionCore, change: StoreChange): void {
  const record = change.record;
  for (const workspace of core.current.open) {
    const slot = slotOf(workspace, change.kind);
    if (change.source === 'remote' && slot.base && slot.base.id === change.id && change.conflicts) {
      // A cluster kept this agent's version and another: the caution, input or not; Load lists every field where they differ.
      if (change.conflicts.includes(slot.base.rev)) core.update(workspace.key, (w) => withCaution(w, { kind: change.kind, theirs: record, base: null }));
    } else if (change.source === 'remote' && slot.base && slot.base.id === change.id && slot.base.rev !== change.rev) {
      // A change that holds exactly the agent's input (their own save whose answer is still on its way,
      // or another agent who wrote the same) leaves nothing to choose: it becomes the base, no caution.
      if (hasInput(change.kind, slot) && !sameData(dataOf(change.kind, record), slot.draft)) {
        core.update(workspace.key, (w) => withCaution(w, { kind: change.kind, theirs: record }));
      } else core.update(workspace.key, (w) => patch(withRecord(w, change.kind, record), { cautions: w.cautions.filter((c) => c.kind !== change.kind) }));
    }
    if (record.type !== 'customer' && record.customerId === workspace.customer?.id) {
      core.update(workspace.key, (now) => {
        const journey = journeyWith(now, record);
        return journey !== now.journey ? patch(now, { journey }) : undefined;
      });
    }
  }
}
