import { DEFAULT_OFFER_TIMEOUT_MS, type AgentStateName, type Contact, type InteractionChannel } from '../model/index.js';

/** The agent's availability for automatic offers (R9.1). */
export type { AgentStateName };

/**
 * Why the state is what it is: the agent chose it (`agent`), an automatic
 * offer was not accepted in time (`offer-timeout`, R9.4), or the host said so
 * (`host`, an `agent.state` event). Snapshots carry `null` until the first change.
 */
export type AgentStateReason = 'agent' | 'offer-timeout' | 'host';

/** Where a task is: waiting in the Queue, offered with a countdown, or In progress (R9.2–R9.4). */
export type TaskStatus = 'queued' | 'offered' | 'in-progress';

/** The customer a task's contact point belongs to, once looked up (`null`: nobody matches). */
export interface TaskCustomer {
  id: string;
  name: string;
}

/** One task of the Customer Care desktop: an interaction routed to this agent. */
export interface Task {
  readonly interactionId: string;
  readonly channel: InteractionChannel;
  readonly from: Contact;
  readonly subject: string;
  /** When the interaction arrived (ISO date, as the host sent it). */
  readonly at: string;
  /** The router assigned it to this agent: while Ready it must be accepted within the offer time. */
  readonly autoAssigned: boolean;
  readonly status: TaskStatus;
  /** While `offered`: the clock time (ms) at which the offer times out. Otherwise `null`. */
  readonly deadline: number | null;
  /** The automatic offer timed out once and the task went back to the Queue (it is not auto-offered again). */
  readonly timedOut: boolean;
  /** In progress: the interaction ended (the call hung up); the agent may still be writing. */
  readonly ended: boolean;
  /** The customer found by the contact point; `undefined` while not looked up. */
  readonly customer: TaskCustomer | null | undefined;
}

/** What the host (or a router) offers: the fields of an `interaction.offered` event. */
export interface TaskOffer {
  interactionId: string;
  channel: InteractionChannel;
  from: Contact;
  subject?: string | undefined;
  at: string;
  autoAssigned?: boolean | undefined;
}

/** Everything the Customer Care view needs, as one immutable value. */
export interface AgentStateSnapshot {
  readonly state: AgentStateName;
  readonly reason: AgentStateReason | null;
  /** The free-text reason the host gave with `agent.state`, if any. */
  readonly hostReason: string | undefined;
  /** Tasks in arrival order: queued, offered and in progress. */
  readonly tasks: readonly Task[];
  /** How long an automatic offer waits for Accept; `0` means no countdown. */
  readonly offerTimeoutMs: number;
}

/** Why Accept is refused: no such task, already in progress, or a second call (R9.5). */
export type AcceptRefusal = 'unknown-task' | 'in-progress' | 'voice-busy';

export type AcceptCheck = { ok: true; task: Task } | { ok: false; reason: AcceptRefusal };

/**
 * What changed, for listeners (every change means a new `snapshot`). `state`
 * carries the new state and why; `accepted` the task the agent just accepted.
 */
export type AgentStateChange =
  | { type: 'state'; state: AgentStateName; reason: AgentStateReason }
  | { type: 'accepted'; task: Task }
  | { type: 'tasks' };

/** The time source of the offer countdown. Inject a fake one in tests: no test waits real seconds. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser's clock. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** R9.4: an automatic offer must be accepted within 15 seconds. */
export { DEFAULT_OFFER_TIMEOUT_MS };

export interface AgentStateOptions {
  /** How long an automatic offer waits for Accept (default 15,000 ms). `0` turns the countdown off. */
  offerTimeoutMs?: number;
  clock?: Clock;
}

/** What a task keeps of the offer (or of the interaction started without one). */
function taskOf(offer: TaskOffer): Pick<Task, 'interactionId' | 'channel' | 'from' | 'subject' | 'at' | 'autoAssigned'> {
  return {
    interactionId: offer.interactionId,
    channel: offer.channel,
    from: offer.from,
    subject: offer.subject ?? '',
    at: offer.at,
    autoAssigned: offer.autoAssigned === true,
  };
}

/**
 * The agent's state in a Customer Care desktop, as a pure state machine (no DOM):
 *
 * - **Ready** / **Not Ready** (R9.1), set by the agent (`setState(…, 'agent')`) or
 *   mirrored from the host (`setState(…, 'host')`).
 * - Tasks arrive with `offer()` and wait in the **Queue**; `withdraw()` removes them.
 * - While Ready, a task offered with `autoAssigned` is *offered*: it must be
 *   accepted within `offerTimeoutMs` (R9.4). If not, the agent becomes Not Ready
 *   (reason `offer-timeout`), and every running countdown stops: the tasks stay
 *   in the Queue, no longer auto-offered. Not Ready never starts a countdown.
 * - `accept()` moves a task **In progress** (R9.3); a voice task cannot be
 *   accepted while another voice task is in progress and not ended (R9.5).
 *   Chats and emails are not limited. An automatic voice offer that arrives
 *   during a call waits in the Queue without a countdown (it could not be
 *   accepted), and taking a call stops the countdown of other offered calls.
 * - `end()` marks an in-progress interaction ended (a call that hung up frees
 *   the line); `complete()` removes it when the agent closes the work.
 */
export class AgentStateMachine {
  readonly clock: Clock;
  private current: AgentStateSnapshot;
  private readonly timers = new Map<string, unknown>();
  private readonly listeners = new Set<(change: AgentStateChange) => void>();

  constructor(options: AgentStateOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.current = {
      state: 'not-ready',
      reason: null,
      hostReason: undefined,
      tasks: [],
      offerTimeoutMs: sanitizeTimeout(options.offerTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS),
    };
  }

  get snapshot(): AgentStateSnapshot {
    return this.current;
  }

  get state(): AgentStateName {
    return this.current.state;
  }

  get tasks(): readonly Task[] {
    return this.current.tasks;
  }

  task(interactionId: string): Task | undefined {
    return this.current.tasks.find((t) => t.interactionId === interactionId);
  }

  /** Tasks waiting for Accept (queued or offered), in arrival order. */
  get queue(): Task[] {
    return this.current.tasks.filter((t) => t.status !== 'in-progress');
  }

  /** Tasks accepted and not completed yet, in arrival order. */
  get inProgress(): Task[] {
    return this.current.tasks.filter((t) => t.status === 'in-progress');
  }

  /** A voice interaction is in progress and not ended: a second call cannot be accepted (R9.5). */
  get onCall(): boolean {
    return this.current.tasks.some((t) => t.status === 'in-progress' && t.channel === 'voice' && !t.ended);
  }

  /** Seconds left to accept an offered task (rounded up), or `null` when it has no countdown. */
  secondsLeft(interactionId: string): number | null {
    const deadline = this.task(interactionId)?.deadline;
    if (deadline === null || deadline === undefined) return null;
    return Math.max(0, Math.ceil((deadline - this.clock.now()) / 1000));
  }

  /** Offer countdowns running now. */
  get runningTimers(): number {
    return this.timers.size;
  }

  subscribe(listener: (change: AgentStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops every countdown and forgets the listeners. */
  dispose(): void {
    for (const id of [...this.timers.keys()]) this.stopTimer(id);
    this.listeners.clear();
  }

  // ---- configuration ---------------------------------------------------------

  /** Changes the offer time for offers made from now on (`0`: no countdown; running ones stop). */
  setOfferTimeout(ms: number): void {
    const offerTimeoutMs = sanitizeTimeout(ms);
    if (offerTimeoutMs === this.current.offerTimeoutMs) return;
    const tasks = offerTimeoutMs === 0 ? this.stopCountdowns(this.current.tasks) : this.current.tasks;
    this.current = { ...this.current, offerTimeoutMs, tasks };
    this.notify({ type: 'tasks' });
  }

  // ---- agent state -------------------------------------------------------------

  /**
   * Sets Ready or Not Ready. `agent`: the agent chose it; `host`: the host's
   * `agent.state`, mirrored. Not Ready stops every running countdown (the tasks
   * stay in the Queue). Returns false when the state was already that.
   */
  setState(state: AgentStateName, reason: 'agent' | 'host', hostReason?: string): boolean {
    if (state === this.current.state) {
      if (reason === 'host' && (this.current.reason !== 'host' || this.current.hostReason !== hostReason)) {
        this.current = { ...this.current, reason, hostReason };
        this.notify({ type: 'tasks' });
      }
      return false;
    }
    const tasks = state === 'not-ready' ? this.stopCountdowns(this.current.tasks) : this.current.tasks;
    this.current = { ...this.current, state, reason, hostReason: reason === 'host' ? hostReason : undefined, tasks };
    this.notify({ type: 'state', state, reason });
    return true;
  }

  // ---- tasks -------------------------------------------------------------------

  /**
   * A task arrives in the Queue. While Ready, an `autoAssigned` one starts the
   * countdown. Returns false (and changes nothing) when the id is already known.
   */
  offer(offer: TaskOffer): boolean {
    if (this.task(offer.interactionId)) return false;
    const countdown = this.countsDown(offer.autoAssigned === true, offer.channel);
    const task: Task = {
      ...taskOf(offer),
      status: countdown ? 'offered' : 'queued',
      deadline: countdown ? this.clock.now() + this.current.offerTimeoutMs : null,
      timedOut: false,
      ended: false,
      customer: undefined,
    };
    if (countdown) this.startTimer(task.interactionId, this.current.offerTimeoutMs);
    this.setTasks([...this.current.tasks, task]);
    return true;
  }

  /** The offer is gone (another agent took it, the caller hung up). Returns false when it is not queued. */
  withdraw(interactionId: string): boolean {
    const task = this.task(interactionId);
    if (!task || task.status === 'in-progress') return false;
    this.stopTimer(interactionId);
    this.setTasks(this.current.tasks.filter((t) => t !== task));
    return true;
  }

  /** Records who the task's customer is (for the lists and `cc-accept`); `null` when nobody matches. */
  identify(interactionId: string, customer: TaskCustomer | null): void {
    const task = this.task(interactionId);
    if (!task) return;
    if (task.customer !== undefined && task.customer?.id === customer?.id && task.customer?.name === customer?.name) return;
    this.replace(task, { ...task, customer });
  }

  /** Whether Accept would succeed now, and why not. */
  canAccept(interactionId: string): AcceptCheck {
    this.expireDue();
    const task = this.task(interactionId);
    if (!task) return { ok: false, reason: 'unknown-task' };
    if (task.status === 'in-progress') return { ok: false, reason: 'in-progress' };
    if (task.channel === 'voice' && this.onCall) return { ok: false, reason: 'voice-busy' };
    return { ok: true, task };
  }

  /**
   * Accept (R9.3): the task moves In progress and its countdown stops. An offer
   * whose time is up (even if its timer has not fired yet) has already switched
   * the agent to Not Ready; the task can still be accepted from the Queue.
   */
  accept(interactionId: string): AcceptCheck {
    const check = this.canAccept(interactionId);
    if (!check.ok) return check;
    this.stopTimer(interactionId);
    const task: Task = { ...check.task, status: 'in-progress', deadline: null };
    const tasks = this.current.tasks.map((t) => (t === check.task ? task : t));
    this.current = { ...this.current, tasks: this.releaseVoiceOffers(tasks, task) };
    this.notify({ type: 'accepted', task });
    return { ok: true, task };
  }

  /**
   * The host started the interaction itself (e.g. the agent answered on the
   * phone): a queued task moves In progress, an unknown one is added there.
   */
  start(offer: TaskOffer): Task {
    const existing = this.task(offer.interactionId);
    if (existing?.status === 'in-progress') return existing;
    this.stopTimer(offer.interactionId);
    const task: Task = existing
      ? { ...existing, status: 'in-progress', deadline: null }
      : {
          ...taskOf(offer),
          status: 'in-progress',
          deadline: null,
          timedOut: false,
          ended: false,
          customer: undefined,
        };
    const tasks = existing ? this.current.tasks.map((t) => (t === existing ? task : t)) : [...this.current.tasks, task];
    this.setTasks(this.releaseVoiceOffers(tasks, task));
    return task;
  }

  /** The interaction ended (the call hung up): it stays In progress, but no longer holds the voice line. */
  end(interactionId: string): void {
    const task = this.task(interactionId);
    if (task?.status === 'in-progress' && !task.ended) this.replace(task, { ...task, ended: true });
  }

  /** The agent closed the work: the task leaves In progress. */
  complete(interactionId: string): void {
    const task = this.task(interactionId);
    if (task?.status === 'in-progress') this.setTasks(this.current.tasks.filter((t) => t !== task));
  }

  // ---- internals -----------------------------------------------------------------

  private countsDown(autoAssigned: boolean, channel: InteractionChannel): boolean {
    return autoAssigned && this.current.state === 'ready' && this.current.offerTimeoutMs > 0 && !(channel === 'voice' && this.onCall);
  }

  private startTimer(interactionId: string, ms: number): void {
    this.stopTimer(interactionId);
    this.timers.set(interactionId, this.clock.setTimeout(() => this.expire(interactionId), ms));
  }

  private stopTimer(interactionId: string): void {
    if (!this.timers.has(interactionId)) return;
    this.clock.clearTimeout(this.timers.get(interactionId));
    this.timers.delete(interactionId);
  }

  /** Runs a timeout whose time is up even if the timer is late (timers are never early, but may be late). */
  private expireDue(): void {
    const now = this.clock.now();
    const due = this.current.tasks.find((t) => t.status === 'offered' && t.deadline !== null && t.deadline <= now);
    if (due) this.expire(due.interactionId);
  }

  /** R9.4: the offer was not accepted in time. */
  private expire(interactionId: string): void {
    this.timers.delete(interactionId);
    const task = this.task(interactionId);
    if (task?.status !== 'offered') return;
    const tasks = this.stopCountdowns(this.current.tasks).map((t) => (t.interactionId === interactionId ? { ...t, timedOut: true } : t));
    if (this.current.state === 'ready') {
      this.current = { ...this.current, state: 'not-ready', reason: 'offer-timeout', hostReason: undefined, tasks };
      this.notify({ type: 'state', state: 'not-ready', reason: 'offer-timeout' });
    } else this.setTasks(tasks);
  }

  /**
   * A call just went In progress: other calls offered with a countdown could
   * not be accepted any more (R9.5), so their countdowns stop (no timeout for
   * them) and they wait in the Queue.
   */
  private releaseVoiceOffers(tasks: Task[], started: Task): Task[] {
    if (started.channel !== 'voice') return tasks;
    return tasks.map((t) => {
      if (t.status !== 'offered' || t.channel !== 'voice') return t;
      this.stopTimer(t.interactionId);
      return { ...t, status: 'queued', deadline: null };
    });
  }

  /** Every offered task goes back to the Queue without a countdown. */
  private stopCountdowns(tasks: readonly Task[]): Task[] {
    return tasks.map((t) => {
      if (t.status !== 'offered') return t;
      this.stopTimer(t.interactionId);
      return { ...t, status: 'queued', deadline: null };
    });
  }

  private replace(old: Task, task: Task): void {
    this.setTasks(this.current.tasks.map((t) => (t === old ? task : t)));
  }

  private setTasks(tasks: Task[]): void {
    this.current = { ...this.current, tasks };
    this.notify({ type: 'tasks' });
  }

  private notify(change: AgentStateChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

function sanitizeTimeout(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}
