// The pure pieces of <task-queue>: how a task is named and shown, and whether it can be accepted.
import { html } from 'lit';
import { msg } from '@lit/localize';
import { fullName, type Contact, type Request } from '../../model/index.js';
import type { AcceptRefusal, Clock, Task } from '../../session/agent-state.js';

/** The browser's clock, when none is given. */
export const browserClock: Clock = { now: () => Date.now(), setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as number) };

/** A contact's points (phone, email, chat id), as one line. */
export function contactText(from: Contact): string {
  return [from.phone, from.email, from.chatId].filter(Boolean).join(', ');
}

/** An address with break opportunities after `@` and before dots (where it may wrap when shown whole), as text. */
export function breakable(address: string) {
  return address.split(/(?<=@)|(?=\.)/).map((part, i) => (i ? html`<wbr />${part}` : part));
}

/** How a task is named: its customer, else the name or contact points it came with. */
export function taskName(task: Task): string {
  return (task.customer && fullName(task.customer)) || task.from.name || contactText(task.from) || msg('Unknown contact');
}

/** Why Accept is refused, as shown beside it and announced. */
export function refusalText(reason: AcceptRefusal): string {
  switch (reason) {
    case 'voice-busy':
      return msg('You are on a call. Only one call at a time: finish it before accepting another.');
    case 'in-progress':
      return msg('This task is already in progress.');
    case 'unknown-task':
      return msg('This task is no longer in the queue.');
  }
}

/** Why a task cannot be accepted now (R9.5), or null: the session decides, this only shows it before the agent tries. */
export function acceptRefusal(tasks: readonly Task[], task: Task): AcceptRefusal | null {
  if (task.status === 'in-progress') return 'in-progress';
  const onCall = tasks.some((t) => t.status === 'in-progress' && t.channel === 'voice' && !t.ended);
  return task.channel === 'voice' && onCall ? 'voice-busy' : null;
}

/** Seconds left to accept an offered task (rounded up), or `null` when it has no countdown. */
export function secondsLeft(task: Task, clock: Clock): number | null {
  return task.deadline === null ? null : Math.max(0, Math.ceil((task.deadline - clock.now()) / 1000));
}

/** A request as the agent recognises it: its title, or "(untitled request)". */
export function requestTitle(request: Pick<Request, 'title'>): string {
  return request.title.trim() || msg('(untitled request)');
}
