import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../../src/components/task-queue/define.js';
import type { TaskQueue } from '../../../src/components/task-queue/define.js';
import { AgentStateMachine, type TaskOffer } from '../../../src/session/agent-state.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { drive } from './drive.js';
import '../../helpers/a11y.js';

const offer = (id: string, overrides: Partial<TaskOffer> = {}): TaskOffer => ({
  interactionId: id,
  channel: 'chat',
  from: { chatId: `guest-${id}`, name: `Guest ${id}` },
  subject: `Subject ${id}`,
  at: '2026-11-22T10:00:00.000Z',
  ...overrides,
});

/** The notice's text, '' when absent (strings, not elements: a failing comparison stays readable). */
const notice = (el: TaskQueue) => el.shadowRoot!.querySelector('[part=timeout-notice]')?.textContent?.trim() ?? '';
const pressed = (el: TaskQueue, part: string) => el.shadowRoot!.querySelector(`[part=${part}]`)!.getAttribute('aria-pressed');
function taskButton(el: TaskQueue, id: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[data-task]')].find((b) => b.dataset.task === id);
  if (!found) throw new Error(`no task ${id}`);
  return found;
}

/** Selects a task and presses Accept, with the keyboard. */
async function acceptWithKeyboard(el: TaskQueue, id: string): Promise<void> {
  taskButton(el, id).focus();
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
  el.shadowRoot!.querySelector<HTMLElement>('[part=accept-button]')!.focus();
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

describe('<task-queue>: the Not Ready notice after an offer timeout goes once the agent accepts', () => {
  let clock: FakeClock;
  let machine: AgentStateMachine;
  let el: TaskQueue;

  let stop: () => void;

  beforeEach(async () => {
    clock = new FakeClock();
    machine = new AgentStateMachine({ clock });
    el = await fixture<TaskQueue>(html`<task-queue></task-queue>`);
    stop = drive(el, machine);
    await el.updateComplete;
  });
  afterEach(() => {
    stop();
    machine.dispose();
  });

  /** Ready, an automatic offer, 15 s without Accept: Not Ready with the notice. */
  async function timeOut(id: string): Promise<void> {
    machine.setState('ready', 'agent');
    machine.offer(offer(id, { autoAssigned: true }));
    await el.updateComplete;
    clock.tick(15_000);
    await el.updateComplete;
    expect(machine.state).to.equal('not-ready');
    expect(notice(el), 'the notice after the timeout').to.contain('not accepted within 15 seconds');
  }

  it('accepting the task that timed out (keyboard) removes the notice; the agent stays Not Ready', async () => {
    await timeOut('a1');
    await acceptWithKeyboard(el, 'a1');
    expect(machine.task('a1')!.status).to.equal('in-progress');
    expect(notice(el)).to.equal('');
    expect(pressed(el, 'not-ready-button')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('accepting another task removes it too, and a later timeout shows it again', async () => {
    machine.offer(offer('c1'));
    await timeOut('a2');
    await acceptWithKeyboard(el, 'c1');
    expect(machine.task('c1')!.status).to.equal('in-progress');
    expect(notice(el)).to.equal('');

    el.shadowRoot!.querySelector<HTMLElement>('[part=ready-button]')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await timeOut('a3');
  });

  it('the notice goes when the task it speaks of is no longer in the Queue (withdrawn)', async () => {
    await timeOut('a4');
    machine.withdraw('a4');
    await el.updateComplete;
    expect(notice(el)).to.equal('');
  });
});
