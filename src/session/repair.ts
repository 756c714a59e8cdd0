import { damageOf, type Kind } from '../model/index.js';
import type { SessionCore } from './core.js';
import type { Workspace } from './types.js';
import { slotOf } from './workspace.js';

/**
 * Records another client stored against the model's rules come out of the
 * store repaired (`readRecord`: text cut to its limit, wrong or missing fields
 * emptied) with `damage`. Writing one back writes the repaired values in place
 * of what was stored: that is the agent's choice (`acceptRepair`), never a side
 * effect of saving something else. Acceptance is per revision.
 */

const keyOf = (id: string, rev: string) => `${id} ${rev}`;

/** The kinds whose stored record is damaged and not accepted as repaired yet. */
export function damagedKinds(core: SessionCore, workspace: Workspace): Kind[] {
  const kinds: Kind[] = [];
  for (const kind of ['customer', 'request', 'activity'] as const) {
    const base = slotOf(workspace, kind).base;
    if (base && damageOf(base) && !core.repairsAccepted.has(keyOf(base.id, base.rev))) kinds.push(kind);
  }
  return kinds;
}

/** The agent accepts the repaired values of every damaged record of the work area: Save may write them. */
export function acceptRepair(core: SessionCore, key: string): void {
  const workspace = core.workspace(key);
  if (!workspace) return;
  for (const kind of damagedKinds(core, workspace)) {
    const base = slotOf(workspace, kind).base!;
    core.repairsAccepted.add(keyOf(base.id, base.rev));
  }
  core.changed();
}
