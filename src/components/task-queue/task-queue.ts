import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { localized, msg, str } from '@lit/localize';
import { DEFAULT_OFFER_TIMEOUT_MS, type AcceptDetail, type AgentStateDetail } from '../../model/index.js';
import type { AgentStateName, AgentStateReason, Clock, Task } from '../../session/agent-state.js';
import type { TaskPreview } from '../../session/session.js';
import { AgentController } from '../shared/controllers/agent.js';
import { Announcer } from '../shared/controllers/announcer.js';
import { emit } from '../shared/emit.js';
import { channelLabel } from '../shared/labels.js';
import { listStyles } from '../shared/list.styles.js';
import { layoutStyles } from '../shared/layout.styles.js';
import { tokens } from '../shared/tokens.styles.js';
import type { JourneySelectEvent } from '../journey-view/journey-view.js';
import type { TaskWork } from './events.js';
import { renderPreview } from './preview.js';
import { ReturnFocus } from './return-focus.js';
import { acceptRefusal, browserClock, refusalText, secondsLeft, taskName } from './tasks.js';
import { styles } from './task-queue.styles.js';

export type { TaskPreview, AcceptDetail, AgentStateDetail };

export type {
  AgentStateEvent,
  AcceptEvent,
  PreviewCloseDetail,
  PreviewCloseEvent,
  PreviewMoreDetail,
  PreviewMoreEvent,
  RequestChoiceDetail,
  RequestChoiceEvent,
  TaskSelectDetail,
  TaskSelectEvent,
  TaskWork,
} from './events.js';

/** Seconds left at which the countdown is announced to screen readers (besides the offer itself). */
const ANNOUNCE_AT = [10, 5] as const;

/**
 * The Customer Care desktop's task list (R9): the agent's **Ready** / **Not
 * Ready** control, the **Queue** of tasks waiting for this agent and the tasks
 * **In progress**. Selecting a queued task shows everything known about its
 * customer, request and activity, with the customer's journey to browse
 * (`preview`), and nothing changes until **Accept**. A task offered
 * automatically while Ready shows "Accept within N s" (announced at 10 and
 * 5 seconds); when the agent was set Not Ready because the time was up, the
 * notice says why. A second call cannot be accepted while one is in progress;
 * the reason is shown beside Accept.
 *
 * The element shows what it is given (`tasks`, `agentState`,
 * `agentStateReason`, `hostReason`, `offerTimeoutMs`, with `clock` for the
 * countdown) and reports what the agent asks for with events; whoever owns
 * the state (in `<customer-context>`, the session) acts on them and gives it
 * the new state. The default slot (e.g. the work area of the task in
 * progress) is always shown beside the lists: the preview of the selected
 * queued task opens as a panel beside it (above it in a mid-width column, right
 * under the Queue in a narrow one), never in its place, so what the agent was
 * typing stays as it was. **Close preview** or Escape closes it and focus goes
 * back where the agent was (the field, with its caret). Before Accept the
 * preview says which open request the contact goes into (R2.5) and offers a
 * new request instead.
 *
 * @summary Queue, In progress, preview before Accept, Ready / Not Ready and the offer countdown (R9).
 * @tagname task-queue
 *
 * @slot - Shown beside the lists when no queued task is selected (e.g. the work on the task in progress).
 * @slot pane - Below the lists (e.g. more lists of the host).
 *
 * @fires {AgentStateEvent} cc-agent-state - The agent chose Ready or Not Ready (`reason: 'agent'`): set the state. Not fired for a state set from outside.
 * @fires {AcceptEvent} cc-accept - The agent pressed Accept on a task that can be accepted: accept it (it then comes back In progress). Cancelable: `preventDefault()` says it was not accepted.
 * @fires {TaskSelectEvent} cc-task-select - The agent selected a task (load its `preview` when it is queued).
 * @fires {PreviewMoreEvent} cc-preview-more - The preview's journey wants older entries (set a longer `preview`).
 * @fires {PreviewCloseEvent} cc-preview-close - The agent closed the preview (Close preview, Escape): select no queued task.
 * @fires {RequestChoiceEvent} cc-request-choice - Before Accept, the agent chose the request the contact goes into: the one shown (`requestId`) or a new one (`requestId: null`).
 *
 * @csspart states - The Ready / Not Ready group.
 * @csspart ready-button - The Ready button (`aria-pressed`).
 * @csspart not-ready-button - The Not Ready button (`aria-pressed`).
 * @csspart timeout-notice - Why the agent is Not Ready after an offer timed out.
 * @csspart queue - The Queue section.
 * @csspart in-progress - The In progress section.
 * @csspart task - One task button in either list.
 * @csspart countdown - "Accept within N s".
 * @csspart preview - The preview of the selected queued task.
 * @csspart preview-close - Its Close preview button.
 * @csspart goes-into - Which request the contact goes into, with "New request instead".
 * @csspart accept-button - The Accept button (`aria-disabled` with the reason when a call is in progress).
 * @csspart journey - The `<journey-view>` of the preview.
 *
 * @cssprop --cc-color-accent - Pressed state button, countdown, selected task.
 * @cssprop --cc-color-danger - The countdown's last 5 seconds.
 * @cssprop --cc-color-warning - The timeout notice.
 * @cssprop --cc-color-warning-surface - Background of the timeout notice.
 * @cssprop --cc-color-surface-alt - Background of the lists and the Accept bar.
 */
@localized()
export class TaskQueue extends LitElement {
  static override styles = [tokens, listStyles, layoutStyles, styles];

  // Controllers

  /** The agent's locale and time zone, when a `<customer-context>` provides them; else the browser's. */
  private readonly agent = new AgentController(this);
  private readonly announcer = new Announcer(this);
  /** Where the agent was (typing in the live work) when they opened a preview: focus goes back there when it closes. */
  private readonly returnFocus = new ReturnFocus(this);

  // Private state

  private tickHandle: unknown;
  /** The clock `tickHandle` was set on. */
  private tickClock: Clock | undefined;
  /** Per offered task: the last number of seconds announced. */
  private readonly announced = new Map<string, number>();
  /** The task the agent last pressed Accept on, until it shows In progress (focus then follows it). */
  private accepting: string | null = null;
  private focusTask: string | null = null;

  @state() private previewEntryId: string | null = null;
  /** Queued tasks for which the agent chose a new request instead of the one R2.5 picks (R2.5 with a choice). */
  @state() private newRequestFor: ReadonlySet<string> = new Set();
  /** The queued task whose preview was last rendered. */
  private shownPreviewId: string | null = null;
  /** A task went In progress since the last offer timeout: its notice has served (it goes, the Not Ready state stays). */
  @state() private timeoutNoticeDone = false;

  // Public properties

  /** The tasks, in arrival order: queued, offered (with a `deadline`) and in progress. */
  @property({ attribute: false }) tasks: readonly Task[] = [];

  /** Ready or Not Ready (R9.1). */
  @property({ attribute: false }) agentState: AgentStateName = 'not-ready';

  /** Why the state is what it is: `agent`, `offer-timeout` (R9.4), `host`; `null` at first. */
  @property({ attribute: false }) agentStateReason: AgentStateReason | null = null;

  /** The free-text reason the host gave with its state, shown while the host set it. */
  @property({ attribute: false }) hostReason: string | undefined;

  /** How long an automatic offer waits for Accept, in milliseconds (said in the timeout notice; R9.4: 15 s). */
  @property({ attribute: false }) offerTimeoutMs = DEFAULT_OFFER_TIMEOUT_MS;

  /** The time source of the countdown (the one that set the tasks' deadlines: a fake one in tests); the browser's by default. */
  @property({ attribute: false }) clock: Clock | undefined;

  /** What is known about the selected queued task (its `interactionId` must match). Setting it never fires an event. */
  @property({ attribute: false }) preview: TaskPreview | null = null;

  /** Per task In progress (by interaction id): the state of its work (*Not created*, *Unsaved*, *Caution* on its line). */
  @property({ attribute: false }) work: ReadonlyMap<string, TaskWork> = new Map();

  /** Id of the selected task (Queue or In progress). The element updates it when the agent selects. */
  @property({ attribute: 'selected-id' }) selectedId: string | null = null;

  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.scheduleTick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTick();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('preview') || changed.has('selectedId')) {
      const previous = changed.get('preview') as TaskPreview | null | undefined;
      if (previous?.interactionId !== this.preview?.interactionId) this.previewEntryId = null;
    }
    if (changed.has('agentStateReason') && this.agentStateReason === 'offer-timeout' && this.hasUpdated) {
      this.timeoutNoticeDone = false;
      const seconds = Math.round(this.offerTimeoutMs / 1000);
      this.announcer.announce(msg(str`You are now Not Ready: a task was not accepted within ${seconds} seconds.`));
    }
    if (changed.has('tasks')) this.noteTasks(changed.get('tasks') as readonly Task[] | undefined);
    if (changed.has('tasks') || changed.has('clock')) this.scheduleTick();
  }

  protected override updated(): void {
    const id = this.focusTask;
    this.focusTask = null;
    if (id) {
      this.returnFocus.forget();
      this.taskButton(id)?.focus();
    }
    const shown = this.previewedTask()?.interactionId ?? null;
    // The preview went by itself (withdrawn, or another task chosen elsewhere): focus lost with it goes back where the agent was.
    if (this.shownPreviewId && !shown && !id) void this.returnFocus.restore(() => this.firstButton(), false);
    this.shownPreviewId = shown;
  }

  // Handlers

  /** Announces new automatic offers and the task just accepted, and forgets tasks no longer offered. */
  private noteTasks(before: readonly Task[] | undefined): void {
    const wasQueued = new Set(before?.filter((t) => t.status !== 'in-progress').map((t) => t.interactionId));
    const started = this.tasks.filter((t) => t.status === 'in-progress' && wasQueued.has(t.interactionId));
    if (started.length) this.timeoutNoticeDone = true;
    const accepted = started.find((t) => t.interactionId === this.accepting);
    if (accepted) {
      this.accepting = null;
      this.focusTask = accepted.interactionId;
      this.announcer.announce(msg(str`Accepted: ${taskName(accepted)} is In progress.`));
    }
    const offered = this.tasks.filter((t) => t.status === 'offered');
    for (const id of [...this.announced.keys()]) {
      if (!offered.some((t) => t.interactionId === id)) this.announced.delete(id);
    }
    for (const task of offered) {
      if (this.announced.has(task.interactionId)) continue;
      const left = this.secondsLeft(task) ?? 0;
      this.announced.set(task.interactionId, left);
      // Offers already there when the element first shows are not news.
      if (this.hasUpdated) this.announcer.announce(msg(str`New task from ${taskName(task)}: accept within ${left} seconds.`));
    }
  }

  private scheduleTick(): void {
    this.stopTick();
    const clock = this.clock ?? browserClock;
    const now = clock.now();
    const deadlines = this.tasks.flatMap((t) => (t.status === 'offered' && t.deadline !== null ? [t.deadline - now] : []));
    if (!deadlines.length || !this.isConnected) return;
    const soonest = Math.max(0, Math.min(...deadlines));
    const delay = soonest % 1000 || 1000;
    this.tickClock = clock;
    this.tickHandle = clock.setTimeout(() => this.onTick(), delay);
  }

  private stopTick(): void {
    if (this.tickHandle === undefined) return;
    this.tickClock?.clearTimeout(this.tickHandle);
    this.tickHandle = undefined;
  }

  private onTick(): void {
    this.tickHandle = undefined;
    this.requestUpdate();
    for (const task of this.tasks) {
      if (task.status !== 'offered') continue;
      const left = this.secondsLeft(task);
      const last = this.announced.get(task.interactionId);
      if (left === null || last === undefined) continue;
      const step = ANNOUNCE_AT.find((s) => left <= s && last > s && left > 0);
      if (step !== undefined) {
        this.announced.set(task.interactionId, left);
        this.announcer.announce(msg(str`${left} seconds left to accept the task from ${taskName(task)}.`));
      }
    }
    this.scheduleTick();
  }

  private onStateClick(state: AgentStateName): void {
    if (state === this.agentState) return;
    emit(this, 'cc-agent-state', { state, reason: 'agent' });
    this.announcer.announce(state === 'ready' ? msg('You are Ready.') : msg('You are Not Ready.'));
  }

  private onTaskClick(task: Task): void {
    if (task.status === 'in-progress') this.returnFocus.forget();
    else this.returnFocus.note(this.taskButton(task.interactionId), this.previewedTask() !== undefined);
    this.selectedId = task.interactionId;
    emit(this, 'cc-task-select', { interactionId: task.interactionId, status: task.status });
  }

  /** Escape on the task whose preview is shown closes it, as in the preview. */
  private onTaskKeydown(event: KeyboardEvent, task: Task): void {
    if (event.key === 'Escape' && !event.defaultPrevented && task.interactionId === this.previewedTask()?.interactionId) {
      event.preventDefault();
      this.closePreview(task);
    }
  }

  /** Close preview (or Escape): the agent's work is as they left it, and focus goes back where they were. */
  private closePreview(task: Task): void {
    this.selectedId = null;
    emit(this, 'cc-preview-close', { interactionId: task.interactionId });
    void this.returnFocus.restore(() => this.taskButton(task.interactionId) ?? this.firstButton());
  }

  private onPreviewKeydown(event: KeyboardEvent, task: Task): void {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.closePreview(task);
  }

  /** R2.5 with a choice: the request the preview shows, or a new one. */
  private onChoose(task: Task, newRequest: boolean): void {
    const next = new Set(this.newRequestFor);
    if (newRequest) next.add(task.interactionId);
    else next.delete(task.interactionId);
    this.newRequestFor = next;
    const request = this.preview?.interactionId === task.interactionId ? this.preview.request : null;
    emit(this, 'cc-request-choice', { interactionId: task.interactionId, requestId: newRequest ? null : (request?.id ?? null) });
  }

  private onAcceptClick(task: Task): void {
    const refusal = acceptRefusal(this.tasks, task);
    if (refusal) {
      this.announcer.announce(refusalText(refusal));
      return;
    }
    const preview = this.preview?.interactionId === task.interactionId ? this.preview : null;
    const customerId = preview ? (preview.customer?.id ?? null) : (task.customer?.id ?? null);
    // Reported, not done here: the task shows In progress once the owner of the state accepted it.
    if (emit(this, 'cc-accept', { interactionId: task.interactionId, channel: task.channel, customerId }, { cancelable: true })) {
      this.accepting = task.interactionId;
    }
  }

  private onPreviewSelect(event: JourneySelectEvent): void {
    this.previewEntryId = event.detail.entry.id;
  }

  private onPreviewMore(event: Event, interactionId: string): void {
    event.stopPropagation();
    emit(this, 'cc-preview-more', { interactionId });
  }

  // Private helpers

  private secondsLeft(task: Task): number | null {
    return secondsLeft(task, this.clock ?? browserClock);
  }

  /** The selected task when it is queued: its preview is shown. */
  private previewedTask(): Task | undefined {
    return this.tasks.find((t) => t.interactionId === this.selectedId && t.status !== 'in-progress');
  }

  private firstButton(): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>('button[data-task], .states button') ?? undefined;
  }

  private taskButton(interactionId: string): HTMLButtonElement | undefined {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === interactionId);
  }

  // Public methods

  /** Accept on the queued task whose preview is shown, as its Accept button (a refusal is said the same way). `false` when none is shown. */
  acceptShown(): boolean {
    const task = this.tasks.find((t) => t.interactionId === this.selectedId && t.status !== 'in-progress');
    if (task) this.onAcceptClick(task);
    return task !== undefined;
  }

  /** Ready or Not Ready, as its button (a keyboard shortcut). `false` when the agent is in that state already. */
  chooseState(state: AgentStateName): boolean {
    if (state === this.agentState) return false;
    this.onStateClick(state);
    return true;
  }

  /** Moves keyboard focus to the selected task, or the first one. */
  override focus(options?: FocusOptions): void {
    const target = (this.selectedId ? this.taskButton(this.selectedId) : undefined) ?? this.renderRoot.querySelector<HTMLElement>('button[data-task], .states button');
    target?.focus(options);
  }

  // Render

  private renderCountdown(task: Task) {
    const left = this.secondsLeft(task);
    if (left === null) return nothing;
    return html`<span part="countdown" class="countdown ${left <= 5 ? 'urgent' : ''}">${msg(str`Accept within ${left} s`)}</span>`;
  }

  private renderTask(task: Task) {
    const selected = task.interactionId === this.selectedId;
    return html`<li>
      <button
        part="task"
        class="item"
        data-task=${task.interactionId}
        aria-current=${selected ? 'true' : 'false'}
        @pointerdown=${this.returnFocus.onPointerDown}
        @click=${() => this.onTaskClick(task)}
        @keydown=${(e: KeyboardEvent) => this.onTaskKeydown(e, task)}
      >
        <span class="name">${taskName(task)}</span>
        <span class="muted small">${channelLabel(task.channel)}${task.subject ? html` · ${task.subject}` : nothing}${task.ended ? html` · ${msg('Ended')}` : nothing}${this.renderWork(task)}</span>
        ${this.renderCountdown(task)}
        ${task.timedOut && task.status === 'queued' ? html`<span class="warn small">${msg('Not accepted in time')}</span>` : nothing}
      </button>
    </li>`;
  }

  private renderWork(task: Task) {
    const work = task.status === 'in-progress' ? this.work.get(task.interactionId) : undefined;
    if (!work) return nothing;
    return html`${!work.created ? html` · ${msg('Not created')}` : nothing}${work.unsaved ? html` · <span class="unsaved">${msg('Unsaved')}</span>` : nothing}${work.caution ? html` · <span class="warn">${msg('Caution')}</span>` : nothing}`;
  }

  private renderList(tasks: Task[], id: string, part: string, heading: string, empty: string) {
    return html`<section part=${part} class="group" aria-labelledby=${`${id}-heading`}>
      <h2 id=${`${id}-heading`}>${heading} <span class="count">${tasks.length}</span></h2>
      ${tasks.length
        ? html`<ul class="list" aria-labelledby=${`${id}-heading`}>${repeat(tasks, (t) => t.interactionId, (t) => this.renderTask(t))}</ul>`
        : html`<p class="muted empty">${empty}</p>`}
    </section>`;
  }

  private renderStates() {
    const ready = this.agentState === 'ready';
    const seconds = Math.round(this.offerTimeoutMs / 1000);
    return html`
      <div part="states" class="states" role="group" aria-label=${msg('Agent state')} aria-describedby="state-text">
        <button part="ready-button" aria-pressed=${ready ? 'true' : 'false'} @click=${() => this.onStateClick('ready')}>${msg('Ready')}</button>
        <button part="not-ready-button" aria-pressed=${ready ? 'false' : 'true'} @click=${() => this.onStateClick('not-ready')}>${msg('Not Ready')}</button>
      </div>
      <p id="state-text" class="muted state-text">
        ${ready ? msg('Tasks are offered to you automatically.') : msg('No task is offered automatically. You can still take tasks from the Queue.')}
        ${this.agentStateReason === 'host' && this.hostReason ? html` ${msg(str`Set by your desktop: ${this.hostReason}`)}` : nothing}
      </p>
      ${this.showTimeoutNotice()
        ? html`<p part="timeout-notice" class="timeout">${msg(str`You were set to Not Ready because a task was not accepted within ${seconds} seconds. It is back in the Queue.`)}</p>`
        : nothing}
    `;
  }

  /**
   * Why the agent is Not Ready after an offer timed out, while it still helps:
   * not once a task went In progress since (they accepted one), nor once no
   * timed-out task waits in the Queue any more (the notice says it is back there).
   */
  private showTimeoutNotice(): boolean {
    if (this.agentState === 'ready' || this.agentStateReason !== 'offer-timeout' || this.timeoutNoticeDone) return false;
    return this.tasks.some((t) => t.timedOut && t.status !== 'in-progress');
  }

  /** The preview of a queued task: a panel beside the agent's work (over it in a narrow column), never instead of it. */
  private renderPreview(task: Task) {
    const left = this.secondsLeft(task);
    return renderPreview({
      task,
      preview: this.preview?.interactionId === task.interactionId ? this.preview : null,
      refusal: acceptRefusal(this.tasks, task),
      countdown: this.renderCountdown(task),
      hasCountdown: left !== null,
      newRequest: this.newRequestFor.has(task.interactionId),
      selectedEntryId: this.previewEntryId,
      formatDateTime: (iso) => this.agent.formatDateTime(iso),
      onAccept: () => this.onAcceptClick(task),
      onClose: () => this.closePreview(task),
      onKeydown: (e) => this.onPreviewKeydown(e, task),
      onChoose: (newRequest) => this.onChoose(task, newRequest),
      onEntrySelect: (e) => this.onPreviewSelect(e),
      onMore: (e) => this.onPreviewMore(e, task.interactionId),
    });
  }

  protected override render() {
    const queue = this.tasks.filter((t) => t.status !== 'in-progress');
    const inProgress = this.tasks.filter((t) => t.status === 'in-progress');
    const selectedQueued = queue.find((t) => t.interactionId === this.selectedId);
    // The default slot (the agent's live work) is always there: a preview sits beside it, and nothing typed, focused or open in it is lost.
    return html`
      <div class="layout ${selectedQueued ? 'previewing' : ''}">
        <div class="side column">
          ${this.renderStates()}
          ${this.renderList(queue, 'queue', 'queue', msg('Queue'), msg('No task is waiting.'))}
          ${this.renderList(inProgress, 'progress', 'in-progress', msg('In progress'), msg('Accepted tasks appear here.'))}
          <slot name="pane"></slot>
        </div>
        ${selectedQueued ? this.renderPreview(selectedQueued) : nothing}
        <div class="main">
          <slot><p class="muted placeholder">${msg('Select a task in the Queue to see everything known about it before you accept it.')}</p></slot>
        </div>
      </div>
      ${this.announcer.render()}
    `;
  }
}
