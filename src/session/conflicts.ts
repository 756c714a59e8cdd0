import { sameData, type ActivityData, type Kind, type RequestData } from '../model/index.js';
import type { StoreChange } from '../store/context-store.js';
import type { OutboxReport } from '../store/outbox.js';
import type { SessionCore } from './core.js';
import { reopen } from './interactions.js';
import { journeyWith } from './journey.js';
import { changedFields, dataOf, merge3 } from './merge.js';
import type { DeliveryConflict } from './types.js';
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
 * Writes the backend refused on delivery (kept across reloads until the
 * agent Loads them): a conflict becomes R4's caution on the record, with
 * both versions. Started once, after the first restore.
 */
export async function watchReports(core: SessionCore): Promise<void> {
  if (core.reportsOff || core.disposed) return;
  const show = async (report: OutboxReport) => {
    if (report.reason !== 'conflict' || !report.theirs) return;
    // Not shown while the customer's work area holds another record of that kind: the report stays kept.
    if (!(await deliveryConflict(core, { kind: report.kind, id: report.id, mine: report.mine, theirs: report.theirs }))) return;
    core.deliveryReports.set(`${report.kind}:${report.id}`, report.key);
    core.hooks.deliveryConflict?.();
  };
  core.reportsOff = core.backend.onReport((report) => void show(report));
  for (const report of await core.backend.reports()) await show(report);
}

/** R4 across machines; see `AgentSession.deliveryConflict`. */
export async function deliveryConflict(core: SessionCore, conflict: DeliveryConflict): Promise<boolean> {
  const { kind, id, mine, theirs } = conflict;
  const customerId = kind === 'customer' ? id : (mine as RequestData | ActivityData).customerId;
  let open = core.current.open.find((w) => slotOf(w, kind).base?.id === id);
  if (!open) {
    // The customer's work area is open on another record of that kind (a newer call's activity):
    // it is not replaced; the outbox keeps the report (mine and theirs) until it can be shown.
    if (core.current.open.some((w) => w.customer?.id === customerId)) return false;
    const activeBefore = core.current.activeKey;
    const aside = activeBefore !== null && core.hooks.mayActivate?.() === false;
    open = await reopen(core, customerId);
    if (open && aside) {
      core.set({ activeKey: activeBefore });
      core.hooks.openedAside?.(open.key);
    }
  }
  const workspace = open && core.workspace(open.key);
  if (!workspace) return false;
  // Shown already (the caution was kept across a reload): what the agent typed since stays.
  if (workspace.cautions.some((c) => c.kind === kind && c.base === null && c.theirs.rev === theirs.rev)) return true;
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
