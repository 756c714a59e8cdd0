import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import { localized, msg, str } from '@lit/localize';
import type { AcceptDetail, AgentStateDetail, Contact } from '../../model/index.js';
import {
  AgentStateMachine,
  type AcceptRefusal,
  type AgentStateChange,
  type AgentStateName,
  type AgentStateSnapshot,
  type Task,
  type TaskStatus,
} from '../../session/agent-state.js';
import type { TaskPreview } from '../../session/session.js';
import { agentContext, defaultAgent, formatDateTime, type AgentContextValue } from '../shared/agent-context.js';
import { emit } from '../shared/emit.js';
import { channelLabel, requestStatusLabel } from '../shared/labels.js';
import { listStyles } from '../shared/list.styles.js';
import { tokens } from '../shared/tokens.styles.js';
import type { JourneySelectEvent } from '../journey-view/journey-view.js';
import '../journey-view/define.js';
import { styles } from './task-queue.styles.js';

export type { TaskPreview, AcceptDetail, AgentStateDetail };

/** Detail of `cc-task-select`: the task the agent selected, in the Queue or In progress. */
export interface TaskSelectDetail {
  interactionId: string;
  status: TaskStatus;
}

/** Detail of `cc-preview-more`: the preview's journey needs older entries. */
export interface PreviewMoreDetail {
  interactionId: string;
}

export type AgentStateEvent = CustomEvent<AgentStateDetail>;
export type AcceptEvent = CustomEvent<AcceptDetail>;
export type TaskSelectEvent = CustomEvent<TaskSelectDetail>;
export type PreviewMoreEvent = CustomEvent<PreviewMoreDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'cc-agent-state': AgentStateEvent;
    'cc-accept': AcceptEvent;
    'cc-task-select': TaskSelectEvent;
    'cc-preview-more': PreviewMoreEvent;
  }
}

/** Seconds left at which the countdown is announced to screen readers (besides the offer itself). */
const ANNOUNCE_AT = [10, 5] as const;


function contactText(from: Contact): string {
  return [from.phone, from.email, from.chatId].filter(Boolean).join(', ');
}

/** An address with break opportunities after `@` and before dots (where it may wrap when shown whole), as text. */
function breakable(address: string) {
  return address.split(/(?<=@)|(?=\.)/).map((part, i) => (i ? html`<wbr />${part}` : part));
}

function taskName(task: Task): string {
  return task.customer?.name || task.from.name || contactText(task.from) || msg('Unknown contact');
}

function refusalText(reason: AcceptRefusal): string {
  switch (reason) {
    case 'voice-busy':
      return msg('You are on a call. Only one call at a time: finish it before accepting another.');
    case 'in-progress':
      return msg('This task is already in progress.');
    case 'unknown-task':
      return msg('This task is no longer in the queue.');
  }
}

/**
 * The Customer Care desktop's task list (R9): the agent's **Ready** / **Not
 * Ready** control, the **Queue** of tasks waiting for this agent and the tasks
 * **In progress**. Selecting a queued task shows everything known about its
 * customer, request and activity, with the customer's journey to browse
 * (`preview`), and nothing changes until **Accept**. A task offered
 * automatically while Ready shows "Accept within N s" (announced at 10 and
 * 5 seconds); when the time is up the agent becomes Not Ready and sees why. A
 * second call cannot be accepted while one is in progress; the reason is
 * shown beside Accept.
 *
 * The element renders an `AgentStateMachine` (`machine`; it makes its own
 * when none is given) and calls it on the agent's actions. The area beside
 * the lists shows the preview of the selected queued task, or the default
 * slot otherwise (e.g. the work area of the task in progress).
 *
 * @summary Queue, In progress, preview before Accept, Ready / Not Ready and the offer countdown (R9).
 * @tagname task-queue
 *
 * @slot - Shown beside the lists when no queued task is selected (e.g. the work on the task in progress).
 * @slot pane - Below the lists (e.g. more lists of the host).
 *
 * @fires {AgentStateEvent} cc-agent-state - The state changed by the agent's choice (`reason: 'agent'`) or because an automatic offer was not accepted in time (`reason: 'offer-timeout'`). Not fired for changes the host made.
 * @fires {AcceptEvent} cc-accept - The agent accepted a task; it moves In progress. Cancelable: `preventDefault()` keeps it in the Queue.
 * @fires {TaskSelectEvent} cc-task-select - The agent selected a task (load its `preview` when it is queued).
 * @fires {PreviewMoreEvent} cc-preview-more - The preview's journey wants older entries (set a longer `preview`).
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
  static override styles = [tokens, listStyles, styles];

  // Controllers

  /** The agent's locale and time zone, when a `<customer-context>` provides them. */
  @consume({ context: agentContext, subscribe: true })
  @state()
  private agent?: AgentContextValue;

  // Private state

  private ownMachine: AgentStateMachine | undefined;
  private givenMachine: AgentStateMachine | undefined;
  private watched: AgentStateMachine | undefined;
  private unwatch: (() => void) | undefined;
  private tickHandle: unknown;
  /** Per offered task: the last number of seconds announced. */
  private readonly announced = new Map<string, number>();
  private fallbackAgent: AgentContextValue | null = null;

  @state() private snapshot: AgentStateSnapshot | undefined;
  @state() private announcement = '';
  @state() private previewEntryId: string | null = null;
  /** The agent accepted a task since the last offer timeout: its notice has served (it goes, the Not Ready state stays). */
  @state() private timeoutNoticeDone = false;

  // Public properties

  /**
   * The state machine shown and driven (Ready / Not Ready, tasks, countdown).
   * Defaults to one of the element's own: feed it with `offer()`, `withdraw()` …
   */
  @property({ attribute: false })
  get machine(): AgentStateMachine {
    if (this.givenMachine) return this.givenMachine;
    this.ownMachine ??= new AgentStateMachine();
    return this.ownMachine;
  }
  set machine(value: AgentStateMachine) {
    const old = this.givenMachine;
    this.givenMachine = value;
    this.requestUpdate('machine', old);
  }

  /** What is known about the selected queued task (its `interactionId` must match). Setting it never fires an event. */
  @property({ attribute: false }) preview: TaskPreview | null = null;

  /** Id of the selected task (Queue or In progress). The element updates it when the agent selects. */
  @property({ attribute: 'selected-id' }) selectedId: string | null = null;

  // Lifecycle

  override connectedCallback(): void {
    super.connectedCallback();
    this.watch();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = undefined;
    this.watched = undefined;
    this.stopTick();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('machine')) {
      if (this.givenMachine && this.ownMachine) {
        this.ownMachine.dispose();
        this.ownMachine = undefined;
      }
      if (this.isConnected) this.watch();
    }
    if (changed.has('preview') || changed.has('selectedId')) {
      const previous = changed.get('preview') as TaskPreview | null | undefined;
      if (previous?.interactionId !== this.preview?.interactionId) this.previewEntryId = null;
    }
  }

  private watch(): void {
    const machine = this.machine;
    if (this.watched === machine) return;
    this.unwatch?.();
    this.stopTick();
    this.announced.clear();
    this.watched = machine;
    this.unwatch = machine.subscribe((change) => this.onChange(change));
    this.snapshot = machine.snapshot;
    this.noteOffers(false);
    this.scheduleTick();
  }

  // Handlers

  private onChange(change: AgentStateChange): void {
    this.snapshot = this.machine.snapshot;
    if (change.type === 'accepted') this.timeoutNoticeDone = true;
    if (change.type === 'state' && change.reason === 'offer-timeout') {
      this.timeoutNoticeDone = false;
      const seconds = Math.round(this.snapshot.offerTimeoutMs / 1000);
      this.announce(msg(str`You are now Not Ready: a task was not accepted within ${seconds} seconds.`));
      emit(this, 'cc-agent-state', { state: change.state, reason: 'offer-timeout' });
    }
    this.noteOffers(true);
    this.scheduleTick();
  }

  /** Announces new automatic offers, and forgets tasks no longer offered. */
  private noteOffers(speak: boolean): void {
    const offered = (this.snapshot?.tasks ?? []).filter((t) => t.status === 'offered');
    for (const id of [...this.announced.keys()]) {
      if (!offered.some((t) => t.interactionId === id)) this.announced.delete(id);
    }
    for (const task of offered) {
      if (this.announced.has(task.interactionId)) continue;
      const left = this.machine.secondsLeft(task.interactionId) ?? 0;
      this.announced.set(task.interactionId, left);
      if (speak) this.announce(msg(str`New task from ${taskName(task)}: accept within ${left} seconds.`));
    }
  }

  private scheduleTick(): void {
    this.stopTick();
    const clock = this.machine.clock;
    const now = clock.now();
    const deadlines = (this.snapshot?.tasks ?? []).flatMap((t) => (t.status === 'offered' && t.deadline !== null ? [t.deadline - now] : []));
    if (!deadlines.length || !this.isConnected) return;
    const soonest = Math.max(0, Math.min(...deadlines));
    const delay = soonest % 1000 || 1000;
    this.tickHandle = clock.setTimeout(() => this.onTick(), delay);
  }

  private stopTick(): void {
    if (this.tickHandle === undefined) return;
    this.machine.clock.clearTimeout(this.tickHandle);
    this.tickHandle = undefined;
  }

  private onTick(): void {
    this.tickHandle = undefined;
    this.requestUpdate();
    for (const task of this.snapshot?.tasks ?? []) {
      if (task.status !== 'offered') continue;
      const left = this.machine.secondsLeft(task.interactionId);
      const last = this.announced.get(task.interactionId);
      if (left === null || last === undefined) continue;
      const step = ANNOUNCE_AT.find((s) => left <= s && last > s && left > 0);
      if (step !== undefined) {
        this.announced.set(task.interactionId, left);
        this.announce(msg(str`${left} seconds left to accept the task from ${taskName(task)}.`));
      }
    }
    this.scheduleTick();
  }

  private onStateClick(state: AgentStateName): void {
    if (!this.machine.setState(state, 'agent')) return;
    emit(this, 'cc-agent-state', { state, reason: 'agent' });
    this.announce(state === 'ready' ? msg('You are Ready.') : msg('You are Not Ready.'));
  }

  private onTaskClick(task: Task): void {
    this.selectedId = task.interactionId;
    emit(this, 'cc-task-select', { interactionId: task.interactionId, status: task.status });
  }

  private async onAcceptClick(task: Task): Promise<void> {
    const check = this.machine.canAccept(task.interactionId);
    if (!check.ok) {
      this.announce(refusalText(check.reason));
      return;
    }
    const preview = this.preview?.interactionId === task.interactionId ? this.preview : null;
    const customerId = preview ? (preview.customer?.id ?? null) : (task.customer?.id ?? null);
    if (!emit(this, 'cc-accept', { interactionId: task.interactionId, channel: task.channel, customerId }, { cancelable: true })) return;
    if (!this.machine.accept(task.interactionId).ok) return;
    this.announce(msg(str`Accepted: ${taskName(task)} is In progress.`));
    await this.updateComplete;
    this.taskButton(task.interactionId)?.focus();
  }

  private onPreviewSelect(event: JourneySelectEvent): void {
    this.previewEntryId = event.detail.entry.id;
  }

  private onPreviewMore(event: Event, interactionId: string): void {
    event.stopPropagation();
    emit(this, 'cc-preview-more', { interactionId });
  }

  // Private helpers

  private get agentValue(): AgentContextValue {
    if (this.agent) return this.agent;
    this.fallbackAgent ??= defaultAgent();
    return this.fallbackAgent;
  }

  private announce(text: string): void {
    this.announcement = this.announcement === text ? `${text}\u00a0` : text;
  }

  private taskButton(interactionId: string): HTMLButtonElement | undefined {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === interactionId);
  }

  // Public methods

  /** Moves keyboard focus to the selected task, or the first one. */
  override focus(options?: FocusOptions): void {
    const target = (this.selectedId ? this.taskButton(this.selectedId) : undefined) ?? this.renderRoot.querySelector<HTMLElement>('button[data-task], .states button');
    target?.focus(options);
  }

  // Render

  private renderCountdown(task: Task) {
    const left = this.machine.secondsLeft(task.interactionId);
    if (left === null) return nothing;
    return html`<span part="countdown" class="countdown ${left <= 5 ? 'urgent' : ''}">${msg(str`Accept within ${left} s`)}</span>`;
  }

  private renderTask(task: Task) {
    const selected = task.interactionId === this.selectedId;
    return html`<li>
      <button part="task" class="item" data-task=${task.interactionId} aria-current=${selected ? 'true' : 'false'} @click=${() => this.onTaskClick(task)}>
        <span class="name">${taskName(task)}</span>
        <span class="muted small">${channelLabel(task.channel)}${task.subject ? html` · ${task.subject}` : nothing}${task.ended ? html` · ${msg('Ended')}` : nothing}</span>
        ${this.renderCountdown(task)}
        ${task.timedOut && task.status === 'queued' ? html`<span class="warn small">${msg('Not accepted in time')}</span>` : nothing}
      </button>
    </li>`;
  }

  private renderList(tasks: Task[], id: string, part: string, heading: string, empty: string) {
    return html`<section part=${part} class="group" aria-labelledby=${`${id}-heading`}>
      <h2 id=${`${id}-heading`}>${heading} <span class="count">${tasks.length}</span></h2>
      ${tasks.length
        ? html`<ul class="list" aria-labelledby=${`${id}-heading`}>${repeat(tasks, (t) => t.interactionId, (t) => this.renderTask(t))}</ul>`
        : html`<p class="muted empty">${empty}</p>`}
    </section>`;
  }

  private renderStates(snapshot: AgentStateSnapshot) {
    const ready = snapshot.state === 'ready';
    const seconds = Math.round(snapshot.offerTimeoutMs / 1000);
    return html`
      <div part="states" class="states" role="group" aria-label=${msg('Agent state')} aria-describedby="state-text">
        <button part="ready-button" aria-pressed=${ready ? 'true' : 'false'} @click=${() => this.onStateClick('ready')}>${msg('Ready')}</button>
        <button part="not-ready-button" aria-pressed=${ready ? 'false' : 'true'} @click=${() => this.onStateClick('not-ready')}>${msg('Not Ready')}</button>
      </div>
      <p id="state-text" class="muted state-text">
        ${ready ? msg('Tasks are offered to you automatically.') : msg('No task is offered automatically. You can still take tasks from the Queue.')}
        ${snapshot.reason === 'host' && snapshot.hostReason ? html` ${msg(str`Set by your desktop: ${snapshot.hostReason}`)}` : nothing}
      </p>
      ${this.showTimeoutNotice(snapshot)
        ? html`<p part="timeout-notice" class="timeout">${msg(str`You were set to Not Ready because a task was not accepted within ${seconds} seconds. It is back in the Queue.`)}</p>`
        : nothing}
    `;
  }

  /**
   * Why the agent is Not Ready after an offer timed out, while it still helps:
   * not once they accepted a task since, nor once no timed-out task waits in
   * the Queue any more (the notice says it is back there).
   */
  private showTimeoutNotice(snapshot: AgentStateSnapshot): boolean {
    if (snapshot.state === 'ready' || snapshot.reason !== 'offer-timeout' || this.timeoutNoticeDone) return false;
    return snapshot.tasks.some((t) => t.timedOut && t.status !== 'in-progress');
  }

  private renderField(label: string, value: string | undefined | null) {
    return value ? html`<dt>${label}</dt><dd><bdi>${value}</bdi></dd>` : nothing;
  }

  /**
   * Email addresses, chat ids and contact points: one a line, never broken
   * inside a word. One too long for the card ends in an ellipsis; the whole of
   * it shows on hover (`title`) and on keyboard focus (it wraps then, at
   * `@` and dots first), and a screen reader reads it whole.
   */
  private renderAddresses(label: string, values: readonly (string | undefined)[]) {
    const shown = values.filter((v): v is string => !!v);
    if (!shown.length) return nothing;
    // No white space between the tags: the <dd> keeps it (pre-wrap).
    const item = (value: string) => html`<li><span class="address" dir="ltr" tabindex="0" title=${value}>${breakable(value)}</span></li>`;
    return html`<dt>${label}</dt><dd><ul class="addresses" role="list">${shown.map(item)}</ul></dd>`;
  }

  private renderPreview(task: Task) {
    const agent = this.agentValue;
    const preview = this.preview?.interactionId === task.interactionId ? this.preview : null;
    const customer = preview?.customer ?? null;
    const request = preview?.request ?? null;
    const activity = preview?.activity ?? null;
    const check = this.machine.canAccept(task.interactionId);
    const blocked = !check.ok;
    const name = taskName(task);
    const left = this.machine.secondsLeft(task.interactionId);
    return html`<section part="preview" class="preview" aria-labelledby="preview-heading">
      <header class="preview-header">
        <h2 id="preview-heading">${msg(str`Preview: ${name}`)}</h2>
        <span class="badge">${channelLabel(task.channel)}</span>
      </header>
      <div class="accept-bar">
        <button
          part="accept-button"
          id="accept"
          class="primary"
          aria-disabled=${blocked ? 'true' : 'false'}
          aria-describedby="accept-note"
          @click=${() => this.onAcceptClick(task)}
        >${msg('Accept')}</button>
        <span id="accept-note">
          ${blocked
            ? html`<span class="warn">${refusalText(check.reason)}</span>`
            : left !== null
              ? this.renderCountdown(task)
              : msg('Nothing changes until you accept.')}
        </span>
      </div>
      <div class="cards">
        <section class="card" aria-labelledby="pv-customer">
          <h3 id="pv-customer">${msg('Customer')}</h3>
          ${customer
            ? html`<dl>
                ${this.renderField(msg('Name'), customer.name)}
                ${this.renderField(msg('Phones'), customer.phones.join(', '))}
                ${this.renderAddresses(msg('Emails'), customer.emails)}
                ${this.renderAddresses(msg('Chat IDs'), customer.chatIds)}
                ${this.renderField(msg('Address'), customer.address)}
                ${Object.entries(customer.fields).map(([label, value]) => this.renderField(label, value))}
              </dl>`
            : html`${preview ? html`<p>${msg('No customer matches this contact. After Accept you can create one.')}</p>` : nothing}
                <dl>
                  ${this.renderField(msg('Name'), task.from.name)}
                  ${this.renderAddresses(msg('Contact'), [task.from.phone, task.from.email, task.from.chatId])}
                </dl>`}
        </section>
        <section class="card" aria-labelledby="pv-request">
          <h3 id="pv-request">${msg('Request')}</h3>
          ${request
            ? html`<dl>
                ${this.renderField(msg('Title'), request.title || msg('(no title)'))}
                ${this.renderField(msg('Status'), requestStatusLabel(request.status))}
                <dt>${msg('Opened')}</dt><dd><time datetime=${request.openedAt}>${formatDateTime(request.openedAt, agent)}</time></dd>
                ${this.renderField(msg('Description'), request.description)}
              </dl>`
            : html`<p>${preview ? msg('No open request: Accept creates a new one.') : msg('Not known yet.')}</p>`}
        </section>
        <section class="card" aria-labelledby="pv-activity">
          <h3 id="pv-activity">${msg('Activity')}</h3>
          <dl>
            ${this.renderField(msg('Channel'), channelLabel(task.channel))}
            ${this.renderAddresses(msg('From'), [task.from.phone, task.from.email, task.from.chatId])}
            ${this.renderField(msg('Subject'), activity?.subject || task.subject)}
            <dt>${msg('Received')}</dt><dd><time datetime=${task.at}>${formatDateTime(task.at, agent)}</time></dd>
            ${this.renderField(msg('Tags'), activity?.tags.join(', '))}
          </dl>
        </section>
      </div>
      ${customer
        ? html`<journey-view
            part="journey"
            .entries=${preview!.journey}
            .selectedId=${this.previewEntryId}
            .hasMore=${preview!.journeyHasMore}
            .label=${msg(str`Journey of ${customer.name || name}`)}
            @cc-journey-select=${this.onPreviewSelect}
            @cc-journey-more=${(e: Event) => this.onPreviewMore(e, task.interactionId)}
          ></journey-view>`
        : nothing}
    </section>`;
  }

  protected override render() {
    const snapshot = this.snapshot ?? this.machine.snapshot;
    const queue = snapshot.tasks.filter((t) => t.status !== 'in-progress');
    const inProgress = snapshot.tasks.filter((t) => t.status === 'in-progress');
    const selectedQueued = queue.find((t) => t.interactionId === this.selectedId);
    return html`
      <div class="layout">
        <div class="side">
          ${this.renderStates(snapshot)}
          ${this.renderList(queue, 'queue', 'queue', msg('Queue'), msg('No task is waiting.'))}
          ${this.renderList(inProgress, 'progress', 'in-progress', msg('In progress'), msg('Accepted tasks appear here.'))}
          <slot name="pane"></slot>
        </div>
        <div class="main">
          ${selectedQueued
            ? this.renderPreview(selectedQueued)
            : html`<slot><p class="muted placeholder">${msg('Select a task in the Queue to see everything known about it before you accept it.')}</p></slot>`}
        </div>
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }
}
