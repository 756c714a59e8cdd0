import { KINDS, type AnyRecord } from '../model/index.js';
import { RECENT_MAX } from './close.js';
import { watchReports } from './conflicts.js';
import type { SessionCore } from './core.js';
import { readJourney } from './journey.js';
import { pullRemoteDrafts } from './remote-drafts.js';
import type { Workspace } from './types.js';
import { fromSaved, hasInput, patch, slotOf, withRecord, withSavedInput, type SavedWorkspace } from './workspace.js';

/**
 * After a reload, and when the host names another agent: the Open list and
 * its unsaved input come back from the drafts, checked against the store (a
 * record changed meanwhile is refreshed, or raises a caution over unsaved
 * input), and the delivery reports of the outbox are watched.
 */

/** See `AgentSession.restore`. */
export function restore(core: SessionCore): Promise<void> {
  const run = core.restoring.catch(() => undefined).then(() => restoreSaved(core));
  core.restoring = run;
  // The outbox's kept reports are shown once the drafts are back; a failure there is not a failed restore.
  return run.then(() => {
    void core.track(watchReports(core).catch(() => undefined));
  });
}

async function restoreSaved(core: SessionCore): Promise<void> {
  if (core.disposed) return;
  // Before anything waits: until each is brought back, `persist` keeps the local drafts as saved
  // (work done meanwhile, a call or a typed key, must not write them away).
  for (const entry of core.drafts.loadWorkspaces().open) if (!core.workspace(entry.key) && !core.unrestored.has(entry.key)) core.unrestored.set(entry.key, entry);
  // The agent's drafts on the shared backend, when newer than these (another node or machine).
  await pullRemoteDrafts(core);
  if (core.disposed) return;
  const saved = core.drafts.loadWorkspaces();
  // Drafts that could not be read were set aside (when this session started, or just now): the agent is told.
  core.reportSetAside();
  // Until each is brought back, `persist` keeps it as saved (also if this throws part-way).
  for (const entry of saved.open) if (!core.workspace(entry.key) && !core.unrestored.has(entry.key)) core.unrestored.set(entry.key, entry);
  const entries = [...core.unrestored.values()];
  for (const entry of entries) {
    const revived = await revive(core, entry);
    // Dropped from `unrestored` meanwhile: closed by the agent, or the previous agent's after a switch.
    if (core.disposed || !core.unrestored.delete(entry.key)) continue;
    const now = core.workspace(entry.key);
    if (now) {
      // The customer was opened meanwhile (restore called after the host re-sent its call):
      // what the agent had typed before the reload goes on top.
      core.current = { ...core.current, open: core.current.open.map((w) => (w.key === entry.key ? withSavedInput(now, revived) : w)) };
      continue;
    }
    if (revived.interaction) {
      core.interactions.set(revived.interaction.interactionId, revived.key);
      core.care.start(revived.interaction);
      if (revived.interaction.ended) core.care.end(revived.interaction.interactionId);
    }
    core.current = { ...core.current, open: [...core.current.open, revived] };
  }
  if (core.disposed) return;
  // The agent may be working already (a call came in meanwhile): only an empty selection is restored.
  if (!core.current.activeKey) {
    const activeKey = saved.activeKey && core.workspace(saved.activeKey) ? saved.activeKey : (core.current.open[0]?.key ?? null);
    core.current = { ...core.current, activeKey };
  }
  core.persist();
  core.changed();
}

/**
 * Drafts and Recent are kept per agent. When the host names another agent
 * than the one whose drafts are in use (a Finesse desktop sets no `agent-id`;
 * its `host.context` names the agent), that agent's saved work comes back and
 * is merged with what is open; what is open now is kept under their id too.
 * The previous agent's saved work stays under theirs.
 */
export async function switchAgent(core: SessionCore, agentId: string, first: boolean): Promise<void> {
  const previous = core.drafts;
  core.drafts = previous.forAgent(agentId);
  if (first) {
    // The work begun before the host named the agent (under `agent-id`, often the placeholder
    // `agent`) is this agent's: it moves to their id, merged with what they had saved.
    const recent = [...core.current.recent, ...core.drafts.loadRecent()]
      .sort((a, b) => b.closedAt.localeCompare(a.closedAt))
      .filter((entry, i, all) => all.findIndex((other) => other.customerId === entry.customerId) === i)
      .slice(0, RECENT_MAX);
    core.set({ recent });
    core.drafts.saveRecent(recent);
    await restore(core);
    if (core.disposed) return;
    previous.clear();
    return;
  }
  // Another agent signed in on this page: the previous one's work stays saved under their id
  // (it is there when they come back) and leaves the screen; the new agent's comes back.
  for (const workspace of core.current.open) {
    if (!workspace.interaction) continue;
    core.interactions.delete(workspace.interaction.interactionId);
    core.acceptedHere.delete(workspace.interaction.interactionId);
    core.care.complete(workspace.interaction.interactionId);
  }
  core.unrestored.clear();
  core.current = { ...core.current, open: [], activeKey: null, recent: core.drafts.loadRecent() };
  core.changed();
  await restore(core);
}

/** A saved work area brought back, each record checked against the store, with the first page of the journey. */
async function revive(core: SessionCore, entry: SavedWorkspace): Promise<Workspace> {
  let workspace = fromSaved(entry);
  for (const kind of KINDS) {
    const slot = slotOf(entry, kind);
    if (!slot.base) continue;
    let now: AnyRecord | undefined;
    try {
      now = await core.store.get(kind, slot.base.id);
    } catch {
      continue; // the backend is unreachable: keep what was saved; a newer version shows as a caution at save time
    }
    if (!now || now.rev === slot.base.rev) continue;
    const kept = workspace.cautions.find((c) => c.kind === kind);
    if (kept?.theirs.rev === now.rev) continue;
    // A choice left open before the reload is still open (R4.2).
    const open = kept !== undefined || workspace.choices.some((c) => c.kind === kind);
    workspace =
      hasInput(kind, slot) || open
        ? patch(workspace, { cautions: [...workspace.cautions.filter((c) => c !== kept), { kind, theirs: now, ...(kept?.base === null ? { base: null } : {}) }] })
        : withRecord(workspace, kind, now);
  }
  if (workspace.customer) {
    try {
      workspace = patch(workspace, await readJourney(core.store, workspace.customer.id));
    } catch {
      // the backend is unreachable: the drafts come back now, the journey when the customer is reopened
    }
  }
  return workspace;
}
