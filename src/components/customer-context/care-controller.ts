import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { AgentSession, SessionState, TaskPreview, Workspace } from '../../session/session.js';
import type { Clock } from '../../session/agent-state.js';
import { emit } from '../shared/emit.js';
import type { RequestChoice } from '../../session/session.js';
import type { OpenEntry } from '../customer-pane/customer-pane.js';
import type { AcceptEvent, AgentStateEvent, PreviewCloseEvent, PreviewMoreEvent, RequestChoiceEvent, TaskSelectEvent, TaskWork } from '../task-queue/task-queue.js';
import '../task-queue/define.js';

export interface CareControllerOptions {
  session(): AgentSession | undefined;
  /** The time source the session's countdown runs on (the browser's when undefined). */
  clock(): Clock | undefined;
  /** Shows a work area already open (a task In progress was selected). */
  activate(key: string): void;
}

/**
 * Care mode (R9) of `<customer-context>`: the `<task-queue>` it shows, fed
 * with the session's tasks and agent state, and one door for what the agent
 * does there. The queue reports intent; the session acts: `setAgentState()`
 * for Ready / Not Ready, `accept()` once the host has heard `cc-accept` from
 * `<customer-context>` (where it listens) and not cancelled it, with the
 * request the agent chose in the preview (`cc-request-choice`: R2.5's, or a
 * new one). Close preview (`cc-preview-close`) selects no queued task: the work
 * in progress, never hidden by a preview, is as the agent left it. An offer
 * timeout the session decided is reported to the host as `cc-agent-state`
 * (`reason: 'offer-timeout'`).
 */
export class CareController implements ReactiveController {
  /** The task the agent last selected in the queue. */
  private selectedId: string | null = null;
  /** What the selected queued task would open (read only). */
  private preview: TaskPreview | null = null;
  private previewSeq = 0;
  /** What the agent chose in a preview instead of R2.5's rule, per queued task: a new request, or the one shown. */
  private readonly choices = new Map<string, RequestChoice>();
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly options: CareControllerOptions;

  constructor(host: ReactiveControllerHost & HTMLElement, options: CareControllerOptions) {
    this.host = host;
    this.options = options;
    host.addController(this);
  }

  /** A selected task the session no longer has is forgotten, with its preview. */
  hostUpdate(): void {
    const tasks = this.options.session()?.state.tasks ?? [];
    if (this.selectedId && !tasks.some((t) => t.interactionId === this.selectedId)) this.select(null);
    for (const id of this.choices.keys()) if (!tasks.some((t) => t.interactionId === id && t.status !== 'in-progress')) this.choices.delete(id);
  }

  /** The session's state changed from `before`: an offer timeout it decided goes to the host. */
  changed(before: SessionState | undefined, state: SessionState): void {
    if (before && state.agentStateReason === 'offer-timeout' && before.agentStateReason !== 'offer-timeout') {
      emit(this.host, 'cc-agent-state', { state: state.agentState, reason: 'offer-timeout' });
    }
  }

  /** Selects a task (`null`: none, e.g. the agent picked a work area in the pane). */
  select(interactionId: string | null): void {
    this.selectedId = interactionId;
    this.previewSeq++;
    this.preview = null;
    this.host.requestUpdate();
  }

  private readonly onTaskSelect = async ({ detail: { interactionId, status } }: TaskSelectEvent): Promise<void> => {
    const session = this.options.session();
    if (status === 'in-progress') {
      const workspace = session?.state.open.find((w) => w.interaction?.interactionId === interactionId);
      if (workspace) this.options.activate(workspace.key);
      this.select(interactionId);
      return;
    }
    this.select(interactionId);
    const seq = this.previewSeq;
    const preview = (await session?.preview(interactionId)) ?? null;
    if (seq !== this.previewSeq) return;
    this.preview = preview;
    this.host.requestUpdate();
  };

  /** One door: the host hears `cc-accept` from `<customer-context>` and may cancel it; only then does the session accept. */
  private readonly onAccept = (event: AcceptEvent): void => {
    event.stopPropagation();
    if (!emit(this.host, 'cc-accept', { ...event.detail }, { cancelable: true })) {
      // The task stays in the Queue with its preview; the queue knows it was not accepted.
      event.preventDefault();
      return;
    }
    this.previewSeq++;
    this.preview = null;
    this.host.requestUpdate();
    const id = event.detail.interactionId;
    const choice = this.choices.get(id);
    this.choices.delete(id);
    void this.options.session()?.accept(id, choice);
  };

  /** R2.5 with a choice: where the agent wants the contact to go, kept for their Accept. */
  private readonly onRequestChoice = ({ detail }: RequestChoiceEvent): void => {
    this.choices.set(detail.interactionId, detail.requestId === null ? 'new' : { requestId: detail.requestId });
  };

  /** Close preview / Escape: no queued task is selected; the work in progress shows as it was. */
  private readonly onPreviewClose = (_event: PreviewCloseEvent): void => {
    this.select(null);
  };

  /** The agent chose Ready or Not Ready: the session sets it before the event goes on to the host. */
  private readonly onAgentState = ({ detail }: AgentStateEvent): void => {
    if (detail.reason === 'agent') this.options.session()?.setAgentState(detail.state);
  };

  private readonly onPreviewMore = async ({ detail }: PreviewMoreEvent): Promise<void> => {
    const preview = this.preview;
    const session = this.options.session();
    if (!session || preview?.interactionId !== detail.interactionId) return;
    const more = await session.previewMore(preview);
    if (this.preview !== preview) return;
    this.preview = more;
    this.host.requestUpdate();
  };

  /**
   * Whether a work area is a line of the pane's Open list in care mode: not
   * when its interaction is a task In progress (listed there once, not twice).
   */
  listsInOpen(state: SessionState, workspace: Workspace): boolean {
    const id = workspace.interaction?.interactionId;
    return !id || !state.tasks.some((t) => t.interactionId === id && t.status === 'in-progress');
  }

  /** Per task In progress, the marks of its work area's line (`lines`: the Open lines of every work area, by key). */
  private workOf(state: SessionState, lines: readonly OpenEntry[]): Map<string, TaskWork> {
    const byKey = new Map(lines.map((line) => [line.key, line]));
    const work = new Map<string, TaskWork>();
    for (const w of state.open) {
      const line = w.interaction ? byKey.get(w.key) : undefined;
      if (line) work.set(w.interaction!.interactionId, { created: line.created, unsaved: line.unsaved, caution: line.caution });
    }
    return work;
  }

  /** The task queue, with `slotted` (the pane, slotted `pane`, and the work area) beside its lists. */
  render(state: SessionState, activeInteractionId: string | null, slotted: unknown, lines: readonly OpenEntry[] = []) {
    const tasks = state.tasks;
    const selected = tasks.some((t) => t.interactionId === this.selectedId) ? this.selectedId : activeInteractionId;
    return html`<task-queue
      part="task-queue"
      .tasks=${tasks}
      .agentState=${state.agentState}
      .agentStateReason=${state.agentStateReason}
      .hostReason=${state.hostReason}
      .offerTimeoutMs=${state.offerTimeoutMs}
      .clock=${this.options.clock()}
      .preview=${this.preview}
      .work=${this.workOf(state, lines)}
      .selectedId=${selected}
      @cc-task-select=${this.onTaskSelect}
      @cc-accept=${this.onAccept}
      @cc-agent-state=${this.onAgentState}
      @cc-preview-more=${this.onPreviewMore}
      @cc-preview-close=${this.onPreviewClose}
      @cc-request-choice=${this.onRequestChoice}
    >${slotted}</task-queue>`;
  }
}
