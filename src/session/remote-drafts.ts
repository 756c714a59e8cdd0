import type { RemoteDraft, RemoteDrafts } from '../store/backend.js';
import type { SessionCore } from './core.js';
import { writtenWorkspaces, type SavedWorkspaces } from './saved-drafts.js';
import { KINDS } from '../model/index.js';
import { hasInput, slotOf, type SavedWorkspace } from './workspace.js';

/**
 * Unsaved drafts that follow the agent (issue 17 item 4): with a shared
 * backend, the work areas holding unsaved input (with their cautions and
 * choices) are also kept on the server, in one document per agent, written a
 * moment after the last change (`REMOTE_DRAFTS_DELAY_MS`) and at once when the
 * page is hidden, removed when nothing is unsaved any more. On restore, when
 * the local drafts are empty or older than the server's, the server's come
 * back (read with the same reader; what cannot be read is set aside and
 * reported). A failover to another Finesse node (another origin, with its own
 * localStorage) or another machine then loses nothing.
 */

export const REMOTE_DRAFTS_DELAY_MS = 1000;

/** The agent id a page uses before the host names the agent: never kept on the server (it is everyone's). */
export const PLACEHOLDER_AGENT = 'agent';

/** Whether a saved work area holds something not saved: input, a caution or a choice left open. */
export function unsaved(entry: SavedWorkspace): boolean {
  return KINDS.some((kind) => hasInput(kind, slotOf(entry, kind))) || entry.cautions.length > 0 || entry.choices.length > 0;
}

interface Pending {
  agentId: string;
  /** `null`: remove the document. */
  draft: RemoteDraft | null;
}

/** Debounced writes of one session's drafts to `RemoteDrafts`. */
export class DraftMirror {
  private readonly remote: RemoteDrafts;
  private readonly delayMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: Pending | undefined;
  /** What the server holds for each agent as far as this page knows (JSON, or `null` for none). */
  private readonly last = new Map<string, string | null>();
  private chain: Promise<void> = Promise.resolve();

  constructor(remote: RemoteDrafts, delayMs = REMOTE_DRAFTS_DELAY_MS) {
    this.remote = remote;
    this.delayMs = delayMs;
  }

  /** The drafts as saved locally at `savedAt`: what of them is unsaved goes to the server after the delay. */
  schedule(agentId: string, saved: SavedWorkspaces, savedAt: string): void {
    if (agentId === PLACEHOLDER_AGENT) return;
    if (this.pending && this.pending.agentId !== agentId) void this.flush();
    const open = saved.open.filter(unsaved);
    const activeKey = open.some((w) => w.key === saved.activeKey) ? saved.activeKey : null;
    this.pending = { agentId, draft: open.length ? { updatedAt: savedAt, value: writtenWorkspaces({ activeKey, open }) } : null };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** What the server holds now, as read on restore (so an unchanged value is not written again). */
  known(agentId: string, draft: RemoteDraft | undefined): void {
    this.last.set(agentId, draft ? JSON.stringify(draft.value) : null);
  }

  /** Writes what waits now (`keepalive`: the page is going away). Never rejects: a failed write is tried again at the next change. */
  flush(keepalive = false): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (!pending) return this.chain;
    const { agentId, draft } = pending;
    const json = draft ? JSON.stringify(draft.value) : null;
    if (this.last.get(agentId) === json) return this.chain;
    const options = keepalive && (json?.length ?? 0) < 60_000 ? { keepalive: true } : {};
    this.chain = this.chain
      .then(() => (draft ? this.remote.write(agentId, draft, options) : this.remote.remove(agentId, options)))
      .then(
        () => void this.last.set(agentId, json),
        () => {
          this.last.delete(agentId);
          // Not written: it waits for the next change or flush (unless something newer waits already).
          this.pending ??= pending;
        },
      );
    return this.chain;
  }
}

/**
 * Before a restore reads the local drafts: the server's copy of this agent's
 * comes back when the local ones are empty or older. Unreachable server: the
 * local drafts are used as they are.
 */
export async function pullRemoteDrafts(core: SessionCore): Promise<void> {
  const remote = core.backend.drafts;
  const agentId = core.drafts.agentId;
  if (!remote || !core.mirror || agentId === PLACEHOLDER_AGENT) return;
  // The local drafts as they were before the server answers (work done meanwhile re-saves them).
  const local = core.drafts.loadWorkspaces();
  const localAt = core.drafts.workspacesSavedAt();
  let draft: RemoteDraft | undefined;
  try {
    draft = await remote.read(agentId);
  } catch {
    return;
  }
  // Another agent's drafts took over meanwhile (a switch): theirs are read by their own restore.
  if (core.disposed || core.drafts.agentId !== agentId) return;
  core.mirror.known(agentId, draft);
  if (draft?.waiting && draft.waiting.count > 0 && draft.waiting.origin !== (globalThis.location?.origin ?? '')) {
    core.hooks.waitingElsewhere?.(draft.waiting.count, draft.waiting.origin);
  }
  if (!draft) return;
  if (local.open.length && localAt && localAt >= draft.updatedAt) return;
  const adopted = core.drafts.adopt(JSON.stringify(draft.value), draft.updatedAt);
  // The server's copy is newer: it replaces the local one (a work area saved or closed on the other desktop stays so).
  for (const entry of local.open) if (!adopted.open.some((w) => w.key === entry.key)) core.unrestored.delete(entry.key);
  // The server's version of an entry replaces the older local one waiting to be restored.
  for (const entry of adopted.open) if (!core.workspace(entry.key)) core.unrestored.set(entry.key, entry);
}
